/**
 * GPT-2-style decoder in tfjs with explicit variables (nanoGPT's model.py, same graph):
 * token + learned position embeddings → nLayer × [x + attn(ln_1(x)); x + mlp(ln_2(x))] → ln_f →
 * logits = h · wteᵀ (tied head). Causal multi-head self-attention, MLP 4× with GELU, optional
 * biases and dropout (embeddings, attention weights, residual branches).
 *
 * Shapes: idx [B, T] int32 → logits [B, T, V]; C = nEmbd, H = nHead, hd = C / H.
 * Parameters are tf.Variables named as Hugging Face GPT-2 tensors (see paramSpecs), in the same
 * [in, out] layout, so export is a copy. dispose() frees them and the mask.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../util/rng';
import { paramSpecs, validateGptConfig, type GptConfig } from './gpt-config';
import type { KvCache } from './kv-cache';
import type { LinearAdapter } from './lora';
import { attention, attentionBlock, causalMaskBias, crossEntropyFromLogits, dropoutKeep, embedding, fusedCausalAttention, gelu, layerNorm, linear, matMulTransB, mlpBlock, normalArray } from './ops';

export interface ForwardOptions {
  /** Dropout on (masks drawn from the model's seeded rng). Default false. */
  training?: boolean;
  /** Incremental decoding: idx holds only the new tokens, at positions cache.length…; the cache grows. */
  cache?: KvCache;
}

export interface GptModel {
  readonly config: GptConfig;
  /** Every trainable tensor by Hugging Face GPT-2 name, in paramSpecs order. */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** idx [B, T] int32 → logits [B, T, V] (caller disposes). */
  forward(idx: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor3D;
  /** Mean next-token cross-entropy of logits(idx) [B, T, V] against targets [B, T] int32 (caller disposes). */
  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, opts?: ForwardOptions): tf.Scalar;
  /** Low-rank updates of adapted projections (lora.ts); null or absent: none. */
  adapter?: LinearAdapter | null;
  /** State of the rng that draws dropout masks (checkpointed with the weights). */
  rngState(): number;
  setRngState(state: number): void;
  dispose(): void;
}

export interface CreateGptOptions {
  /** Seeds the initialisation and the dropout masks. Default 1337 (nanoGPT). */
  seed?: number;
  /** Initial values by parameter name (e.g. from a checkpoint); missing names are initialised. */
  weights?: ReadonlyMap<string, Float32Array>;
}

/**
 * nanoGPT _init_weights: Linear and Embedding weights ~ N(0, 0.02), biases 0, LayerNorm 1/0;
 * the residual projections (attn.c_proj and mlp.c_proj weights) ~ N(0, 0.02/√(2·nLayer)).
 */
function initialValue(name: string, size: number, nLayer: number, rng: Rng): Float32Array {
  if (name.endsWith('.bias')) return new Float32Array(size);
  if (/(^|\.)ln_(1|2|f)\./.test(name)) return new Float32Array(size).fill(1);
  const std = name.endsWith('c_proj.weight') ? 0.02 / Math.sqrt(2 * nLayer) : 0.02;
  return normalArray(size, std, rng.next);
}

/** createGpt(config, seed) or createGpt(config, { seed, weights }). */
export function createGpt(config: GptConfig, seedOrOpts: number | CreateGptOptions = {}): GptModel {
  const opts: CreateGptOptions = typeof seedOrOpts === 'number' ? { seed: seedOrOpts } : seedOrOpts;
  const problem = validateGptConfig(config);
  if (problem) throw new Error(`Invalid GPT config: ${problem}`);
  const seed = opts.seed ?? 1337;
  const rng = createRng(seed);
  const params = new Map<string, tf.Variable>();
  for (const spec of paramSpecs(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const given = opts.weights?.get(spec.name);
    if (given && given.length !== size) throw new Error(`${spec.name}: expected ${size} values, got ${given.length}`);
    const values = given ?? initialValue(spec.name, size, config.nLayer, rng);
    // Unnamed: tfjs variable names are global, and several models may live side by side.
    const init = tf.tensor(values, spec.shape);
    params.set(spec.name, tf.variable(init, true));
    init.dispose();
  }
  return new Gpt({ ...config }, params, rng, seed);
}

class Gpt implements GptModel {
  private readonly mask: tf.Tensor2D;
  private readonly eps: number;
  adapter: LinearAdapter | null = null;

  constructor(
    readonly config: GptConfig,
    readonly params: Map<string, tf.Variable>,
    private rng: Rng,
    private readonly seed: number,
  ) {
    this.mask = causalMaskBias(config.blockSize);
    this.eps = config.layerNormEps ?? 1e-5;
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

  private opt(name: string): tf.Tensor | undefined {
    return this.params.get(name);
  }

  private dropping(training: boolean): boolean {
    return training && this.config.dropout > 0;
  }

  private dropout(x: tf.Tensor, training: boolean): tf.Tensor {
    if (!this.dropping(training)) return x;
    return tf.mul(x, dropoutKeep(x.shape, this.config.dropout, this.rng.int(2 ** 31)));
  }

  private ln(x: tf.Tensor, name: string): tf.Tensor {
    return layerNorm(x, this.p(`${name}.weight`), this.opt(`${name}.bias`), this.eps);
  }

  private lin(x: tf.Tensor, name: string): tf.Tensor {
    const y = linear(x, this.p(`${name}.weight`), this.opt(`${name}.bias`));
    if (!this.adapter) return y;
    const nIn = x.shape[x.rank - 1]!;
    const y2 = this.adapter(name, tf.reshape(x, [-1, nIn]) as tf.Tensor2D, tf.reshape(y, [-1, y.shape[y.rank - 1]!]) as tf.Tensor2D);
    return tf.reshape(y2, y.shape);
  }

  /** x + the MLP of block i on x [B, T, C]: one fused op where nothing comes between its parts. */
  private mlp(x: tf.Tensor, i: number, training: boolean): tf.Tensor {
    const kind = this.config.gelu ?? 'exact';
    const n = (name: string) => `h.${i}.${name}`;
    if (kind === 'exact' && !this.adapter && !this.dropping(training)) {
      const w = { lnW: this.p(n('ln_2.weight')), lnB: this.opt(n('ln_2.bias')), fcW: this.p(n('mlp.c_fc.weight')), fcB: this.opt(n('mlp.c_fc.bias')) };
      return mlpBlock(x, { ...w, projW: this.p(n('mlp.c_proj.weight')), projB: this.opt(n('mlp.c_proj.bias')) }, this.eps);
    }
    const hidden = gelu(this.lin(this.ln(x, n('ln_2')), n('mlp.c_fc')), kind); // [B, T, 4C]
    return tf.add(x, this.dropout(this.lin(hidden, n('mlp.c_proj')), training));
  }

  /** Causal self-attention of block i on x [B, T, C] whose first position is pos0 → [B, T, C]. */
  private attention(x: tf.Tensor, i: number, pos0: number, training: boolean, cache?: KvCache): tf.Tensor {
    const [B, T, C] = x.shape as [number, number, number];
    const H = this.config.nHead;
    const hd = C / H;
    const qkv = this.lin(x, `h.${i}.attn.c_attn`); // [B, T, 3C]: q, k, v concatenated
    const fused = cache || this.dropping(training) ? null : fusedCausalAttention(qkv, H);
    if (fused) return this.dropout(this.lin(fused, `h.${i}.attn.c_proj`), training);
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, hd]), [0, 2, 1, 3]) as tf.Tensor4D;
    const [q, k, v] = tf.split(qkv, 3, 2).map(heads) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D]; // [B, H, T, hd]
    const [kAll, vAll] = cache ? cache.append(i, k, v) : [k, v]; // [B, H, S, hd], S = pos0 + T
    const S = pos0 + T;
    const mask = pos0 === 0 && T === this.config.blockSize ? this.mask : tf.slice(this.mask, [pos0, 0], [T, S]);
    const keep = this.dropping(training) ? dropoutKeep([B, H, T, S], this.config.dropout, this.rng.int(2 ** 31)) : undefined;
    const y = attention(q, kAll, vAll, mask, keep); // [B, H, T, hd]
    const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B, T, C]);
    return this.dropout(this.lin(merged, `h.${i}.attn.c_proj`), training);
  }

  forward(idx: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor3D {
    const training = opts.training ?? false;
    const cache = opts.cache;
    const [B, T] = idx.shape;
    const pos0 = cache?.length ?? 0;
    if (pos0 + T > this.config.blockSize) {
      throw new Error(`Sequence of ${pos0 + T} tokens exceeds the context length ${this.config.blockSize}`);
    }
    const { nEmbd: C, nLayer, vocabSize: V } = this.config;
    const logits = tf.tidy(() => {
      const tok = embedding(this.p('wte.weight'), idx); // [B, T, C]
      const pos = tf.slice(this.p('wpe.weight'), [pos0, 0], [T, C]); // [T, C]
      let x = this.dropout(tf.add(tok, pos), training);
      for (let i = 0; i < nLayer; i++) {
        const n = (name: string) => `h.${i}.${name}`;
        // The attention half as one fused op where nothing comes between its parts.
        const w = { lnW: this.p(n('ln_1.weight')), lnB: this.opt(n('ln_1.bias')), qkvW: this.p(n('attn.c_attn.weight')), qkvB: this.opt(n('attn.c_attn.bias')) };
        const fusedHalf = cache || this.adapter || this.dropping(training) ? null : attentionBlock(x, { ...w, projW: this.p(n('attn.c_proj.weight')), projB: this.opt(n('attn.c_proj.bias')) }, this.config.nHead, this.eps);
        x = fusedHalf ?? tf.add(x, this.attention(this.ln(x, n('ln_1')), i, pos0, training, cache));
        x = this.mlp(x, i, training);
      }
      const h = this.ln(x, 'ln_f');
      // Tied head: logits = h · wteᵀ (plain matMuls both ways, wte read transposed in place).
      const flat = matMulTransB(tf.reshape(h, [B * T, C]) as tf.Tensor2D, this.p('wte.weight') as tf.Tensor2D);
      return tf.reshape(flat, [B, T, V]) as tf.Tensor3D;
    });
    if (cache) cache.length = pos0 + T;
    return logits;
  }

  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, opts: ForwardOptions = {}): tf.Scalar {
    return tf.tidy(() => {
      const logits = this.forward(idx, opts);
      const [B, T, V] = logits.shape;
      return crossEntropyFromLogits(tf.reshape(logits, [B * T, V]), tf.reshape(targets, [B * T]));
    });
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.mask.dispose();
  }
}
