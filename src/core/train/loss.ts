/**
 * Losses computed from logits. Classification never builds a one-hot tensor on the device:
 * tf.oneHot writes int bit patterns into float tensors on WASM (BROWSER-ML-NOTES), so the
 * one-hot targets are built in JS (`batchTargets`) and uploaded as float32.
 */
import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';

/**
 * Per-row loss, shape [b]. Classification: logits [b, K], targets one-hot [b, K] →
 * logSumExp(z) − z_y (softmax cross-entropy, stable for large logits).
 * Regression: outputs [b, 1], targets [b, 1] → squared error.
 */
export function rowLosses(task: TaskKind, out: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    if (task === 'classification') return tf.sub(tf.logSumExp(out, 1), tf.sum(tf.mul(out, targets), 1)) as tf.Tensor1D;
    return tf.squeeze(tf.square(tf.sub(out, targets)), [1]) as tf.Tensor1D;
  });
}

/** Mean over the batch of w_i · loss_i (Keras `class_weight` semantics; w = 1 when none). */
export function batchLoss(task: TaskKind, out: tf.Tensor2D, targets: tf.Tensor2D, weights: tf.Tensor1D | null): tf.Scalar {
  return tf.tidy(() => {
    const rows = rowLosses(task, out, targets);
    return tf.mean(weights ? tf.mul(rows, weights) : rows) as tf.Scalar;
  });
}

/**
 * scikit-learn `class_weight='balanced'`: w_c = n / (K · count_c), returned per training row.
 * Classes absent from y get no weight (they have no rows).
 */
export function balancedRowWeights(y: ArrayLike<number>, classes: number): Float32Array {
  const n = y.length;
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = n / (classes * counts[y[i]!]!);
  return out;
}

/** Class weights × sample weights, row by row; null when neither is given. */
export function combineWeights(a: Float32Array | null, b: Float32Array | undefined): Float32Array | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.map((w, i) => w * b[i]!);
}

/** Targets for rows idx[start..end): one-hot [b, K] (classification) or values [b, 1]. */
export function batchTargets(task: TaskKind, y: ArrayLike<number>, K: number, idx: ArrayLike<number>, start: number, end: number): Float32Array {
  const b = end - start;
  if (task === 'regression') {
    const t = new Float32Array(b);
    for (let j = 0; j < b; j++) t[j] = y[idx[start + j]!]!;
    return t;
  }
  const t = new Float32Array(b * K);
  for (let j = 0; j < b; j++) t[j * K + y[idx[start + j]!]!] = 1;
  return t;
}

/** Rows idx[start..end) of a row-major n × f matrix. */
export function batchRows(x: Float32Array, f: number, idx: ArrayLike<number>, start: number, end: number): Float32Array {
  const out = new Float32Array((end - start) * f);
  for (let j = start; j < end; j++) {
    const r = idx[j]!;
    out.set(x.subarray(r * f, r * f + f), (j - start) * f);
  }
  return out;
}
