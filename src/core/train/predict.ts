import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';
import { tryModelFromParts } from '../bundle/tfjs-io';
import '../models/layers';
import '../models/text-layers';
import { treeModelFromJSON } from '../models/tree-model';
import { ok, type Problem, type Result } from '../util/result';

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

/** Model outputs for x (n × f): probabilities n × K, or values n. Batched and tidy. */
export async function predictLayers(model: tf.LayersModel, x: Float32Array, n: number, f: number): Promise<Float32Array> {
  const outWidth = (model.outputs[0]!.shape[1] as number | null) ?? 1;
  const out = new Float32Array(n * outWidth);
  for (let s = 0; s < n; s += PREDICT_BATCH) {
    const e = Math.min(n, s + PREDICT_BATCH);
    const t = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(s * f, e * f), [e - s, f])) as tf.Tensor);
    out.set(await t.data(), s * outWidth);
    t.dispose();
  }
  return out;
}

/** A stored model: a tfjs LayersModel's parts (a run's artefact or a bundle's `model/`) or tree JSON. */
export type StoredModel = { type: 'tfjs'; modelJson: unknown; weights: Uint8Array } | { type: 'tree'; json: unknown };

/**
 * A stored model, loaded once and ready to predict: the training worker's `predict` job and the
 * deploy predictor (src/deploy) both go through it. The studio's custom layers are registered by
 * the imports above, so any family's saved model rebuilds.
 */
export interface LoadedModel {
  predict(x: Float32Array, n: number, f: number): Promise<Float32Array>;
  dispose(): void;
}

export async function loadStoredModel(artifact: StoredModel): Promise<Result<LoadedModel>> {
  if (artifact.type === 'tree') {
    const res = treeModelFromJSON(artifact.json);
    if (!res.ok) return res;
    const tree = res.value;
    return ok({ predict: async (x, n, f) => tree.predict(x, n, f), dispose: () => {} });
  }
  const model = await tryModelFromParts(artifact.modelJson as Record<string, unknown>, artifact.weights);
  if (!model.ok) return model;
  const m = model.value;
  return ok({ predict: (x, n, f) => predictLayers(m, x, n, f), dispose: () => m.dispose() });
}

/** Predictions from a stored model, loaded for this call only. Throws ProblemError when it cannot load. */
export async function predictStored(artifact: StoredModel, x: Float32Array, n: number, f: number): Promise<Float32Array> {
  const loaded = await loadStoredModel(artifact);
  if (!loaded.ok) throw new ProblemError(loaded.error);
  try {
    return await loaded.value.predict(x, n, f);
  } finally {
    loaded.value.dispose();
  }
}

/** An Error that carries a student-facing Problem. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}
