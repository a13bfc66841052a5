/**
 * T5-style encoder–decoder in tfjs with explicit variables (Hugging Face modeling_t5's graph):
 *   encoder: embed → n × [x + selfAttn(norm(x)); x + ff(norm(x))] → norm
 *   decoder: embed → n × [x + causalSelfAttn(norm(x)); x + crossAttn(norm(x), enc); x + ff(norm(x))] → norm
 *   logits = h · sharedᵀ · d_model^-0.5 (tied) or h · lm_head.
 * Relative position bias (T5): one table per stack, in its first block, shared by every block;
 * bidirectional buckets in the encoder, causal in the decoder, none in cross-attention. With
 * learned or sinusoidal positions the bias is absent and positions are added to the embeddings.
 * Pre-norm RMSNorm (T5) or LayerNorm; FF is ReLU (T5 v1.0); no Linear biases; no score scaling.
 *
 * Shapes: src [B, S] int32 (pad 0 is masked out as a key), tgtIn [B, T] int32 (starts with the
 * decoder start id 0) → logits [B, T, V].
 */
import * as tf from '@tensorflow/tfjs';
import { dropoutKeep, embedding, layerNorm, linear, matMul, normalArray } from '../lm/ops';
import { createRng, type Rng } from '../util/rng';
import { bucketGrid, PAD_ID, paramSpecs, validateSeq2SeqConfig, type Seq2SeqConfig } from './config';
import { attentionProbs, biasedAttention, rmsNorm, sinusoidTable, smoothedCrossEntropy } from './ops';

export interface Seq2SeqBatch {
  src: tf.Tensor2D;
  tgtIn: tf.Tensor2D;
  tgtOut: tf.Tensor2D;
  /** 1 where tgtOut is a real token (loss counted), 0 on padding. [B, T] float32. */
  tgtWeight: tf.Tensor2D;
}

/** The encoder's output and what the decoder needs of the source. */
export interface Encoded {
  hidden: tf.Tensor3D;
  /** Additive key mask [B, 1, 1, S]: −1e9 at source padding. */
  mask: tf.Tensor4D;
}

/**
 * Decoder state for incremental decoding: per block the self-attention keys/values of every
 * position decoded so far [B, H, L, hd] and the cross-attention keys/values of the encoder output
 * (computed once). The cache owns its tensors (kept out of tf.tidy); dispose() when done.
 */
export class DecoderCache {
  private selfK: (tf.Tensor4D | null)[];
  private selfV: (tf.Tensor4D | null)[];
  cross: ([tf.Tensor4D, tf.Tensor4D] | undefined)[] = [];
  /** Target positions cached so far. */
  length = 0;

  constructor(nLayers: number) {
    this.selfK = new Array<tf.Tensor4D | null>(nLayers).fill(null);
    this.selfV = new Array<tf.Tensor4D | null>(nLayers).fill(null);
  }

  /** Appends one block's new keys/values; returns all of them (owned by the cache). */
  append(layer: number, k: tf.Tensor4D, v: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
    const [ok, ov] = [this.selfK[layer] ?? null, this.selfV[layer] ?? null];
    const nk = tf.keep(ok ? tf.concat([ok, k], 2) : tf.clone(k));
    const nv = tf.keep(ov ? tf.concat([ov, v], 2) : tf.clone(v));
    ok?.dispose();
    ov?.dispose();
    this.selfK[layer] = nk;
    this.selfV[layer] = nv;
    return [nk, nv];
  }

  /** Keeps rows `rows` of every cached tensor, in that order (beam search reordering). */
  reorder(rows: readonly number[]): void {
    const idx = tf.tensor1d(rows as number[], 'int32');
    const pick = (t: tf.Tensor4D | null) => (t ? (tf.keep(tf.gather(t, idx)) as tf.Tensor4D) : null);
    const old = [...this.selfK, ...this.selfV, ...this.cross.flatMap((kv) => kv ?? [])];
    this.selfK = this.selfK.map(pick);
    this.selfV = this.selfV.map(pick);
    this.cross = this.cross.map((kv) => (kv ? [pick(kv[0])!, pick(kv[1])!] : undefined));
    tf.dispose(old.filter((t): t is tf.Tensor4D => t !== null));
    idx.dispose();
  }

  dispose(): void {
    tf.dispose([...this.selfK, ...this.selfV, ...this.cross.flatMap((kv) => kv ?? [])].filter((t): t is tf.Tensor4D => t !== null));
    this.selfK.fill(null);
    this.selfV.fill(null);
    this.cross = [];
    this.length = 0;
  }
}

export interface DecodeOptions {
  training?: boolean;
  cache?: DecoderCache;
  /** Receives the last decoder block's cross-attention probabilities, mean over heads [B, T, S]. */
  onCrossAttention?: (probs: tf.Tensor3D) => void;
}

export interface Seq2SeqModel {
  readonly config: Seq2SeqConfig;
  readonly params: ReadonlyMap<string, tf.Variable>;
  encode(src: tf.Tensor2D, training?: boolean): Encoded;
  decode(tgtIn: tf.Tensor2D, enc: Encoded, opts?: DecodeOptions): tf.Tensor3D;
  forward(src: tf.Tensor2D, tgtIn: tf.Tensor2D, training?: boolean): tf.Tensor3D;
  loss(batch: Seq2SeqBatch, labelSmoothing?: number, training?: boolean): tf.Scalar;
  rngState(): number;
  setRngState(state: number): void;
  dispose(): void;
}

export interface CreateSeq2SeqOptions {
  seed?: number;
  weights?: ReadonlyMap<string, Float32Array>;
}

/** Hugging Face T5PreTrainedModel._init_weights (factor 1). */
function initStd(name: string, c: Seq2SeqConfig): number {
  const d = c.dModel;
  if (name === 'shared.weight') return 1;
  if (name.endsWith('.q.weight')) return (d * c.dKv) ** -0.5;
  if (name.endsWith('.o.weight')) return (c.nHeads * c.dKv) ** -0.5;
  if (name.endsWith('.wo.weight')) return c.dFf ** -0.5;
  return d ** -0.5; // k, v, wi, relative bias, lm_head, learned positions
}

export function createSeq2Seq(config: Seq2SeqConfig, opts: CreateSeq2SeqOptions = {}): Seq2SeqModel {
  const problem = validateSeq2SeqConfig(config);
  if (problem) throw new Error(`Invalid model: ${problem}`);
  const seed = opts.seed ?? 42;
  const rng = createRng(seed);
  const params = new Map<string, tf.Variable>();
  for (const spec of paramSpecs(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const given = opts.weights?.get(spec.name);
    if (given && given.length !== size) throw new Error(`${spec.name}: expected ${size} values, got ${given.length}`);
    let values = given;
    if (!values) {
      if (spec.name.endsWith('layer_norm.weight')) values = new Float32Array(size).fill(1);
      else if (spec.name.endsWith('.bias')) values = new Float32Array(size);
      else values = normalArray(size, initStd(spec.name, config), rng.next);
    }
    const init = tf.tensor(values, spec.shape);
    params.set(spec.name, tf.variable(init, true));
    init.dispose();
  }
  return new T5Model({ ...config }, params, rng, seed);
}

class T5Model implements Seq2SeqModel {
  private readonly sinusoid: tf.Tensor2D | null;

  constructor(
    readonly config: Seq2SeqConfig,
    readonly params: Map<string, tf.Variable>,
    private rng: Rng,
    private readonly seed: number,
  ) {
    const n = Math.max(config.maxSourceLen, config.maxTargetLen);
    this.sinusoid = config.position === 'sinusoidal' ? tf.tensor2d(sinusoidTable(n, config.dModel), [n, config.dModel]) : null;
  }

  rngState(): number {
    return this.rng.state();
  }
  setRngState(state: number): void {
    this.rng = createRng(this.seed, state);
  }

  private p(name: string): tf.Tensor {
    const v = this.params.get(name);
    if (!v) throw new Error(`Missing parameter ${name}`);
    return v;
  }

  private norm(x: tf.Tensor, name: string): tf.Tensor {
    if (this.config.norm === 'layer') return layerNorm(x, this.p(`${name}.weight`), this.p(`${name}.bias`), this.config.eps);
    return rmsNorm(x, this.p(`${name}.weight`), this.config.eps);
  }

  private dropout(x: tf.Tensor, training: boolean): tf.Tensor {
    if (!training || this.config.dropout === 0) return x;
    return tf.mul(x, dropoutKeep(x.shape, this.config.dropout, this.rng.int(2 ** 31)));
  }

  private heads(x: tf.Tensor): tf.Tensor4D {
    const [B, T] = x.shape as [number, number, number];
    return tf.transpose(tf.reshape(x, [B, T, this.config.nHeads, this.config.dKv]), [0, 2, 1, 3]) as tf.Tensor4D;
  }

  private merge(y: tf.Tensor): tf.Tensor {
    const [B, H, T, hd] = y.shape as [number, number, number, number];
    return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B, T, H * hd]);
  }

  /** Position bias [1, H, T, S] of a stack's first block, or null without T5 positions. */
  private positionBias(stack: 'encoder' | 'decoder', T: number, S: number, pos0: number): tf.Tensor | null {
    if (this.config.position !== 't5') return null;
    const ids = tf.tensor2d(bucketGrid(T, S, pos0, stack === 'encoder', this.config), [T, S], 'int32');
    const table = this.p(`${stack}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`);
    const b = embedding(table, ids); // [T, S, H]
    return tf.expandDims(tf.transpose(b, [2, 0, 1]), 0);
  }

  private embed(ids: tf.Tensor2D, stack: 'encoder' | 'decoder', pos0: number, training: boolean): tf.Tensor {
    const [, T] = ids.shape;
    const d = this.config.dModel;
    let x = embedding(this.p('shared.weight'), ids);
    if (this.config.position === 'learned') x = tf.add(x, tf.slice(this.p(`${stack}.embed_positions.weight`), [pos0, 0], [T, d]));
    else if (this.sinusoid) x = tf.add(x, tf.slice(this.sinusoid, [pos0, 0], [T, d]));
    return this.dropout(x, training);
  }

  private ff(x: tf.Tensor, name: string, training: boolean): tf.Tensor {
    const h = this.dropout(tf.relu(linear(x, this.p(`${name}.DenseReluDense.wi.weight`), undefined)), training);
    return linear(h, this.p(`${name}.DenseReluDense.wo.weight`), undefined);
  }

  encode(src: tf.Tensor2D, training = false): Encoded {
    const [B, S] = src.shape;
    if (S > this.config.maxSourceLen) throw new Error(`Source of ${S} tokens exceeds the longest source (${this.config.maxSourceLen})`);
    return tf.tidy(() => {
      const mask = tf.reshape(tf.mul(tf.cast(tf.equal(src, PAD_ID), 'float32'), -1e9), [B, 1, 1, S]) as tf.Tensor4D;
      const bias = this.positionBias('encoder', S, S, 0);
      let x = this.embed(src, 'encoder', 0, training);
      for (let i = 0; i < this.config.nEncoderLayers; i++) {
        const b = `encoder.block.${i}.layer`;
        const h = this.norm(x, `${b}.0.layer_norm`);
        const a = `${b}.0.SelfAttention`;
        const q = this.heads(linear(h, this.p(`${a}.q.weight`), undefined));
        const k = this.heads(linear(h, this.p(`${a}.k.weight`), undefined));
        const v = this.heads(linear(h, this.p(`${a}.v.weight`), undefined));
        const y = linear(this.merge(biasedAttention(q, k, v, bias, mask)), this.p(`${a}.o.weight`), undefined);
        x = tf.add(x, this.dropout(y, training));
        x = tf.add(x, this.dropout(this.ff(this.norm(x, `${b}.1.layer_norm`), `${b}.1`, training), training));
      }
      const hidden = this.dropout(this.norm(x, 'encoder.final_layer_norm'), training) as tf.Tensor3D;
      return { hidden, mask };
    });
  }

  decode(tgtIn: tf.Tensor2D, enc: Encoded, opts: DecodeOptions = {}): tf.Tensor3D {
    const training = opts.training ?? false;
    const cache = opts.cache;
    const [B, T] = tgtIn.shape;
    const pos0 = cache?.length ?? 0;
    const c = this.config;
    if (pos0 + T > c.maxTargetLen) throw new Error(`Target of ${pos0 + T} tokens exceeds the longest target (${c.maxTargetLen})`);
    const logits = tf.tidy(() => {
      const L = pos0 + T;
      const bias = this.positionBias('decoder', T, L, pos0);
      // Causal: key j > query pos0 + i is masked.
      const causal = new Float32Array(T * L);
      for (let i = 0; i < T; i++) for (let j = pos0 + i + 1; j < L; j++) causal[i * L + j] = -1e9;
      const selfMask = tf.tensor4d(causal, [1, 1, T, L]);
      let x = this.embed(tgtIn, 'decoder', pos0, training);
      for (let i = 0; i < c.nDecoderLayers; i++) {
        const b = `decoder.block.${i}.layer`;
        const a = `${b}.0.SelfAttention`;
        const h = this.norm(x, `${b}.0.layer_norm`);
        const q = this.heads(linear(h, this.p(`${a}.q.weight`), undefined));
        let k = this.heads(linear(h, this.p(`${a}.k.weight`), undefined));
        let v = this.heads(linear(h, this.p(`${a}.v.weight`), undefined));
        if (cache) [k, v] = cache.append(i, k, v);
        const y = linear(this.merge(biasedAttention(q, k, v, bias, selfMask)), this.p(`${a}.o.weight`), undefined);
        x = tf.add(x, this.dropout(y, training));

        const e = `${b}.1.EncDecAttention`;
        const h2 = this.norm(x, `${b}.1.layer_norm`);
        const q2 = this.heads(linear(h2, this.p(`${e}.q.weight`), undefined));
        let kv = cache?.cross[i];
        if (!kv) {
          kv = [this.heads(linear(enc.hidden, this.p(`${e}.k.weight`), undefined)), this.heads(linear(enc.hidden, this.p(`${e}.v.weight`), undefined))];
          if (cache) {
            cache.cross[i] = [tf.keep(kv[0]), tf.keep(kv[1])];
          }
        }
        const y2 = linear(this.merge(biasedAttention(q2, kv[0], kv[1], null, enc.mask)), this.p(`${e}.o.weight`), undefined);
        if (opts.onCrossAttention && i === c.nDecoderLayers - 1) {
          opts.onCrossAttention(tf.keep(tf.mean(attentionProbs(q2, kv[0], enc.mask), 1)) as tf.Tensor3D);
        }
        x = tf.add(x, this.dropout(y2, training));
        x = tf.add(x, this.dropout(this.ff(this.norm(x, `${b}.2.layer_norm`), `${b}.2`, training), training));
      }
      const h = this.dropout(this.norm(x, 'decoder.final_layer_norm'), training);
      const d = c.dModel;
      const flat = tf.reshape(h, [B * T, d]);
      const out = c.tieEmbeddings ? matMul(tf.mul(flat, d ** -0.5), tf.transpose(this.p('shared.weight'))) : matMul(flat, this.p('lm_head.weight'));
      return tf.reshape(out, [B, T, c.vocabSize]) as tf.Tensor3D;
    });
    if (cache) cache.length = pos0 + T;
    return logits;
  }

  forward(src: tf.Tensor2D, tgtIn: tf.Tensor2D, training = false): tf.Tensor3D {
    return tf.tidy(() => {
      const enc = this.encode(src, training);
      return this.decode(tgtIn, enc, { training });
    });
  }

  loss(batch: Seq2SeqBatch, labelSmoothing = 0, training = false): tf.Scalar {
    return tf.tidy(() => {
      const logits = this.forward(batch.src, batch.tgtIn, training);
      const [B, T, V] = logits.shape;
      return smoothedCrossEntropy(tf.reshape(logits, [B * T, V]), tf.reshape(batch.tgtOut, [B * T]), tf.reshape(batch.tgtWeight, [B * T]), labelSmoothing);
    });
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.sinusoid?.dispose();
  }
}
