/**
 * Batch prediction in the training worker: the model is loaded once, then each chunk of encoded
 * rows that the data worker sends on the port is predicted and sent back, in order, until `end`.
 * (The data side, which reads the file and writes the CSV, is batch-jobs.ts.)
 */
import type * as tf from '@tensorflow/tfjs';
import { treeModelFromJSON } from '../core/models/registry';
import { modelFromParts } from '../core/bundle/tfjs-io';
import { predictNeural } from '../core/train/predict';
import type { BatchChunk, BatchModel, BatchPredictions } from '../core/jobs';
import type { Problem } from '../core/util/result';

type Predict = (x: Float32Array, n: number) => Promise<Float32Array>;

async function loadPredictor(job: BatchModel): Promise<{ predict: Predict; dispose(): void }> {
  if (job.model.type === 'tree') {
    const res = treeModelFromJSON(job.model.json);
    if (!res.ok) throw Object.assign(new Error(res.error.message), { problem: res.error });
    const tree = res.value;
    return { predict: async (x, n) => tree.predict(x, n, job.features), dispose() {} };
  }
  const model: tf.LayersModel = await modelFromParts(job.model.modelJson as Record<string, unknown>, job.model.weights);
  return { predict: (x, n) => predictNeural(model, x, n, job.features, job.task), dispose: () => model.dispose() };
}

const problemOf = (e: unknown): Problem =>
  (e as { problem?: Problem }).problem ?? { message: 'The model could not predict these rows.', hint: `Details for a bug report: ${e instanceof Error ? e.message : String(e)}` };

/** Serves the port until the data worker sends `end`; resolves with the number of rows predicted. */
export function servePredictions(port: MessagePort, job: BatchModel): Promise<{ rows: number }> {
  return new Promise((resolve) => {
    let loaded: Promise<{ predict: Predict; dispose(): void }> | undefined;
    let chain = Promise.resolve();
    let rows = 0;
    port.onmessage = (e: MessageEvent<BatchChunk>) => {
      const msg = e.data;
      chain = chain.then(async () => {
        if (msg.type === 'end') {
          port.close();
          if (loaded) await loaded.then((p) => p.dispose(), () => undefined);
          return resolve({ rows });
        }
        try {
          loaded ??= loadPredictor(job);
          const predictions = await (await loaded).predict(msg.x, msg.n);
          rows += msg.n;
          port.postMessage({ ok: true, predictions } satisfies BatchPredictions, [predictions.buffer]);
        } catch (err) {
          port.postMessage({ ok: false, problem: problemOf(err) } satisfies BatchPredictions);
        }
      });
    };
  });
}
