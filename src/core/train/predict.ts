import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';

const PREDICT_BATCH = 4096;

/**
 * Predictions for n rows of row-major x (n × f): probabilities n × K (classification) or values n.
 * Batched, each batch in tf.tidy and read back with `await data()` (no dataSync: slow on WebGPU).
 */
export async function predictNeural(model: tf.LayersModel, x: Float32Array, n: number, f: number, task: TaskKind): Promise<Float32Array> {
  const outShape = (model.outputs[0]?.shape ?? []) as (number | null)[];
  const K = task === 'classification' ? (outShape[outShape.length - 1] ?? 1) : 1;
  const out = new Float32Array(n * K);
  for (let start = 0; start < n; start += PREDICT_BATCH) {
    const end = Math.min(n, start + PREDICT_BATCH);
    const y = tf.tidy(() => {
      const xb = tf.tensor2d(x.slice(start * f, end * f), [end - start, f]);
      return (model.predict(xb, { batchSize: end - start }) as tf.Tensor).reshape([-1]);
    });
    out.set(await y.data(), start * K);
    y.dispose();
  }
  return out;
}
