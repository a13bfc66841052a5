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
import { AdamW, type AdamWConfig, type OptimizerState } from './adamw';
import { splitRows, type GradPeer, type PeerGradRequest, type PeerGradResult } from './data-parallel';
import type { GptModel } from './gpt';
import type { LmOptimizerSettings } from './settings';

export type { OptimizerState } from './adamw';

/** The optimizer fields of a run's settings (settings.ts; a whole LmTrainSettings will do), with the trainer's own switches. */
export interface TrainConfig extends AdamWConfig, Pick<LmOptimizerSettings, 'learningRate' | 'minLr' | 'warmupIters' | 'lrDecayIters'>, Partial<Pick<LmOptimizerSettings, 'gradAccumSteps'>> {
  /** false: constant learningRate (after warmup). Default true. */
  decayLr?: boolean;
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

/** What the trainer needs of a model: the GPT, the trainable Llama (llama-train.ts) or a LoRA view of either (lora.ts). */
export type TrainableLm = Pick<GptModel, 'params' | 'loss' | 'rngState'>;

export interface GptTrainer {
  readonly model: TrainableLm;
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

/** A loss and the gradients of every parameter (vars order). */
interface Grads {
  loss: tf.Scalar;
  grads: tf.Tensor[];
}

const isEmbedding = (name: string) => name === 'wte.weight' || name === 'wpe.weight' || name === 'model.embed_tokens.weight';

export function createTrainer(model: TrainableLm, config: TrainConfig): GptTrainer {
  return new Trainer(model, config);
}

class Trainer implements GptTrainer {
  private readonly vars: tf.Variable[];
  private readonly opt: AdamW;
  private gradNorm: tf.Scalar | null = null;
  /** Buffers the weights go out and peers' gradients come back in (stepParallel), kept across steps. */
  private exchange: { weights: Float32Array; grads: Float32Array[] | null } | null = null;
  peerFailure: string | null = null;

  constructor(
    readonly model: TrainableLm,
    readonly config: TrainConfig,
  ) {
    const accum = config.gradAccumSteps ?? 1;
    if (!Number.isInteger(accum) || accum < 1) throw new Error(`gradAccumSteps must be a positive whole number (got ${accum})`);
    const names = [...model.params.keys()];
    this.vars = names.map((n) => model.params.get(n)!);
    const decays = names.map((name, i) => this.vars[i]!.rank >= 2 && (config.decayEmbeddings !== false || !isEmbedding(name)));
    this.opt = new AdamW(names, this.vars, decays, config);
  }

  get stepCount(): number {
    return this.opt.t;
  }

  currentLr(): number {
    return lrAt(this.opt.t, this.config);
  }

  /** Loss and gradients of rows [row, row + rows) of x → y, the loss scaled by `scale`. */
  private grads(x: tf.Tensor2D, y: tf.Tensor2D, row: number, rows: number, scale: number): Grads {
    return tf.tidy(() => {
      const T = x.shape[1];
      const whole = row === 0 && rows === x.shape[0];
      const xs = whole ? x : tf.slice(x, [row, 0], [rows, T]);
      const ys = whole ? y : tf.slice(y, [row, 0], [rows, T]);
      const { value, grads } = tf.variableGrads(() => {
        const l = this.model.loss(xs, ys, { training: true });
        return scale === 1 ? l : tf.mul(l, scale);
      }, this.vars);
      return { loss: value, grads: this.vars.map((v) => grads[v.name]!) };
    });
  }

  /** a + b (both disposed). */
  private static sum(a: Grads | null, b: Grads): Grads {
    if (!a) return b;
    const out = tf.tidy(() => ({ loss: tf.add(a.loss, b.loss) as tf.Scalar, grads: a.grads.map((g, i) => tf.add(g, b.grads[i]!)) }));
    tf.dispose([a.loss, ...a.grads, b.loss, ...b.grads]);
    return out;
  }

  /** The optimizer update from the step's summed gradients (disposed); returns the loss. */
  private apply(total: Grads): tf.Scalar {
    const lr = this.currentLr();
    const norm = tf.tidy(() => this.opt.update(total.grads, lr));
    tf.dispose(total.grads);
    this.gradNorm?.dispose();
    this.gradNorm = norm;
    return total.loss;
  }

  private microBatches(x: tf.Tensor2D): { accum: number; mb: number } {
    const accum = this.config.gradAccumSteps ?? 1;
    const B = x.shape[0];
    if (B % accum !== 0) throw new Error(`Batch of ${B} rows does not split into ${accum} micro-batches`);
    return { accum, mb: B / accum };
  }

  step(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const { accum, mb } = this.microBatches(x);
    let total: Grads | null = null;
    // Micro-batch losses are each divided by accum: their sum is the mean over the batch.
    for (let a = 0; a < accum; a++) total = Trainer.sum(total, this.grads(x, y, a * mb, mb, 1 / accum));
    return this.apply(total!);
  }

  /**
   * step() with the batch's rows shared between this trainer and its peers (data-parallel.ts):
   * the same update, each replica computing the gradients of its rows at once. Falls back to
   * step() without the studio's wasm kernels or peers, or when a micro-batch has one row.
   */
  async stepParallel(x: tf.Tensor2D, y: tf.Tensor2D, peers: readonly GradPeer[]): Promise<tf.Scalar> {
    const { accum, mb } = this.microBatches(x);
    const helpers = peers.slice(0, mb - 1);
    if (!gptKernels() || helpers.length === 0) return this.step(x, y);
    const [B, T] = x.shape;
    const xs = x.dataSync() as Int32Array;
    const ys = y.dataSync() as Int32Array;
    const exchange = this.exchangeBuffers(helpers.length);
    this.flatWeights(exchange.weights);
    let total: Grads | null = null;
    try {
      for (let a = 0; a < accum; a++) {
        const parts = splitRows(mb, helpers.length + 1);
        let row = a * mb + parts[0]!;
        const asked = helpers.map((peer, j) => {
          const rows = parts[j + 1]!;
          const req: PeerGradRequest = {
            ...(a === 0 ? { weights: exchange.weights } : {}), // once per optimizer step
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
        total = Trainer.sum(total, this.grads(x, y, a * mb, parts[0]!, parts[0]! / B));
        const answers = await Promise.allSettled(asked.map((q) => q.answer));
        for (const [j, settled] of answers.entries()) {
          total = settled.status === 'fulfilled' ? this.addPeerGrads(total, settled.value, exchange.grads?.[j]) : Trainer.sum(total, this.failedPeer(settled.reason, asked[j]!.req));
        }
      }
      const done = total!;
      total = null;
      return this.apply(done);
    } finally {
      if (total) tf.dispose([total.loss, ...total.grads]);
    }
  }

  /**
   * total + a peer's answer. The peer's gradients are added in place into total's, on the wasm heap:
   * copied there in one piece, then one SIMD add per parameter (each float32 sum rounds as tf.add's
   * would). No tensor per parameter to make, add and dispose, and no JavaScript loop over every
   * value (~4 ms a step on the shared machine). Tensors as before when total's memory is shared
   * with another tensor.
   */
  private addPeerGrads(total: Grads | null, r: PeerGradResult, shared: Float32Array | undefined): Grads {
    const k = gptKernels();
    if (!k || !total || !total.grads.every(ownsMemory)) return Trainer.sum(total, this.peerGrads(r, shared));
    const flat = r.grads ?? shared!;
    const staged = uninitialised([flat.length]);
    heapView(staged).set(flat); // after the allocation: a view taken before it may be stale
    const base = heapOffset(staged);
    let at = 0;
    for (const g of total.grads) {
      k.addInto(heapOffset(g), base + 4 * at, g.size);
      at += g.size;
    }
    staged.dispose();
    const loss = tf.tidy(() => tf.add(total.loss, tf.scalar(r.loss)) as tf.Scalar);
    total.loss.dispose();
    return { loss, grads: total.grads };
  }

  /** A peer's answer as tensors (its gradients come back in the message or in its shared buffer). */
  private peerGrads(r: PeerGradResult, shared: Float32Array | undefined): Grads {
    const flat = r.grads ?? shared!;
    let at = 0;
    // tf.tensor copies onto the wasm heap (stepParallel runs on wasm only), so the buffer is free again.
    const grads = this.vars.map((v) => tf.tensor(flat.subarray(at, (at += v.size)), v.shape));
    return { loss: tf.scalar(r.loss), grads };
  }

  /** A peer failed: its rows are computed here (same update), and peerFailure says why (the caller stops asking peers). */
  private failedPeer(reason: unknown, req: PeerGradRequest): Grads {
    this.peerFailure ??= reason instanceof Error ? reason.message : String(reason);
    const x = tf.tensor2d(req.x, [req.rows, req.T], 'int32');
    const y = tf.tensor2d(req.y, [req.rows, req.T], 'int32');
    try {
      return this.grads(x, y, 0, req.rows, req.scale);
    } finally {
      tf.dispose([x, y]);
    }
  }

  /**
   * Shared memory where the page is cross-origin isolated (and in Node): then nothing is copied to
   * post the buffers; otherwise the weights are copied into each message and the gradients come back in it.
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
  private flatWeights(out: Float32Array): void {
    let at = 0;
    for (const w of this.vars) {
      out.set(heapView(w), at);
      at += w.size;
    }
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

  getState(): Promise<OptimizerState> {
    return this.opt.getState();
  }

  setState(state: OptimizerState): void {
    this.opt.setState(state);
  }

  dispose(): void {
    this.opt.dispose();
    this.gradNorm?.dispose();
    this.gradNorm = null;
  }
}
