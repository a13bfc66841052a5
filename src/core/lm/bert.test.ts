/**
 * BERT folders (issue 11): import checks and card, WordPiece tokenization of BERT's tokenizer.json,
 * and the tfjs forward (hidden states, pooler, classifier logits, padding) against a plain-PyTorch
 * forward (reference/bert_reference.py) within 1e-4. The PyTorch part skips without torch.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTorch, torchBert } from './reference/bert-torch';
import { bertEncoder } from '../models/bert-encoder';
import { bertForward, withSpecials } from '../models/bert-layers';
import { bertTensorSpecs, countBertParams } from './bert-config';
import { readBertFolder, type LoadedBert } from './bert-read';
import { bertVocab, hfBertFolder, randomBertWeights, randomClassifier, tinyBertConfig } from './bert-test-files';
import { ModelImportError } from './llama-config';
import { readPretrained } from './pretrained';
import { safetensorsOf } from './pretrained-test-files';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const VOCAB = bertVocab(['hello', 'world', 'free', 'call', 'now', 'un', '##believ', '##able', 'win', 'prize', 'the', 'a']);
const config = tinyBertConfig({ vocabSize: 112 });

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

const errorOf = (f: () => unknown): ModelImportError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ModelImportError) return e;
    throw e;
  }
  throw new Error('expected a ModelImportError');
};

function classifierFolder(dtype: 'F32' | 'F16' = 'F32') {
  const c = { ...config, labels: ['ham', 'spam'] };
  const weights = randomBertWeights(c, 5);
  const head = randomClassifier(c, 9);
  return { c, weights, head, files: hfBertFolder(c, weights, { vocab: VOCAB, classifier: head, dtype }) };
}

describe('BERT folders: import', () => {
  it('reads a BertModel folder (no prefix) and a BertForSequenceClassification folder (bert. + classifier), with their cards', () => {
    const plain = readBertFolder(hfBertFolder(config, randomBertWeights(config, 1), { vocab: VOCAB }));
    expect(plain.classifier).toBeUndefined();
    expect(plain.card).toMatchObject({ family: 'bert', layers: 2, heads: 2, dim: 16, hiddenDim: 32, vocabSize: 112, contextLength: 40, classifierLabels: [] });
    // Hand count: embeddings (112 + 40 + 2)·16 + 2·16; per layer 4·(16·16 + 16) + 2·16 + (16·32 + 32) + (32·16 + 16) + 2·16; pooler 16·16 + 16.
    const perLayer = 4 * (256 + 16) + 32 + 544 + 528 + 32;
    expect(plain.card.params).toBe(154 * 16 + 32 + 2 * perLayer + 272);
    expect(countBertParams(config)).toBe(plain.card.params);
    expect(plain.card.tokenizer).toBe(`WordPiece (tokenizer.json), ${VOCAB.length} tokens, lowercased`);
    expect(plain.card.fineTuneBytes).toBeGreaterThan(plain.card.inferenceBytes);
    expect([plain.clsId, plain.sepId]).toEqual([2, 3]);
    const { files, head } = classifierFolder('F16');
    const cls = readBertFolder(files);
    expect(cls.card.classifierLabels).toEqual(['ham', 'spam']);
    expect(cls.card.source).toBe('Hugging Face safetensors (F16)');
    expect(cls.classifier!.numLabels).toBe(2);
    expect(maxDiff(cls.classifier!.weight, head.weight)).toBeLessThan(1e-3);
  });

  it('names missing, mis-shaped and unexpected tensors; refuses other tokenizers and model types; the LM view points to the Model step', () => {
    const weights = randomBertWeights(config, 1);
    const files = hfBertFolder(config, weights, { vocab: VOCAB });
    const specs = bertTensorSpecs(config);
    const entries = (edit: (n: string, shape: number[]) => number[] | null) =>
      specs.flatMap((t) => {
        const shape = edit(t.name, t.shape);
        return shape ? [[t.name, weights.get(t.name)!.slice(0, shape.reduce((x, y) => x * y, 1)), shape] as [string, Float32Array, number[]]] : [];
      });
    const without = new Map(files);
    // Layer 1's key dropped, the pooler reshaped.
    without.set('model.safetensors', safetensorsOf(entries((n, shape) => (n === 'encoder.layer.1.attention.self.key.weight' ? null : n === 'pooler.dense.weight' ? [8, 32] : shape)), 'F32'));
    const e = errorOf(() => readBertFolder(without));
    expect(e.message).toContain('encoder.layer.1.attention.self.key.weight is missing');
    expect(e.message).toContain('pooler.dense.weight has shape [8, 32], config.json implies [16, 16]');
    const extra = new Map(files);
    extra.set('model.safetensors', safetensorsOf([...entries((_, shape) => shape), ['cls.predictions.bias', new Float32Array(112), [112]]], 'F32'));
    expect(errorOf(() => readBertFolder(extra)).message).toContain('unexpected tensors cls.predictions.bias');
    const bpe = new Map(files);
    bpe.set('tokenizer.json', new TextEncoder().encode(JSON.stringify({ version: '1.0', added_tokens: [], normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '[PAD]': 0, a: 1 }, unk_token: '[PAD]' } })));
    expect(errorOf(() => readBertFolder(bpe)).message).toContain('BERT checkpoints come with a WordPiece tokenizer');
    const noTok = new Map(files);
    noTok.delete('tokenizer.json');
    expect(errorOf(() => readBertFolder(noTok)).message).toContain('no tokenizer.json');
    const gpt = new Map(files);
    gpt.set('config.json', new TextEncoder().encode(JSON.stringify({ model_type: 'gpt2' })));
    expect(errorOf(() => readBertFolder(gpt)).message).toContain('must be "bert"');
    const inLm = errorOf(() => readPretrained(files));
    expect(inLm.message).toContain('This is a BERT encoder (2 layers, 16 wide');
    expect(inLm.hint).toContain('Use a pretrained encoder');
    expect(errorOf(() => readPretrained(without)).message).toContain('is missing');
  });

  it('WordPiece as BERT: lowercased, [UNK] for unknown pieces, ## continuations, punctuation split; [CLS]/[SEP] by the post-processor', () => {
    const { tokenizer } = readBertFolder(hfBertFolder(config, randomBertWeights(config), { vocab: VOCAB }));
    // '™' is a symbol, not punctuation, so "now™" stays one word, and a word with an unmatched rest is one [UNK] (HF's BasicTokenizer + WordPiece);
    // lowercase with strip_accents null also strips accents (BertNormalizer), so 'é' is 'e'.
    const enc = tokenizer.encode('Hello, UNBELIEVABLE world! Call now™ é', { addSpecialTokens: true });
    expect(enc.tokens).toEqual(['[CLS]', 'hello', ',', 'un', '##believ', '##able', 'world', '!', 'call', '[UNK]', 'e', '[SEP]']);
    expect(tokenizer.ids('free prize x9')).toEqual([VOCAB.indexOf('free'), VOCAB.indexOf('prize'), VOCAB.indexOf('x'), VOCAB.indexOf('##9')]);
    expect(tokenizer.decode(tokenizer.ids('hello, world!'))).toBe('hello, world!');
  });
});

const SEQS = [
  [2, 10, 11, 12, 13, 14, 3],
  [2, 20, 21, 3, 0, 0, 0],
  [2, 30, 3, 0, 0, 0, 0],
];
const MASKS = SEQS.map((s, b) => s.map((_, j) => (j < [7, 4, 3][b]! ? 1 : 0)));

async function ours(m: LoadedBert) {
  const tensors = new Map(bertTensorSpecs(m.config).map((t) => [t.name, tf.tensor(m.weights.get(t.name)!, t.shape)]));
  const out = bertForward((n) => tensors.get(n)!, m.config, tf.tensor2d(SEQS, undefined, 'int32'), tf.tensor2d(MASKS));
  const r = { hidden: await out.hidden.data(), pooled: await out.pooled.data() };
  tf.dispose([...tensors.values(), out.hidden, out.pooled]);
  return r;
}

describe('BERT forward against plain PyTorch', () => {
  it.skipIf(!hasTorch)('hidden states and pooler of a BertModel folder match within 1e-4 (padding masked)', async () => {
    const files = hfBertFolder(config, randomBertWeights(config, 2), { vocab: VOCAB });
    const mine = await ours(readBertFolder(files));
    const ref = torchBert(files, SEQS, MASKS);
    // Compare only real positions: padded rows differ by convention (HF still computes them).
    const H = config.hidden;
    const real = (h: ArrayLike<number>) => Array.from(h).filter((_, i) => MASKS[Math.floor(i / (7 * H))]![Math.floor(i / H) % 7] === 1);
    expect(maxDiff(real(mine.hidden), real(ref.hidden))).toBeLessThan(1e-4);
    expect(maxDiff(mine.pooled, ref.pooled)).toBeLessThan(1e-4);
  });

  it.skipIf(!hasTorch)('the fine-tuning model (checkpoint head) gives the classifier logits of PyTorch from pipeline ids (no specials, pad 0)', async () => {
    const { files } = classifierFolder();
    const m = readBertFolder(files);
    const model = bertEncoder.build({ dropout: 0.1, head: 'checkpoint' }, 5, 2, 'classification', 1, {
      pretrained: { arch: { ...m.config, clsId: m.clsId, sepId: m.sepId }, weights: Object.fromEntries(m.weights), ...(m.classifier ? { classifier: m.classifier } : {}) },
    });
    // The pipeline's ids: the text only, padded with 0 to maxLength 5; the model adds [CLS] … [SEP].
    const ids = SEQS.map((s) => [...s.slice(1).filter((t) => t !== 3 && t !== 0), 0, 0, 0, 0, 0].slice(0, 5));
    const spec = withSpecials(tf.tensor2d(ids), 2, 3);
    expect(await spec.seq.array()).toEqual(SEQS);
    expect(await spec.mask.array()).toEqual(MASKS);
    const dense = model.layers[1]!;
    const pooled = model.layers[0]!.apply(tf.tensor2d(ids), { training: false }) as tf.Tensor;
    const logits = await (dense.apply(pooled) as tf.Tensor).data();
    const ref = torchBert(files, SEQS, MASKS);
    expect(maxDiff(logits, ref.logits!)).toBeLessThan(1e-4);
    // Padding after the text changes nothing: the same texts at maxLength 5 vs ids with extra pad.
    const probs = await (model.predict(tf.tensor2d(ids)) as tf.Tensor).data();
    expect(probs[0]! + probs[1]!).toBeCloseTo(1, 5);
    model.dispose();
  });
});
