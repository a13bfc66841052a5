/**
 * GPT training step, as nanoGPT's train.py / the PyTorch reference (shared/bench/gpt-reference/torch_gpt.py):
 * - AdamW (PyTorch semantics): p ← p·(1 − lr·wd) for decayed parameters, then
 *   m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε);
 * - weight decay on rank-≥2 parameters only (Linear weights, and the embeddings: nanoGPT and the
 *   reference decay every parameter with dim ≥ 2, so the tied wte and wpe decay too); never on biases or
 *   LayerNorm. `decayEmbeddings: false` leaves wte/wpe out as well;
 * - global gradient-norm clipping (torch.nn.utils.clip_grad_norm_: g·min(1, clip/(‖g‖+1e-6)));
 * - learning rate: linear warmup lr·(it+1)/(warmup+1), then cosine from lr to minLr until lrDecayIters;
 * - gradient accumulation: the batch is split into gradAccumSteps equal micro-batches whose
 *   mean losses are averaged (same update as the whole batch at once, less memory).
 *
 * Speed (WASM does one kernel at a time): the optimizer works on one flat vector of all parameters,
 * so a step costs ~30 optimizer kernels instead of ~15 per parameter tensor; the loss is the only
 * value a step produces, and it is not read back (the caller reads it when it wants).
 */
import * as tf from '@tensorflow/tfjs';
import type { GptModel } from './gpt';

export interface TrainConfig {
  learningRate: number;
  /** Floor of the cosine decay (nanoGPT min_lr). */
  minLr: number;
  warmupIters: number;
  /** Iteration where the cosine reaches minLr (it stays there after). */
  lrDecayIters: number;
  /** false: constant learningRate (after warmup). Default true. */
  decayLr?: boolean;
  beta1: number;
  beta2: number;
  /** Adam epsilon, default 1e-8 (PyTorch). */
  eps?: number;
  weightDecay: number;
  /** Maximum global gradient norm; 0 turns clipping off. */
  gradClip: number;
  /** Micro-batches per step (the batch's rows must divide evenly). Default 1. */
  gradAccumSteps?: number;
  /** Decay wte and wpe (rank 2) like nanoGPT and the reference. Default true. */
  decayEmbeddings?: boolean;
}

/** nanoGPT get_lr / torch_gpt.py lr_at, for the 0-based iteration it. */
export function lrAt(it: number, c: Pick<TrainConfig, 'learningRate' | 'minLr' | 'warmupIters' | 'lrDecayIters' | 'decayLr'>): number {
  if (it < c.warmupIters) return (c.learningRate * (it + 1)) / (c.warmupIters + 1);
  if (c.decayLr === false) return c.learningRate;
  const span = Math.max(1, c.lrDecayIters - c.warmupIters);
  const r = Math.min(1, (it - c.warmupIters) / span);
  return c.minLr + 0.5 * (1 + Math.cos(Math.PI * r)) * (c.learningRate - c.minLr);
}

/** Optimizer state: Adam moments per parameter (PyTorch's exp_avg / exp_avg_sq) and the step count. */
export interface OptimizerState {
  step: number;
  expAvg: Map<string, Float32Array>;
  expAvgSq: Map<string, Float32Array>;
}

export interface GptTrainer {
  readonly model: GptModel;
  readonly config: TrainConfig;
  /** Optimizer steps taken so far = the 0-based iteration of the next step. */
  readonly stepCount: number;
  /**
   * One optimizer step on x [B, T] int32 → targets y [B, T] int32 (dropout on). Returns the mean
   * training loss before the update as a scalar the caller owns (read it with data() when needed).
   */
  step(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar;
  /** step() and read the loss back. */
  stepAsync(x: tf.Tensor2D, y: tf.Tensor2D): Promise<number>;
  /** Learning rate the next step will use. */
  currentLr(): number;
  /** Global gradient norm of the last step (before clipping); null before the first step. */
  lastGradNorm(): Promise<number | null>;
  getState(): Promise<OptimizerState>;
  setState(state: OptimizerState): void;
  dispose(): void;
}

const isEmbedding = (name: string) => name === 'wte.weight' || name === 'wpe.weight';

export function createTrainer(model: GptModel, config: TrainConfig): GptTrainer {
  return new Trainer(model, config);
}

class Trainer implements GptTrainer {
  private readonly names: string[];
  private readonly vars: tf.Variable[];
  private readonly sizes: number[];
  private readonly shapes: number[][];
  private readonly total: number;
  /** 1 where weight decay applies, 0 elsewhere, over the flat parameter vector. */
  private readonly decayMask: tf.Tensor1D;
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  private gradNorm: tf.Scalar | null = null;
  private t = 0;

  constructor(
    readonly model: GptModel,
    readonly config: TrainConfig,
  ) {
    const accum = config.gradAccumSteps ?? 1;
    if (!Number.isInteger(accum) || accum < 1) throw new Error(`gradAccumSteps must be a positive whole number (got ${accum})`);
    this.names = [...model.params.keys()];
    this.vars = this.names.map((n) => model.params.get(n)!);
    this.sizes = this.vars.map((v) => v.size);
    this.shapes = this.vars.map((v) => v.shape);
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    const mask = new Float32Array(this.total);
    let at = 0;
    this.names.forEach((name, i) => {
      const decays = this.shapes[i]!.length >= 2 && (config.decayEmbeddings !== false || !isEmbedding(name));
      if (decays) mask.fill(1, at, at + this.sizes[i]!);
      at += this.sizes[i]!;
    });
    this.decayMask = tf.tensor1d(mask);
    this.m = tf.zeros([this.total]);
    this.v = tf.zeros([this.total]);
  }

  get stepCount(): number {
    return this.t;
  }

  currentLr(): number {
    return lrAt(this.t, this.config);
  }

  private flatGrads(x: tf.Tensor2D, y: tf.Tensor2D, scale: number): { loss: tf.Scalar; flat: tf.Tensor1D } {
    const { value, grads } = tf.variableGrads(() => {
      const l = this.model.loss(x, y, { training: true });
      return scale === 1 ? l : tf.mul(l, scale);
    }, this.vars);
    const flat = tf.concat(this.vars.map((v) => tf.reshape(grads[v.name]!, [-1]))) as tf.Tensor1D;
    tf.dispose(Object.values(grads));
    return { loss: value, flat };
  }

  step(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const c = this.config;
    const accum = c.gradAccumSteps ?? 1;
    const [B, T] = x.shape;
    if (B % accum !== 0) throw new Error(`Batch of ${B} rows does not split into ${accum} micro-batches`);
    const lr = this.currentLr();
    this.t += 1;
    const t = this.t;
    const { beta1: b1, beta2: b2 } = c;
    const eps = c.eps ?? 1e-8;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const oldNorm = this.gradNorm;
    const [loss, m, v, norm] = tf.tidy(() => {
      let loss: tf.Scalar;
      let g: tf.Tensor1D;
      if (accum === 1) {
        ({ loss, flat: g } = this.flatGrads(x, y, 1));
      } else {
        const mb = B / accum;
        const losses: tf.Scalar[] = [];
        let sum: tf.Tensor1D | null = null;
        for (let k = 0; k < accum; k++) {
          const xs = tf.slice(x, [k * mb, 0], [mb, T]);
          const ys = tf.slice(y, [k * mb, 0], [mb, T]);
          const r = this.flatGrads(xs, ys, 1 / accum);
          losses.push(r.loss);
          sum = sum ? tf.add(sum, r.flat) : r.flat;
        }
        loss = tf.addN(losses) as tf.Scalar; // each already divided by accum
        g = sum!;
      }
      const norm = tf.sqrt(tf.sum(tf.square(g))) as tf.Scalar;
      if (c.gradClip > 0) g = tf.mul(g, tf.minimum(tf.div(c.gradClip, tf.add(norm, 1e-6)), 1));
      const m = tf.add(tf.mul(this.m, b1), tf.mul(g, 1 - b1)) as tf.Tensor1D;
      const v = tf.add(tf.mul(this.v, b2), tf.mul(tf.square(g), 1 - b2)) as tf.Tensor1D;
      const p = tf.concat(this.vars.map((w) => tf.reshape(w, [-1])));
      const decayed = c.weightDecay > 0 ? tf.mul(p, tf.sub(1, tf.mul(this.decayMask, lr * c.weightDecay))) : p;
      const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), eps);
      const next = tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1));
      const pieces = tf.split(next, this.sizes);
      pieces.forEach((piece, i) => this.vars[i]!.assign(tf.reshape(piece, this.shapes[i]!)));
      return [loss, m, v, norm] as const;
    });
    this.m.dispose();
    this.v.dispose();
    this.m = m;
    this.v = v;
    oldNorm?.dispose();
    this.gradNorm = norm;
    return loss;
  }

  async stepAsync(x: tf.Tensor2D, y: tf.Tensor2D): Promise<number> {
    const loss = this.step(x, y);
    const value = (await loss.data())[0]!;
    loss.dispose();
    return value;
  }

  async lastGradNorm(): Promise<number | null> {
    return this.gradNorm ? (await this.gradNorm.data())[0]! : null;
  }

  private split(flat: Float32Array): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    let at = 0;
    this.names.forEach((n, i) => {
      out.set(n, flat.slice(at, at + this.sizes[i]!));
      at += this.sizes[i]!;
    });
    return out;
  }

  async getState(): Promise<OptimizerState> {
    const [m, v] = await Promise.all([this.m.data(), this.v.data()]);
    return { step: this.t, expAvg: this.split(m as Float32Array), expAvgSq: this.split(v as Float32Array) };
  }

  setState(state: OptimizerState): void {
    const join = (parts: Map<string, Float32Array>, what: string) => {
      const flat = new Float32Array(this.total);
      let at = 0;
      this.names.forEach((n, i) => {
        const part = parts.get(n);
        if (!part || part.length !== this.sizes[i]) throw new Error(`Optimizer state: ${what} of ${n} is missing or has the wrong size`);
        flat.set(part, at);
        at += this.sizes[i]!;
      });
      return tf.tensor1d(flat);
    };
    const m = join(state.expAvg, 'exp_avg');
    const v = join(state.expAvgSq, 'exp_avg_sq');
    this.m.dispose();
    this.v.dispose();
    this.m = m;
    this.v = v;
    this.t = state.step;
  }

  dispose(): void {
    tf.dispose([this.m, this.v, this.decayMask]);
    this.gradNorm?.dispose();
    this.gradNorm = null;
  }
}
