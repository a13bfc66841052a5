/**
 * Small BERT Hugging Face folders generated in code (config.json, model.safetensors, tokenizer.json
 * with a lowercasing WordPiece model), for the unit tests, the journey and the bench: no fixture
 * files. Plain TS without tfjs or Node APIs, so a journey can run it in the page or in Node.
 */
import { bertTensorSpecs, type BertConfig } from './bert-config';
import { safetensorsOf, type Dtype } from './pretrained-test-files';

export const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** A seeded, non-cryptographic stream (mulberry32) so folders are reproducible without tfjs. */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** WordPiece vocabulary: specials, whole words, then single letters/digits and their ## forms (every word of a–z0–9 tokenizes without [UNK]). */
export function bertVocab(words: readonly string[]): string[] {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const punct = '.,!?\'"-:;()&£$%/'.split('');
  const out = [...BERT_SPECIALS];
  const seen = new Set(out);
  for (const t of [...words, ...chars, ...chars.map((c) => `##${c}`), ...punct]) {
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/** BERT's tokenizer.json: BertNormalizer (lowercase), BertPreTokenizer, WordPiece, [CLS] $A [SEP]. */
export function bertTokenizerJson(vocab: readonly string[], lowercase = true): Record<string, unknown> {
  const id = (t: string) => vocab.indexOf(t);
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: BERT_SPECIALS.map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
}

export const tinyBertConfig = (over: Partial<BertConfig> = {}): BertConfig => ({
  vocabSize: 64, hidden: 16, layers: 2, heads: 2, intermediate: 32, maxPositions: 40, typeVocab: 2, eps: 1e-12, dropout: 0.1, labels: [], ...over,
});

/** Random weights (normal-ish 0.02·√3 uniform for matrices, LayerNorm ~1, biases small) by HF BertModel name. */
export function randomBertWeights(c: BertConfig, seed = 1): Map<string, Float32Array> {
  const r = stream(seed);
  const out = new Map<string, Float32Array>();
  for (const s of bertTensorSpecs(c)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(n);
    const norm = s.name.includes('LayerNorm');
    for (let i = 0; i < n; i++) {
      const u = r() * 2 - 1;
      a[i] = norm && s.name.endsWith('weight') ? 1 + 0.1 * u : s.shape.length === 1 ? 0.05 * u : 0.2 * u;
    }
    out.set(s.name, a);
  }
  return out;
}

export function hfBertConfig(c: BertConfig, classifier: boolean): Record<string, unknown> {
  const labels = classifier ? { id2label: Object.fromEntries(c.labels.map((l, i) => [String(i), l])), label2id: Object.fromEntries(c.labels.map((l, i) => [l, i])) } : {};
  return {
    architectures: [classifier ? 'BertForSequenceClassification' : 'BertModel'], model_type: 'bert', vocab_size: c.vocabSize, hidden_size: c.hidden,
    num_hidden_layers: c.layers, num_attention_heads: c.heads, intermediate_size: c.intermediate, hidden_act: 'gelu', hidden_dropout_prob: c.dropout,
    attention_probs_dropout_prob: c.dropout, max_position_embeddings: c.maxPositions, type_vocab_size: c.typeVocab, initializer_range: 0.02,
    layer_norm_eps: c.eps, pad_token_id: 0, position_embedding_type: 'absolute', torch_dtype: 'float32', ...labels,
  };
}

export interface BertFolderOptions {
  /** A BertForSequenceClassification folder (bert. prefix, classifier for c.labels); default a BertModel folder. */
  classifier?: { weight: Float32Array; bias: Float32Array };
  dtype?: Dtype;
  vocab: readonly string[];
}

export function hfBertFolder(c: BertConfig, weights: ReadonlyMap<string, Float32Array>, o: BertFolderOptions): Map<string, Uint8Array> {
  const enc = new TextEncoder();
  const prefix = o.classifier ? 'bert.' : '';
  const entries = bertTensorSpecs(c).map((s) => [prefix + s.name, weights.get(s.name)!, s.shape] as [string, Float32Array, number[]]);
  if (o.classifier) entries.push(['classifier.weight', o.classifier.weight, [c.labels.length, c.hidden]], ['classifier.bias', o.classifier.bias, [c.labels.length]]);
  return new Map([
    ['config.json', enc.encode(JSON.stringify(hfBertConfig(c, !!o.classifier)))],
    ['model.safetensors', safetensorsOf(entries, o.dtype ?? 'F32')],
    ['tokenizer.json', enc.encode(JSON.stringify(bertTokenizerJson(o.vocab)))],
  ]);
}

/** A random classifier [labels, hidden] for a folder. */
export function randomClassifier(c: BertConfig, seed = 3): { weight: Float32Array; bias: Float32Array } {
  const r = stream(seed);
  return { weight: Float32Array.from({ length: c.labels.length * c.hidden }, () => 0.3 * (r() * 2 - 1)), bias: Float32Array.from({ length: c.labels.length }, () => 0.1 * (r() * 2 - 1)) };
}
