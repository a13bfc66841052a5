/**
 * Forward passes for training and evaluation. Classifiers end in a softmax `Activation` layer
 * (so a saved model outputs probabilities); the loss wants logits, so that layer is skipped here.
 */
import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';
import { accuracy, r2Score } from '../metrics';
import { isSoftmaxHead } from '../models/layers';
import { batchTargets, rowLosses } from './loss';

/** Layers that map features to logits (classification) or to the output (regression). */
export function logitLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const last = layers[layers.length - 1];
  return last && isSoftmaxHead(last) ? layers.slice(0, -1) : layers;
}

/** x [b, f] → logits [b, K] or outputs [b, 1]. `training` switches dropout on. */
export function forwardLogits(layers: readonly tf.layers.Layer[], x: tf.Tensor2D, training: boolean): tf.Tensor2D {
  let h: tf.Tensor = x;
  for (const layer of layers) h = layer.apply(h, { training }) as tf.Tensor;
  return h as tf.Tensor2D;
}

export interface Evaluation {
  /** Mean unweighted data loss over the rows. */
  loss: number;
  metric: number;
  metricName: string;
}

const EVAL_BATCH = 2048;

/** Loss and metric (accuracy or R²) on a split, in batches, reading results back asynchronously. */
export async function evaluateSplit(
  layers: readonly tf.layers.Layer[],
  x: Float32Array,
  y: ArrayLike<number>,
  f: number,
  task: TaskKind,
  K: number,
): Promise<Evaluation> {
  const n = y.length;
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  let lossSum = 0;
  const pred = new Float64Array(n);
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const end = Math.min(n, start + EVAL_BATCH);
    const b = end - start;
    const [lossT, predT] = tf.tidy(() => {
      const xb = tf.tensor2d(x.slice(start * f, end * f), [b, f]);
      const tb = tf.tensor2d(batchTargets(task, y, K, identity, start, end), [b, task === 'classification' ? K : 1]);
      const out = forwardLogits(layers, xb, false);
      const p = task === 'classification' ? tf.argMax(out, 1) : tf.squeeze(out, [1]);
      return [tf.sum(rowLosses(task, out, tb)), p];
    });
    const [l, p] = await Promise.all([lossT.data(), predT.data()]);
    lossT.dispose();
    predT.dispose();
    lossSum += l[0]!;
    pred.set(p, start);
  }
  const metric = task === 'classification' ? accuracy(y, pred) : r2Score(y, pred);
  return { loss: n > 0 ? lossSum / n : NaN, metric: metric ?? 0, metricName: task === 'classification' ? 'accuracy' : 'R²' };
}
