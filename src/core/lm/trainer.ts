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
 * Speed: the loss is the only value a step produces, and it is not read back (the caller reads it
 * when it wants); the gradient norm and clipping factor stay on the device.
 */
import * as tf from '@tensorflow/tfjs';
import { gptKernels, heapOffset, heapView, ownsMemory, uninitialised } from '../kernels/gpt-fused';
import { splitRows, type GradPeer } from './data-parallel';
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
  /**
   * step() with the rows shared among peers (other workers' model replicas); same update. A peer
   * that fails has its rows computed here instead, and peerFailure says why.
   */
  stepParallel(x: tf.Tensor2D, y: tf.Tensor2D, peers: readonly GradPeer[]): Promise<tf.Scalar>;
  readonly peerFailure: string | null;
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

interface StepHp {
  lr: number;
  stepSize: number;
  epsHat: number;
}

const isEmbedding = (name: string) => name === 'wte.weight' || name === 'wpe.weight';

export function createTrainer(model: GptModel, config: TrainConfig): GptTrainer {
  return new Trainer(model, config);
}

class Trainer implements GptTrainer {
  private readonly names: string[];
  private readonly vars: tf.Variable[];
  /** Whether weight decay applies, per parameter. */
  private readonly decays: boolean[];
  /** Adam moments, one tensor per parameter (same order as vars). */
  private m: tf.Tensor[];
  private v: tf.Tensor[];
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
    this.decays = this.names.map((name, i) => this.vars[i]!.rank >= 2 && (config.decayEmbeddings !== false || !isEmbedding(name)));
    this.m = this.vars.map((w) => tf.zerosLike(w));
    this.v = this.vars.map((w) => tf.zerosLike(w));
  }

  get stepCount(): number {
    return this.t;
  }

  currentLr(): number {
    return lrAt(this.t, this.config);
  }

  /** Loss and gradients (in vars order) of one micro-batch, the loss scaled by `scale`. */
  private grads(x: tf.Tensor2D, y: tf.Tensor2D, scale: number): { loss: tf.Scalar; grads: tf.Tensor[] } {
    const { value, grads } = tf.variableGrads(() => {
      const l = this.model.loss(x, y, { training: true });
      return scale === 1 ? l : tf.mul(l, scale);
    }, this.vars);
    return { loss: value, grads: this.vars.map((v) => grads[v.name]!) };
  }

  step(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const accum = this.config.gradAccumSteps ?? 1;
    const [B, T] = x.shape;
    if (B % accum !== 0) throw new Error(`Batch of ${B} rows does not split into ${accum} micro-batches`);
    const hp = this.nextStep();
    const oldNorm = this.gradNorm;
    const { loss, m, v, norm } = tf.tidy(() => {
      let loss: tf.Scalar;
      let grads: tf.Tensor[];
      if (accum === 1) {
        ({ loss, grads } = this.grads(x, y, 1));
      } else {
        const mb = B / accum;
        const losses: tf.Scalar[] = [];
        let sum: tf.Tensor[] | null = null;
        for (let k = 0; k < accum; k++) {
          const r = this.grads(tf.slice(x, [k * mb, 0], [mb, T]), tf.slice(y, [k * mb, 0], [mb, T]), 1 / accum);
          losses.push(r.loss);
          sum = sum ? sum.map((s, i) => tf.add(s, r.grads[i]!)) : r.grads;
        }
        loss = tf.addN(losses) as tf.Scalar; // each already divided by accum
        grads = sum!;
      }
      return { loss, ...this.update(grads, hp) };
    });
    this.finishStep(oldNorm, m, v, norm);
    return loss;
  }

  /**
   * step() with the batch's rows shared between this trainer and its peers (data-parallel.ts):
   * the same update, each replica computing the gradients of its rows at once. Falls back to
   * step() without the studio's wasm kernels or peers, or when a micro-batch has one row.
   */
  async stepParallel(x: tf.Tensor2D, y: tf.Tensor2D, peers: readonly GradPeer[]): Promise<tf.Scalar> {
    const k = gptKernels();
    const accum = this.config.gradAccumSteps ?? 1;
    const [B, T] = x.shape;
    if (B % accum !== 0) throw new Error(`Batch of ${B} rows does not split into ${accum} micro-batches`);
    const mb = B / accum;
    const helpers = peers.slice(0, mb - 1);
    if (!k || helpers.length === 0) return this.step(x, y);
    const xs = x.dataSync() as Int32Array;
    const ys = y.dataSync() as Int32Array;
    const hp = this.nextStep();
    const oldNorm = this.gradNorm;
    const exchange = this.exchangeBuffers(helpers.length);
    this.flatWeights(exchange.weights);
    let sendWeights = true;
    let peerLoss = 0;
    type Grads = { loss: tf.Scalar; grads: tf.Tensor[] };
    // The running sum of this step's loss and gradients (own rows, then each peer's added).
    const acc: { cur: Grads | null } = { cur: null };
    const replace = (next: Grads) => {
      if (acc.cur && acc.cur !== next) tf.dispose([acc.cur.loss, ...acc.cur.grads]);
      acc.cur = next;
    };
    try {
      for (let a = 0; a < accum; a++) {
        const parts = splitRows(mb, helpers.length + 1);
        let row = a * mb + parts[0]!;
        const asked = helpers.map((peer, j) => {
          const rows = parts[j + 1]!;
          const req = {
            ...(sendWeights ? { weights: exchange.weights } : {}),
            ...(exchange.grads ? { gradsOut: exchange.grads[j] } : {}),
            x: xs.slice(row * T, (row + rows) * T),
            y: ys.slice(row * T, (row + rows) * T),
            rows,
            T,
            scale: rows / B,
            rngState: (this.model.rngState() + 7919 * (j + 1 + a * 64)) >>> 0,
          };
          row += rows;
          const answer = peer.grads(req);
          answer.catch(() => undefined); // handled below; never an unhandled rejection if this worker's part throws
          return { answer, req };
        });
        sendWeights = false; // once per optimizer step
        const mine: Grads = tf.tidy(() => this.grads(tf.slice(x, [a * mb, 0], [parts[0]!, T]), tf.slice(y, [a * mb, 0], [parts[0]!, T]), parts[0]! / B));
        const prev = acc.cur;
        replace(prev ? tf.tidy(() => ({ loss: tf.add(prev.loss, mine.loss) as tf.Scalar, grads: prev.grads.map((g, i) => tf.add(g, mine.grads[i]!)) })) : mine);
        if (prev) tf.dispose([mine.loss, ...mine.grads]);
        const answers = await Promise.allSettled(asked.map((q) => q.answer));
        answers.forEach((settled, j) => {
          const base = acc.cur!;
          if (settled.status === 'rejected') {
            // A peer failed: do its rows here (same update), and say so (the caller stops asking peers).
            this.peerFailure ??= settled.reason instanceof Error ? settled.reason.message : String(settled.reason);
            const { req } = asked[j]!;
            const theirs: Grads = tf.tidy(() => {
              const px = tf.tensor2d(req.x, [req.rows, T], 'int32');
              const py = tf.tensor2d(req.y, [req.rows, T], 'int32');
              return this.grads(px, py, req.scale);
            });
            replace(tf.tidy(() => ({ loss: tf.add(base.loss, theirs.loss) as tf.Scalar, grads: base.grads.map((g, i) => tf.add(g, theirs.grads[i]!)) })));
            tf.dispose([theirs.loss, ...theirs.grads]);
            return;
          }
          const r = settled.value;
          peerLoss += r.loss;
          const from = r.grads ?? exchange.grads![j]!;
          // The peer's gradients onto the wasm heap in one copy, then one add per parameter.
          const summed = tf.tidy(() => {
            const flat = uninitialised([from.length]);
            heapView(flat).set(from);
            let at = 0;
            return base.grads.map((g) => {
              const sum = uninitialised(g.shape);
              k.addArrays(heapOffset(g), heapOffset(flat) + 4 * at, heapOffset(sum), g.size);
              at += g.size;
              return sum;
            });
          });
          replace({ loss: tf.keep(tf.clone(base.loss)), grads: summed });
        });
      }
      const done = acc.cur!;
      const { loss, m, v, norm } = tf.tidy(() => ({ loss: tf.add(done.loss, peerLoss) as tf.Scalar, ...this.update(done.grads, hp) }));
      this.finishStep(oldNorm, m, v, norm);
      return loss;
    } finally {
      if (acc.cur) tf.dispose([acc.cur.loss, ...acc.cur.grads]);
    }
  }

  private exchange: { weights: Float32Array; grads: Float32Array[] | null } | null = null;
  /** Why a peer failed during stepParallel (its rows were then computed here); null while none has. */
  peerFailure: string | null = null;

  /**
   * Buffers the weights go out and peers' gradients come back in, kept across steps. Shared
   * memory where the page is cross-origin isolated (and in Node): then nothing is copied to post
   * them; otherwise the weights are copied into each message and the gradients come back in it.
   */
  private exchangeBuffers(peers: number): { weights: Float32Array; grads: Float32Array[] | null } {
    const total = this.vars.reduce((n, w) => n + w.size, 0);
    // A SharedArrayBuffer can only be posted from a cross-origin-isolated page (Node: always).
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    const shared = typeof SharedArrayBuffer !== 'undefined' && isolated !== false;
    const make = () => new Float32Array(shared ? new SharedArrayBuffer(4 * total) : new ArrayBuffer(4 * total));
    if (!this.exchange || (this.exchange.grads?.length ?? 0) < peers) {
      this.exchange = { weights: make(), grads: shared ? Array.from({ length: peers }, make) : null };
    }
    return this.exchange;
  }

  /** Every weight, concatenated in parameter order (what peers receive each step), into out. */
  private flatWeights(out: Float32Array): Float32Array {
    let at = 0;
    for (const w of this.vars) {
      out.set(heapView(w), at);
      at += w.size;
    }
    return out;
  }

  /** Advances the step count; the learning rate and Adam's bias-corrected step for this step. */
  private nextStep(): StepHp {
    const lr = this.currentLr();
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this.config;
    const eps = this.config.eps ?? 1e-8;
    const bc1 = 1 - b1 ** this.t;
    const bc2 = 1 - b2 ** this.t;
    // lr/bc1 · m/(√v/√bc2 + ε) = stepSize · m/(√v + ε·√bc2)
    return { lr, stepSize: (lr * Math.sqrt(bc2)) / bc1, epsHat: eps * Math.sqrt(bc2) };
  }

  /** Clipping and AdamW from the step's gradients (inside the caller's tidy). Empty m/v: updated in place. */
  private update(grads: tf.Tensor[], hp: StepHp): { m: tf.Tensor[]; v: tf.Tensor[]; norm: tf.Scalar } {
    const c = this.config;
    const { lr, stepSize, epsHat } = hp;
    const fused = this.fusedUpdate(grads, lr, stepSize, epsHat);
    if (fused) return { norm: fused, m: [], v: [] };
    const { beta1: b1, beta2: b2 } = c;
    // Global norm from one flat vector (concat is cheap; 3 kernels instead of 2 per parameter).
    const norm = tf.sqrt(tf.sum(tf.square(tf.concat(grads.map((g) => tf.reshape(g, [-1])))))) as tf.Scalar;
    const coef = c.gradClip > 0 ? tf.minimum(tf.div(c.gradClip, tf.add(norm, 1e-6)), 1) : null;
    // Per parameter: slicing one flat vector back into pieces would copy the whole vector per
    // piece on tfjs-wasm 4.22 (its Slice kernel reads its entire input first).
    const m: tf.Tensor[] = [];
    const v: tf.Tensor[] = [];
    this.vars.forEach((w, i) => {
      const gi = coef ? tf.mul(grads[i]!, coef) : grads[i]!;
      const mi = tf.add(tf.mul(this.m[i]!, b1), tf.mul(gi, 1 - b1));
      const vi = tf.add(tf.mul(this.v[i]!, b2), tf.mul(tf.square(gi), 1 - b2));
      const upd = tf.mul(tf.div(mi, tf.add(tf.sqrt(vi), epsHat)), stepSize);
      const decay = c.weightDecay > 0 && this.decays[i] ? 1 - lr * c.weightDecay : 1;
      w.assign(tf.sub(decay === 1 ? w : tf.mul(w, decay), upd));
      m.push(mi);
      v.push(vi);
    });
    return { m, v, norm };
  }

  private finishStep(oldNorm: tf.Scalar | null, m: tf.Tensor[], v: tf.Tensor[], norm: tf.Scalar): void {
    if (m.length > 0) {
      tf.dispose([...this.m, ...this.v]);
      this.m = m;
      this.v = v;
    }
    oldNorm?.dispose();
    this.gradNorm = norm;
  }

  /**
   * The same clipping and AdamW update with the studio's wasm kernels: one pass per parameter
   * (instead of ~12 tfjs kernels), moments updated in place. The weights get new memory, as
   * assign() gives them: tfjs-wasm caches XNNPACK's packed copy of a matMul's weights by tensor,
   * so weights changed in place would keep multiplying with their old values.
   * Returns the gradient norm, or null when the kernels are not available or a moment shares
   * its memory with another tensor (an in-place write would show through it).
   */
  private fusedUpdate(grads: tf.Tensor[], lr: number, stepSize: number, epsHat: number): tf.Scalar | null {
    const k = gptKernels();
    if (!k || ![...this.m, ...this.v].every(ownsMemory)) return null;
    const c = this.config;
    let squares = 0;
    for (const g of grads) squares += k.sumSquares(heapOffset(g), g.size);
    const norm = Math.sqrt(squares);
    const coef = c.gradClip > 0 ? Math.min(c.gradClip / (norm + 1e-6), 1) : 1;
    this.vars.forEach((w, i) => {
      const decay = c.weightDecay > 0 && this.decays[i] ? 1 - lr * c.weightDecay : 1;
      const at = (t: tf.Tensor) => heapOffset(t);
      const next = uninitialised(w.shape);
      k.adamW(at(w), at(next), at(grads[i]!), at(this.m[i]!), at(this.v[i]!), w.size, coef, c.beta1, c.beta2, stepSize, epsHat, decay);
      w.assign(next);
    });
    return tf.scalar(norm);
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

  async getState(): Promise<OptimizerState> {
    const read = async (ts: tf.Tensor[]) => new Map(await Promise.all(ts.map(async (t, i) => [this.names[i]!, (await t.data()) as Float32Array] as const)));
    return { step: this.t, expAvg: await read(this.m), expAvgSq: await read(this.v) };
  }

  setState(state: OptimizerState): void {
    const load = (parts: Map<string, Float32Array>, what: string) =>
      this.names.map((n, i) => {
        const part = parts.get(n);
        if (!part || part.length !== this.vars[i]!.size) throw new Error(`Optimizer state: ${what} of ${n} is missing or has the wrong size`);
        return tf.tensor(part, this.vars[i]!.shape);
      });
    const m = load(state.expAvg, 'exp_avg');
    let v: tf.Tensor[];
    try {
      v = load(state.expAvgSq, 'exp_avg_sq');
    } catch (e) {
      tf.dispose(m);
      throw e;
    }
    tf.dispose([...this.m, ...this.v]);
    this.m = m;
    this.v = v;
    this.t = state.step;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
    this.m = [];
    this.v = [];
    this.gradNorm?.dispose();
    this.gradNorm = null;
  }
}
