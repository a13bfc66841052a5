/**
 * AdamW with global gradient-norm clipping, PyTorch semantics (see trainer.ts for the formulas):
 * the moments per parameter, the step count that drives bias correction, and the update, either as
 * tfjs ops or, on wasm, as one studio kernel per parameter (moments in place).
 */
import * as tf from '@tensorflow/tfjs';
import { gptKernels, heapOffset, ownsMemory, uninitialised } from '../kernels/gpt-fused';
import type { LmOptimizerSettings } from './settings';

/** The AdamW fields of a run's settings (settings.ts), with PyTorch's epsilon. */
export interface AdamWConfig extends Pick<LmOptimizerSettings, 'beta1' | 'beta2' | 'weightDecay' | 'gradClip'> {
  /** Adam epsilon, default 1e-8 (PyTorch). */
  eps?: number;
}

/** Optimizer state: Adam moments per parameter (PyTorch's exp_avg / exp_avg_sq) and the step count. */
export interface OptimizerState {
  step: number;
  expAvg: Map<string, Float32Array>;
  expAvgSq: Map<string, Float32Array>;
}

export class AdamW {
  private m: tf.Tensor[];
  private v: tf.Tensor[];
  /** Updates taken so far. */
  t = 0;

  /** decays[i]: whether weight decay applies to vars[i]. */
  constructor(
    private readonly names: readonly string[],
    private readonly vars: readonly tf.Variable[],
    private readonly decays: readonly boolean[],
    private readonly config: AdamWConfig,
  ) {
    this.m = vars.map((w) => tf.zerosLike(w));
    this.v = vars.map((w) => tf.zerosLike(w));
  }

  /**
   * One update of every variable at learning rate lr from its gradient (vars order); returns the
   * global gradient norm before clipping (the caller owns it). Call inside the caller's tidy.
   */
  update(grads: readonly tf.Tensor[], lr: number): tf.Scalar {
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this.config;
    const bc1 = 1 - b1 ** this.t;
    const bc2 = 1 - b2 ** this.t;
    // lr/bc1 · m/(√v/√bc2 + ε) = stepSize · m/(√v + ε·√bc2)
    const stepSize = (lr * Math.sqrt(bc2)) / bc1;
    const epsHat = (this.config.eps ?? 1e-8) * Math.sqrt(bc2);
    return this.fusedUpdate(grads, lr, stepSize, epsHat) ?? this.opsUpdate(grads, lr, stepSize, epsHat);
  }

  private decayOf(i: number, lr: number): number {
    return this.config.weightDecay > 0 && this.decays[i] ? 1 - lr * this.config.weightDecay : 1;
  }

  private opsUpdate(grads: readonly tf.Tensor[], lr: number, stepSize: number, epsHat: number): tf.Scalar {
    const { beta1: b1, beta2: b2, gradClip } = this.config;
    // Global norm from one flat vector (concat is cheap; 3 kernels instead of 2 per parameter).
    const norm = tf.sqrt(tf.sum(tf.square(tf.concat(grads.map((g) => tf.reshape(g, [-1])))))) as tf.Scalar;
    const coef = gradClip > 0 ? tf.minimum(tf.div(gradClip, tf.add(norm, 1e-6)), 1) : null;
    // Per parameter: slicing one flat vector back into pieces would copy the whole vector per
    // piece on tfjs-wasm 4.22 (its Slice kernel reads its entire input first).
    const old = [...this.m, ...this.v];
    this.vars.forEach((w, i) => {
      const gi = coef ? tf.mul(grads[i]!, coef) : grads[i]!;
      const mi = tf.keep(tf.add(tf.mul(this.m[i]!, b1), tf.mul(gi, 1 - b1)));
      const vi = tf.keep(tf.add(tf.mul(this.v[i]!, b2), tf.mul(tf.square(gi), 1 - b2)));
      const upd = tf.mul(tf.div(mi, tf.add(tf.sqrt(vi), epsHat)), stepSize);
      const decay = this.decayOf(i, lr);
      w.assign(tf.sub(decay === 1 ? w : tf.mul(w, decay), upd));
      this.m[i] = mi;
      this.v[i] = vi;
    });
    tf.dispose(old);
    return norm;
  }

  /**
   * The same update with the studio's wasm kernels: one pass per parameter (instead of ~12 tfjs
   * kernels), moments updated in place. The weights get new memory, as assign() gives them:
   * tfjs-wasm caches XNNPACK's packed copy of a matMul's weights by tensor, so weights changed in
   * place would keep multiplying with their old values. Null when the kernels are not available
   * or a moment shares its memory with another tensor (an in-place write would show through it).
   */
  private fusedUpdate(grads: readonly tf.Tensor[], lr: number, stepSize: number, epsHat: number): tf.Scalar | null {
    const k = gptKernels();
    if (!k || ![...this.m, ...this.v].every(ownsMemory)) return null;
    const { beta1, beta2, gradClip } = this.config;
    let squares = 0;
    for (const g of grads) squares += k.sumSquares(heapOffset(g), g.size);
    const norm = Math.sqrt(squares);
    const coef = gradClip > 0 ? Math.min(gradClip / (norm + 1e-6), 1) : 1;
    const at = (t: tf.Tensor) => heapOffset(t);
    this.vars.forEach((w, i) => {
      const next = uninitialised(w.shape);
      k.adamW(at(w), at(next), at(grads[i]!), at(this.m[i]!), at(this.v[i]!), w.size, coef, beta1, beta2, stepSize, epsHat, this.decayOf(i, lr));
      w.assign(next);
    });
    return tf.scalar(norm);
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
  }
}
