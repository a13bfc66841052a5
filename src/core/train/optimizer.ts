/**
 * Optimisers and weight decay. tfjs has no AdamW, so decoupled decay is applied here, in the
 * order of Loshchilov & Hutter and PyTorch's `AdamW`: w ← w·(1 − lr·wd) with the pre-step weights,
 * then the Adam step from the gradients of the pre-step weights. Only kernels (rank ≥ 2) decay.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyperparams } from './types';

/** PyTorch's defaults (tfjs's Adam epsilon would be 1e-7). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function createOptimizer(hp: Pick<Hyperparams, 'optimizer' | 'learningRate'>): tf.Optimizer {
  return hp.optimizer === 'sgd' ? tf.train.sgd(hp.learningRate) : tf.train.adam(hp.learningRate, BETA1, BETA2, EPSILON);
}

/**
 * The rate of 0-based update `step` of `totalSteps`: constant without warmup; with it, as Hugging
 * Face's linear schedule: lr·step/warm while step < warm (the first update has rate 0), then
 * lr·(total − step)/(total − warm), warm = ⌈fraction·total⌉.
 */
export function scheduledRate(hp: Pick<Hyperparams, 'learningRate' | 'warmupFraction'>, step: number, totalSteps: number): number {
  const f = hp.warmupFraction ?? 0;
  if (!(f > 0)) return hp.learningRate;
  const warm = Math.ceil(Math.min(1, f) * totalSteps);
  if (step < warm) return (hp.learningRate * step) / Math.max(1, warm);
  return (hp.learningRate * Math.max(0, totalSteps - step)) / Math.max(1, totalSteps - warm);
}

/** Sets the rate of the next update (tfjs's Adam reads its field at each step; SGD keeps a scalar). */
export function setRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export const isKernel = (v: tf.Variable): boolean => v.shape.length >= 2;

/**
 * Applies one update from `grads` (keyed by variable name, as `tf.variableGrads` returns them).
 * sgd/adam with weightDecay: coupled L2, g ← g + wd·w (PyTorch `weight_decay`).
 * adamw: decoupled decay first (see the file comment), then Adam. Call inside tf.tidy.
 */
export function applyUpdate(optimizer: tf.Optimizer, hp: Pick<Hyperparams, 'optimizer' | 'learningRate' | 'weightDecay'>, vars: readonly tf.Variable[], grads: tf.NamedTensorMap): void {
  const wd = hp.weightDecay;
  if (wd > 0) {
    for (const v of vars) {
      if (!isKernel(v)) continue;
      if (hp.optimizer === 'adamw') v.assign(tf.mul(v, 1 - hp.learningRate * wd));
      else if (grads[v.name]) grads[v.name] = tf.add(grads[v.name]!, tf.mul(v, wd));
    }
  }
  optimizer.applyGradients(grads);
}

/** Σ l2 · Σ w² over kernels with an L2 regulariser (Keras `regularizers.l2` semantics). */
export function l2Penalty(terms: readonly { kernel: tf.Variable; l2: number }[]): tf.Scalar | null {
  if (terms.length === 0) return null;
  return tf.tidy(() => tf.addN(terms.map((t) => tf.mul(tf.sum(tf.square(t.kernel)), t.l2))) as tf.Scalar);
}
