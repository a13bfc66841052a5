/**
 * Regression targets are standardised for training (the optimiser's steps and default learning
 * rate assume values near 0 with unit spread; a target like "price in thousands" would need
 * thousands of epochs otherwise), then the scaling is folded into the output layer so the saved
 * model predicts in the original units with no extra layer: y = (W·h + b)·std + mean.
 */
import * as tf from '@tensorflow/tfjs';

export interface TargetScale {
  mean: number;
  std: number;
}

export function targetScale(y: ArrayLike<number>): TargetScale {
  const n = y.length;
  if (n === 0) return { mean: 0, std: 1 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i]! - mean) ** 2;
  const std = Math.sqrt(ss / n);
  return { mean, std: std > 1e-12 ? std : 1 };
}

export function scaleTargets(y: ArrayLike<number>, s: TargetScale): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i]! - s.mean) / s.std;
  return out;
}

/** Folds the target scaling into the last layer that has a kernel and a bias (the output Dense). */
export function foldTargetScale(model: tf.LayersModel, s: TargetScale): void {
  const dense = [...model.layers].reverse().find((l) => l.getWeights().length === 2);
  if (!dense) throw new Error('No output layer with kernel and bias to fold the target scale into');
  const [kernel, bias] = dense.getWeights() as [tf.Tensor, tf.Tensor];
  const scaled = tf.tidy(() => [tf.mul(kernel, s.std), tf.add(tf.mul(bias, s.std), s.mean)]);
  dense.setWeights(scaled);
  scaled.forEach((t) => t.dispose());
}
