/**
 * BERT encoders from Hugging Face folders (issue 11): config.json → BertConfig, the tensor names and
 * shapes a config implies, and the model card. Plain data, no tfjs: the main thread reads a dropped
 * folder with this before anything is kept (MODEL-FORMATS.md §2).
 *
 * Names are kept as a BertModel folder spells them (`embeddings.…`, `encoder.layer.N.…`,
 * `pooler.dense.…`); a BertForSequenceClassification folder prefixes them with `bert.` and adds
 * `classifier.weight/bias`, which are kept under those names. Linear weights are [out, in] (torch).
 */
import { ModelImportError } from './llama-config';

export interface BertConfig {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocab: number;
  eps: number;
  /** hidden_dropout_prob: applied after embeddings, attention output, FFN output and before the classifier while fine-tuning. */
  dropout: number;
  /** The classifier's labels when the folder has one (id2label in id order), else []. */
  labels: string[];
}

export interface BertTensorSpec {
  name: string;
  shape: number[];
}

type Json = Record<string, unknown>;

function num(c: Json, key: string, fallback?: number): number {
  const v = c[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelImportError(`config.json: ${key} must be a number.`);
  return v;
}

export function bertConfigFromHf(c: Json): BertConfig {
  const act = c.hidden_act ?? 'gelu';
  if (act !== 'gelu') throw new ModelImportError(`config.json: hidden_act ${JSON.stringify(act)} is not supported (BERT uses "gelu", the exact erf form).`);
  const pos = c.position_embedding_type ?? 'absolute';
  if (pos !== 'absolute') throw new ModelImportError(`config.json: position_embedding_type ${JSON.stringify(pos)} is not supported; BERT models with absolute positions load.`);
  const config: BertConfig = {
    vocabSize: num(c, 'vocab_size'), hidden: num(c, 'hidden_size'), layers: num(c, 'num_hidden_layers'), heads: num(c, 'num_attention_heads'),
    intermediate: num(c, 'intermediate_size'), maxPositions: num(c, 'max_position_embeddings', 512), typeVocab: num(c, 'type_vocab_size', 2),
    eps: num(c, 'layer_norm_eps', 1e-12), dropout: num(c, 'hidden_dropout_prob', 0.1), labels: labelsOf(c),
  };
  const problem = validateBertConfig(config);
  if (problem) throw new ModelImportError(`config.json: ${problem}.`);
  return config;
}

function labelsOf(c: Json): string[] {
  const map = c.id2label;
  if (typeof map !== 'object' || map === null) return [];
  const entries = Object.entries(map as Record<string, unknown>).map(([k, v]) => [Number(k), String(v)] as const);
  if (entries.some(([k]) => !Number.isInteger(k) || k < 0 || k >= entries.length)) return [];
  const out: string[] = new Array<string>(entries.length);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

export function validateBertConfig(c: BertConfig): string | null {
  const ints: [string, number][] = [['vocab_size', c.vocabSize], ['hidden_size', c.hidden], ['num_hidden_layers', c.layers], ['num_attention_heads', c.heads], ['intermediate_size', c.intermediate], ['max_position_embeddings', c.maxPositions], ['type_vocab_size', c.typeVocab]];
  for (const [k, v] of ints) if (!Number.isInteger(v) || v < 1 || v > 1_000_000) return `${k} must be a whole number from 1 to 1,000,000 (it is ${v})`;
  if (c.hidden % c.heads !== 0) return `hidden_size ${c.hidden} is not divisible by num_attention_heads ${c.heads}`;
  if (c.maxPositions < 3) return 'max_position_embeddings must leave room for [CLS] and [SEP]';
  if (!(c.eps > 0)) return 'layer_norm_eps must be positive';
  if (!(c.dropout >= 0 && c.dropout < 1)) return 'hidden_dropout_prob must be from 0 to below 1';
  return null;
}

/** Every encoder tensor (BertModel names), in the order the tfjs layer holds them. */
export function bertTensorSpecs(c: BertConfig): BertTensorSpec[] {
  const H = c.hidden;
  const I = c.intermediate;
  const specs: BertTensorSpec[] = [
    { name: 'embeddings.word_embeddings.weight', shape: [c.vocabSize, H] },
    { name: 'embeddings.position_embeddings.weight', shape: [c.maxPositions, H] },
    { name: 'embeddings.token_type_embeddings.weight', shape: [c.typeVocab, H] },
    { name: 'embeddings.LayerNorm.weight', shape: [H] },
    { name: 'embeddings.LayerNorm.bias', shape: [H] },
  ];
  for (let l = 0; l < c.layers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const qkv of ['query', 'key', 'value']) specs.push({ name: `${p}attention.self.${qkv}.weight`, shape: [H, H] }, { name: `${p}attention.self.${qkv}.bias`, shape: [H] });
    specs.push(
      { name: `${p}attention.output.dense.weight`, shape: [H, H] }, { name: `${p}attention.output.dense.bias`, shape: [H] },
      { name: `${p}attention.output.LayerNorm.weight`, shape: [H] }, { name: `${p}attention.output.LayerNorm.bias`, shape: [H] },
      { name: `${p}intermediate.dense.weight`, shape: [I, H] }, { name: `${p}intermediate.dense.bias`, shape: [I] },
      { name: `${p}output.dense.weight`, shape: [H, I] }, { name: `${p}output.dense.bias`, shape: [H] },
      { name: `${p}output.LayerNorm.weight`, shape: [H] }, { name: `${p}output.LayerNorm.bias`, shape: [H] },
    );
  }
  specs.push({ name: 'pooler.dense.weight', shape: [H, H] }, { name: 'pooler.dense.bias', shape: [H] });
  return specs;
}

export const countBertParams = (c: BertConfig): number => bertTensorSpecs(c).reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);

/** What the card shows before a BERT encoder is used (plain data). */
export interface BertCard {
  family: 'bert';
  architecture: string;
  source: string;
  layers: number;
  heads: number;
  dim: number;
  hiddenDim: number;
  vocabSize: number;
  contextLength: number;
  params: number;
  tokenizer: string;
  /** The classifier in the folder: its labels (BertForSequenceClassification), or none (BertModel). */
  classifierLabels: string[];
  /** float32 weights plus activations of one 128-token text. */
  inferenceBytes: number;
  /** Fine-tuning with Adam(W): weights, gradients, two moments, plus activations for batch 16 × 128 tokens. */
  fineTuneBytes: number;
}

export function bertCard(c: BertConfig, source: string, tokenizer: string): BertCard {
  const params = countBertParams(c);
  const L = Math.min(128, c.maxPositions);
  // Per token and layer, the kept activations are ~ 8·H + 2·I floats plus heads·L attention weights.
  const act = (batch: number) => 4 * batch * L * c.layers * (8 * c.hidden + 2 * c.intermediate + 2 * c.heads * L);
  return {
    family: 'bert', architecture: 'BERT encoder (post-LayerNorm, learned positions, GELU, tanh pooler)', source,
    layers: c.layers, heads: c.heads, dim: c.hidden, hiddenDim: c.intermediate, vocabSize: c.vocabSize, contextLength: c.maxPositions,
    params, tokenizer, classifierLabels: c.labels, inferenceBytes: 4 * params + act(1), fineTuneBytes: 16 * params + act(16),
  };
}
