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
