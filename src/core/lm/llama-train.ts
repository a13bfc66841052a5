/**
 * The Llama family as a trainable tfjs graph over a batch (llama.ts runs the same graph on typed
 * arrays, one position at a time, for generation): idx [B, T] → embedding → nLayers ×
 * [x + o_proj(attn(rope(q), rope(k), v)); x + down(silu(gate(h)) ⊙ up(h))] with h = rmsnorm(x) →
 * rmsnorm → head (tied to the embedding or lm_head) → logits [B, T, V].
 *
 * Weights are tf.Variables by Hugging Face name in the nn.Linear [out, in] layout (llama-config.ts),
 * so a fine-tuned model exports as a copy. The interface is GptModel's (params, forward, loss, rng),
 * so the GPT trainer and AdamW drive it unchanged. There is no dropout (Llama has none), so `training` changes nothing.
 *
 * Every projection goes through `proj`, where a LoRA adapter (lora.ts) adds its low-rank update.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../util/rng';
import type { ForwardOptions } from './gpt';
import { llamaTensorSpecs, numel, validateLlamaConfig, type LlamaConfig } from './llama-config';
import type { LinearAdapter } from './lora';
import { attention, causalMaskBias, crossEntropyFromLogits, embedding, matMul } from './ops';


export interface LlamaTrainModel {
  readonly family: 'llama';
  readonly config: LlamaConfig;
  /** Every tensor by HF name ([out, in] for projections), in llamaTensorSpecs order. */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** idx [B, T] int32 → logits [B, T, V] (caller disposes). Positions start at 0 (no cache). */
  forward(idx: tf.Tensor2D, opts?: ForwardOptions): tf.Tensor3D;
  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, opts?: ForwardOptions): tf.Scalar;
  /** The low-rank updates of adapted projections (null: none). */
  adapter: LinearAdapter | null;
  /**
   * The model's own weights get no gradients (LoRA: lora.ts sets it): their gradient matMuls and
   * the embedding's scatter are skipped, where the hand-written ops would compute and drop them.
   */
  frozen: boolean;
  rngState(): number;
  setRngState(state: number): void;
  /** Current weights as plain arrays (HF names). */
  weights(): Promise<Map<string, Float32Array>>;
  dispose(): void;
}

/** x [..., in] · wᵀ for an nn.Linear weight w [out, in] → [..., out] (gradients: plain matMuls). */
function linearT(x: tf.Tensor2D, w: tf.Tensor): tf.Tensor2D {
  return matMul(x, tf.transpose(w)) as tf.Tensor2D;
}

/**
 * x · wᵀ for a weight that gets no gradient: only dx = dy · w backwards. w is a variable (never
 * disposed by a tidy), captured rather than an input of the op, so no gradient for it is made.
 */
function frozenLinearT(x: tf.Tensor2D, w: tf.Tensor): tf.Tensor2D {
  const op = tf.customGrad((tx) => ({
    value: tf.matMul(tx as tf.Tensor2D, tf.transpose(w) as tf.Tensor2D),
    gradFunc: (dy) => [tf.matMul(dy as tf.Tensor2D, w as tf.Tensor2D)],
  }));
  return op(x) as tf.Tensor2D;
}

/** RMSNorm over the last axis: x · rsqrt(mean(x²) + eps) · weight (HF LlamaRMSNorm, in float32). */
function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), weight);
}

/** HF rotate_half: [x1, x2] → [−x2, x1] over the last axis. */
function rotateHalf(x: tf.Tensor4D): tf.Tensor4D {
  const half = x.shape[3] / 2;
  const [a, b] = tf.split(x, [half, half], 3);
  return tf.concat([tf.neg(b!), a!], 3) as tf.Tensor4D;
}

/** cos and sin tables [seqLen, headDim] (the angle repeated over both halves), as llama.ts computes them. */
function ropeTables(c: LlamaConfig): { cos: Float32Array; sin: Float32Array } {
  const hd = c.headDim;
  const half = hd / 2;
  const cos = new Float32Array(c.seqLen * hd);
  const sin = new Float32Array(c.seqLen * hd);
  for (let p = 0; p < c.seqLen; p++) {
    for (let i = 0; i < half; i++) {
      const theta = Math.fround(p * Math.fround(1 / c.ropeTheta ** ((2 * i) / hd)));
      cos[p * hd + i] = cos[p * hd + i + half] = Math.cos(theta);
      sin[p * hd + i] = sin[p * hd + i + half] = Math.sin(theta);
    }
  }
  return { cos, sin };
}

export function createLlamaTrain(config: LlamaConfig, weights: ReadonlyMap<string, Float32Array>, seed = 1337): LlamaTrainModel {
  const problem = validateLlamaConfig(config);
  if (problem) throw new Error(`Invalid Llama config: ${problem}`);
  const params = new Map<string, tf.Variable>();
  for (const spec of llamaTensorSpecs(config)) {
    const w = weights.get(spec.name);
    if (!w || w.length !== numel(spec.shape)) {
      for (const v of params.values()) v.dispose();
      throw new Error(`${spec.name}: missing or not [${spec.shape.join(', ')}]`);
    }
    const init = tf.tensor(w, spec.shape);
    params.set(spec.name, tf.variable(init, true));
    init.dispose();
  }
  return new LlamaTrain(config, params, seed);
}

class LlamaTrain implements LlamaTrainModel {
  readonly family = 'llama' as const;
  adapter: LinearAdapter | null = null;
  frozen = false;
  private readonly mask: tf.Tensor2D;
  private readonly cos: tf.Tensor2D;
  private readonly sin: tf.Tensor2D;
  private rng: Rng;

  constructor(
    readonly config: LlamaConfig,
    readonly params: Map<string, tf.Variable>,
    private readonly seed: number,
  ) {
    this.mask = causalMaskBias(config.seqLen);
    const { cos, sin } = ropeTables(config);
    this.cos = tf.tensor2d(cos, [config.seqLen, config.headDim]);
    this.sin = tf.tensor2d(sin, [config.seqLen, config.headDim]);
    this.rng = createRng(seed);
  }

  rngState(): number {
    return this.rng.state();
  }

  setRngState(state: number): void {
    this.rng = createRng(this.seed, state);
  }

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`Missing parameter ${name}`);
    return v;
  }

  /** The projection `module` (an HF module path) of x [N, in] → [N, out], with its adapter's update. */
  private proj(x: tf.Tensor2D, module: string): tf.Tensor2D {
    const w = this.p(`${module}.weight`);
    const y = this.frozen ? frozenLinearT(x, w) : linearT(x, w);
    return this.adapter ? this.adapter(module, x, y) : y;
  }

  private rope(x: tf.Tensor4D, T: number): tf.Tensor4D {
    const hd = this.config.headDim;
    const cos = tf.slice(this.cos, [0, 0], [T, hd]);
    const sin = tf.slice(this.sin, [0, 0], [T, hd]);
    return tf.add(tf.mul(x, cos), tf.mul(rotateHalf(x), sin)) as tf.Tensor4D;
  }

  /** Grouped-query attention of layer i on h [B·T, dim] → [B·T, dim] (after o_proj). */
  private attention(h: tf.Tensor2D, i: number, B: number, T: number): tf.Tensor2D {
    const { nHeads: H, nKvHeads: KV, headDim: hd } = this.config;
    const pre = `model.layers.${i}.self_attn.`;
    const heads = (t: tf.Tensor2D, n: number) => tf.transpose(tf.reshape(t, [B, T, n, hd]), [0, 2, 1, 3]) as tf.Tensor4D;
    const q = this.rope(heads(this.proj(h, `${pre}q_proj`), H), T);
    let k = this.rope(heads(this.proj(h, `${pre}k_proj`), KV), T);
    let v = heads(this.proj(h, `${pre}v_proj`), KV);
    if (KV !== H) {
      // repeat_interleave over heads: query head j reads kv head ⌊j / (H/KV)⌋ (a rank-3 tile: tfjs
      // has no rank-5 tile gradient).
      const rep = (t: tf.Tensor4D) => tf.reshape(tf.tile(tf.reshape(t, [B * KV, 1, T * hd]), [1, H / KV, 1]), [B, H, T, hd]) as tf.Tensor4D;
      k = rep(k);
      v = rep(v);
    }
    const mask = T === this.config.seqLen ? this.mask : tf.slice(this.mask, [0, 0], [T, T]);
    const y = attention(q, k, v, mask); // [B, H, T, hd]
    const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, H * hd]) as tf.Tensor2D;
    return this.proj(merged, `${pre}o_proj`);
  }

  forward(idx: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor3D {
    if (opts.cache) throw new Error('The trainable Llama has no cache: generate with llama.ts');
    const [B, T] = idx.shape;
    const c = this.config;
    if (T > c.seqLen) throw new Error(`Sequence of ${T} tokens exceeds the context length ${c.seqLen}`);
    return tf.tidy(() => {
      const table = this.p('model.embed_tokens.weight');
      // Frozen: a plain gather, whose gradient (needing UnsortedSegmentSum) is never asked for.
      let x = (this.frozen ? tf.gather(table, tf.reshape(idx, [-1])) : tf.reshape(embedding(table, idx), [B * T, c.dim])) as tf.Tensor2D;
      for (let i = 0; i < c.nLayers; i++) {
        const pre = `model.layers.${i}.`;
        x = tf.add(x, this.attention(rmsNorm(x, this.p(`${pre}input_layernorm.weight`), c.normEps) as tf.Tensor2D, i, B, T));
        const h = rmsNorm(x, this.p(`${pre}post_attention_layernorm.weight`), c.normEps) as tf.Tensor2D;
        const gate = this.proj(h, `${pre}mlp.gate_proj`);
        const act = tf.mul(tf.mul(gate, tf.sigmoid(gate)), this.proj(h, `${pre}mlp.up_proj`)) as tf.Tensor2D;
        x = tf.add(x, this.proj(act, `${pre}mlp.down_proj`));
      }
      const h = rmsNorm(x, this.p('model.norm.weight'), c.normEps) as tf.Tensor2D;
      const head = this.p(c.tiedEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');
      return tf.reshape(this.frozen ? frozenLinearT(h, head) : linearT(h, head), [B, T, c.vocabSize]) as tf.Tensor3D;
    });
  }

  loss(idx: tf.Tensor2D, targets: tf.Tensor2D, opts: ForwardOptions = {}): tf.Scalar {
    return tf.tidy(() => {
      const logits = this.forward(idx, opts);
      const [B, T, V] = logits.shape;
      return crossEntropyFromLogits(tf.reshape(logits, [B * T, V]), tf.reshape(targets, [B * T]));
    });
  }

  async weights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, v] of this.params) out.set(name, (await v.data()) as Float32Array);
    return out;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    tf.dispose([this.mask, this.cos, this.sin]);
  }
}
