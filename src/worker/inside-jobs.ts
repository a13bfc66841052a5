/**
 * The decision views' jobs in the training worker (core/jobs/inside.ts): the matrices arrive on
 * a port from the data worker, the run's stored model is loaded once, and every prediction runs
 * here, so the page stays responsive; progress goes out as `progress` events.
 */
import { permutationImportance } from '../core/explain/permutation-importance';
import { axisRange, gridCells, gridRows, heldRow } from '../core/explain/decision-boundary';
import { nodeCounts } from '../core/explain/tree-view';
import { loadStoredModel, ProblemError } from '../core/train/predict';
import { treeModelFromJSON } from '../core/models/tree-model';
import type { InsideRequest, InsideResult, PortedData, TrainData } from '../core/jobs';
import type { TreeModelJSON } from '../core/models/tree-model';

/** The one message on a data port. */
export function receiveData(input: InsideRequest['data']): Promise<TrainData> {
  if (!('port' in input)) return Promise.resolve(input);
  const port = input.port;
  return new Promise((resolve, reject) => {
    port.onmessage = (e: MessageEvent<PortedData>) => {
      port.close();
      if (e.data.ok) resolve(e.data.data);
      else reject(new ProblemError(e.data.problem));
    };
    port.onmessageerror = () => reject(new ProblemError({ message: 'The evaluation data could not be read.', hint: 'Try again; if it keeps failing, reload the page.' }));
  });
}

const argmaxRows = (p: Float32Array, n: number, k: number) =>
  Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
    return best;
  });

export async function runInside(req: InsideRequest, progress: (done: number, total: number) => void): Promise<InsideResult> {
  const data = await receiveData(req.data);
  const { job } = req;
  const f = data.features;
  if (job.kind === 'tree-counts') {
    const model = treeModelFromJSON(req.model.type === 'tree' ? req.model.json : null);
    if (!model.ok) throw new ProblemError(model.error);
    const tree = (model.value.toJSON() as TreeModelJSON).trees[job.tree];
    if (!tree) throw new ProblemError({ message: `This model has no tree number ${job.tree + 1}.` });
    return { kind: 'tree-counts', counts: nodeCounts(tree, data.train.x, data.train.n, f) };
  }
  const loaded = await loadStoredModel(req.model);
  if (!loaded.ok) throw new ProblemError(loaded.error);
  const model = loaded.value;
  try {
    const K = req.task === 'classification' ? req.classes : 1;
    if (job.kind === 'train-predictions') {
      const p = await model.predict(data.train.x, data.train.n, f);
      return { kind: 'train-predictions', y: Array.from(data.train.y), predicted: req.task === 'classification' ? argmaxRows(p, data.train.n, K) : Array.from(p) };
    }
    if (job.kind === 'importance') {
      const result = await permutationImportance({
        predict: (x, n, w) => model.predict(x, n, w),
        x: data.test.x, n: data.test.n, f, y: data.test.y,
        score: req.task === 'classification' ? 'accuracy' : 'r2',
        classes: K,
        groups: req.groups.map(({ name, start, width }) => ({ name, start, width })),
        repeats: job.repeats, seed: job.seed, progress,
      });
      return { kind: 'importance', result };
    }
    const base = heldRow(data.train.x, data.train.n, f, req.groups);
    const parts = [data.train, data.test];
    const a = axisRange(job.a, parts, f), b = axisRange(job.b, parts, f);
    const cells = job.steps * job.steps;
    progress(0, 2);
    const pred = await model.predict(gridRows(base, a, b, job.steps), cells, f);
    progress(1, 2);
    const testPred = await model.predict(data.test.x, data.test.n, f);
    progress(2, 2);
    const col = (c: number) => Array.from({ length: data.test.n }, (_, i) => data.test.x[i * f + c]!);
    return {
      kind: 'boundary', a, b, steps: job.steps,
      cells: gridCells(pred, cells, K, req.task),
      test: { a: col(job.a), b: col(job.b), y: Array.from(data.test.y), predicted: req.task === 'classification' ? argmaxRows(testPred, data.test.n, K) : Array.from(testPred) },
    };
  } finally {
    model.dispose();
  }
}
