/**
 * Encoder–decoder (T5-style) configuration, parameter list and size estimates. Pure data.
 *
 * With the T5 options (relative position bias, RMSNorm, tied embeddings) the parameters are named
 * and shaped as Hugging Face T5ForConditionalGeneration's (`shared.weight`, `encoder.block.0.layer.0
 * .SelfAttention.q.weight`, …) except that Linear weights are stored [in, out] (the transpose of
 * nn.Linear's), which is what the matMuls want; export transposes them.
 */
import type { ParamSpec } from '../lm/gpt-config';

export type PositionKind = 't5' | 'learned' | 'sinusoidal';
export type NormKind = 'rms' | 'layer';

export interface Seq2SeqConfig {
  /** One vocabulary for both sides (T5's `shared` table); a separate target tokenizer is offset into it. */
  vocabSize: number;
  dModel: number;
  nHeads: number;
  /** Per-head width (T5 d_kv). */
  dKv: number;
  dFf: number;
  nEncoderLayers: number;
  nDecoderLayers: number;
  /** Longest source / target sequence in tokens (target includes the end token). */
  maxSourceLen: number;
  maxTargetLen: number;
  position: PositionKind;
  norm: NormKind;
  /** Output head = the embedding table, scaled by d_model^-0.5 (T5 tie_word_embeddings). */
  tieEmbeddings: boolean;
  /** T5 relative_attention_num_buckets / max_distance. */
  relBuckets: number;
  relMaxDistance: number;
  dropout: number;
  /** Norm epsilon: T5's 1e-6. */
  eps: number;
}

export const PAD_ID = 0;
export const EOS_ID = 1;
export const UNK_ID = 2;
/** T5's decoder_start_token_id is the pad id. */
export const DECODER_START_ID = PAD_ID;

export interface Seq2SeqPreset {
  id: 'tiny' | 'small';
  label: string;
  model: Omit<Seq2SeqConfig, 'vocabSize' | 'maxSourceLen' | 'maxTargetLen'>;
}

const T5_DEFAULTS = { position: 't5', norm: 'rms', tieEmbeddings: true, relBuckets: 32, relMaxDistance: 128, eps: 1e-6 } as const;

export const SEQ2SEQ_PRESETS: readonly Seq2SeqPreset[] = [
  { id: 'tiny', label: 'Tiny (2 + 2 layers, 64 wide)', model: { ...T5_DEFAULTS, dModel: 64, nHeads: 4, dKv: 16, dFf: 256, nEncoderLayers: 2, nDecoderLayers: 2, dropout: 0 } },
  { id: 'small', label: 'Small (3 + 3 layers, 128 wide)', model: { ...T5_DEFAULTS, dModel: 128, nHeads: 4, dKv: 32, dFf: 512, nEncoderLayers: 3, nDecoderLayers: 3, dropout: 0.1 } },
];

export function validateSeq2SeqConfig(c: Seq2SeqConfig): string | null {
  const positive = ['vocabSize', 'dModel', 'nHeads', 'dKv', 'dFf', 'nEncoderLayers', 'nDecoderLayers', 'maxSourceLen', 'maxTargetLen', 'relBuckets', 'relMaxDistance'] as const;
  for (const k of positive) if (!Number.isInteger(c[k]) || c[k] < 1) return `${k} must be a positive whole number (got ${c[k]})`;
  if (c.vocabSize < 3) return 'the vocabulary needs at least the pad, end and unknown tokens';
  if (!(c.dropout >= 0 && c.dropout < 1)) return `dropout must be in [0, 1) (got ${c.dropout})`;
  if (c.relBuckets % 2 !== 0) return 'relBuckets must be even';
  return null;
}

// One parameter tensor: the GPT's shape (core/lm/gpt-config.ts), here named as Hugging Face T5's.
export type { ParamSpec };

/** Every parameter in a fixed order. */
export function paramSpecs(c: Seq2SeqConfig): ParamSpec[] {
  const d = c.dModel;
  const inner = c.nHeads * c.dKv;
  const out: ParamSpec[] = [{ name: 'shared.weight', shape: [c.vocabSize, d] }];
  const norm = (name: string) => {
    out.push({ name: `${name}.weight`, shape: [d] });
    if (c.norm === 'layer') out.push({ name: `${name}.bias`, shape: [d] });
  };
  const attn = (name: string, relBias: boolean) => {
    for (const p of ['q', 'k', 'v']) out.push({ name: `${name}.${p}.weight`, shape: [d, inner] });
    out.push({ name: `${name}.o.weight`, shape: [inner, d] });
    if (relBias && c.position === 't5') out.push({ name: `${name}.relative_attention_bias.weight`, shape: [c.relBuckets, c.nHeads] });
  };
  const ff = (name: string) => {
    out.push({ name: `${name}.DenseReluDense.wi.weight`, shape: [d, c.dFf] });
    out.push({ name: `${name}.DenseReluDense.wo.weight`, shape: [c.dFf, d] });
  };
  if (c.position === 'learned') {
    out.push({ name: 'encoder.embed_positions.weight', shape: [c.maxSourceLen, d] });
    out.push({ name: 'decoder.embed_positions.weight', shape: [c.maxTargetLen, d] });
  }
  for (let i = 0; i < c.nEncoderLayers; i++) {
    const b = `encoder.block.${i}.layer`;
    attn(`${b}.0.SelfAttention`, i === 0);
    norm(`${b}.0.layer_norm`);
    ff(`${b}.1`);
    norm(`${b}.1.layer_norm`);
  }
  norm('encoder.final_layer_norm');
  for (let i = 0; i < c.nDecoderLayers; i++) {
    const b = `decoder.block.${i}.layer`;
    attn(`${b}.0.SelfAttention`, i === 0);
    norm(`${b}.0.layer_norm`);
    attn(`${b}.1.EncDecAttention`, false);
    norm(`${b}.1.layer_norm`);
    ff(`${b}.2`);
    norm(`${b}.2.layer_norm`);
  }
  norm('decoder.final_layer_norm');
  if (!c.tieEmbeddings) out.push({ name: 'lm_head.weight', shape: [d, c.vocabSize] });
  return out;
}

export function countParams(c: Seq2SeqConfig): number {
  return paramSpecs(c).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}

export interface MemoryEstimate {
  params: number;
  weightBytes: number;
  /** Weights + gradients + two Adam moments. */
  optimizerBytes: number;
  /** Activations kept for the backward pass of one batch (float32, rough). */
  activationBytes: number;
  trainingBytes: number;
}

/**
 * Rough activation count per layer: ~10 d-wide and 2 dFf-wide vectors per position, the attention
 * probabilities (heads × length × keys); the decoder adds cross-attention; plus the logits.
 */
export function estimateMemory(c: Seq2SeqConfig, batchSize: number): MemoryEstimate {
  const params = countParams(c);
  const weightBytes = 4 * params;
  const [S, T, B, d, H] = [c.maxSourceLen, c.maxTargetLen, batchSize, c.dModel, c.nHeads];
  const perPos = 10 * d + 2 * c.dFf;
  const enc = c.nEncoderLayers * B * (S * perPos + H * S * S);
  const dec = c.nDecoderLayers * B * (T * (perPos + 4 * d) + H * T * T + H * T * S);
  const logits = 3 * B * T * c.vocabSize;
  const activationBytes = 4 * (enc + dec + logits);
  const optimizerBytes = 4 * weightBytes;
  return { params, weightBytes, optimizerBytes, activationBytes, trainingBytes: optimizerBytes + activationBytes };
}

/** Hugging Face T5's _relative_position_bucket for one relative position (memory − query). */
export function relativeBucket(relative: number, bidirectional: boolean, numBuckets: number, maxDistance: number): number {
  let buckets = 0;
  let n = numBuckets;
  let rp = relative;
  if (bidirectional) {
    n = Math.floor(n / 2);
    if (rp > 0) buckets += n;
    rp = Math.abs(rp);
  } else rp = -Math.min(rp, 0);
  const maxExact = Math.floor(n / 2);
  if (rp < maxExact) return buckets + rp;
  // float32 steps as torch computes them (relative_position.float() / max_exact, log, …).
  const f = Math.fround;
  const large = maxExact + Math.trunc(f(f(f(Math.log(f(rp / maxExact))) / f(Math.log(maxDistance / maxExact))) * (n - maxExact)));
  return buckets + Math.min(large, n - 1);
}

/** Bucket ids [T·S] of queries pos0…pos0+T−1 against keys 0…S−1. */
export function bucketGrid(T: number, S: number, pos0: number, bidirectional: boolean, c: Pick<Seq2SeqConfig, 'relBuckets' | 'relMaxDistance'>): Int32Array {
  const out = new Int32Array(T * S);
  for (let i = 0; i < T; i++) for (let j = 0; j < S; j++) out[i * S + j] = relativeBucket(j - (pos0 + i), bidirectional, c.relBuckets, c.relMaxDistance);
  return out;
}
