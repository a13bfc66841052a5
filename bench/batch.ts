/**
 * Batch prediction speed (`npm run bench -- batch`): a 100,000-row CSV scored by a trained model
 * through the real path — the store's `predictFile`, the data worker's batch job (ingest, column
 * check, recipe in predict mode, 4,096-row chunks encoded, CSV written, drift report) and the
 * training worker's batch job (predictions on the port) — with both handlers in this Node process
 * (tfjs cpu backend for the neural model). In the app the two workers overlap (the next chunk is
 * encoded while one is predicted); here they share one thread, so this is a floor.
 * Prints rows/s for logistic regression (tfjs) and a decision tree, drift report included.
 */
import { createStudio } from '../src/store/studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../src/worker/in-process-client';
import { createRng } from '../src/core/util/rng';

const ROWS = 100_000;

function csv(rows: number, seed: number, shift = 0): string {
  const rng = createRng(seed);
  const lines = ['x,y,z,colour,label'];
  for (let i = 0; i < rows; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2, z = rng.next();
    lines.push(`${(x + shift).toFixed(3)},${y.toFixed(3)},${z.toFixed(3)},${['red', 'blue', 'green'][i % 3]},${x + y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

let id = 0;
const studio = createStudio({
  data: createInProcessClient(memoryTableStore()),
  train: createInProcessTrainClient(),
  persistence: { load: async () => undefined, save: async () => undefined, clear: async () => undefined },
  fetchBlob: async () => new Blob(['']),
  newId: () => `id${id++}`,
});
const { actions, store } = studio;
await actions.restore();
await actions.loadFile(new Blob([csv(2000, 1)]), 'train.csv');
await actions.setTarget('label');
await actions.ensureFeatures();
const file = new Blob([csv(ROWS, 2, 0.5)]);
console.log(`# ${ROWS.toLocaleString('en-US')}-row file, ${(file.size / 1e6).toFixed(1)} MB; handlers in one Node process (a shared machine: figures are noisy)`);

for (const family of ['logistic-regression', 'decision-tree']) {
  actions.chooseModel(family);
  actions.setTraining({ backend: 'cpu', hp: { epochs: 5 } });
  await actions.startTraining();
  const runId = store.getState().doc.runs!.at(-1)!.id;
  await actions.ensureTrainingSummary();
  await actions.predictFile(new Blob([csv(5000, 3)]), 'warm.csv', { runId }); // warm-up (JIT, backend)
  const t0 = performance.now();
  const res = await actions.predictFile(file, 'new.csv', { runId });
  const s = (performance.now() - t0) / 1000;
  if (!res.ok) throw new Error(res.error.message);
  if (res.value.rows !== ROWS || !res.value.drift) throw new Error('unexpected result');
  console.log(`bench: batch-rows-per-s-${family} ${Math.round(ROWS / s)} rows/s`);
  console.log(`bench: batch-seconds-${family} ${s.toFixed(2)} s (CSV ${(res.value.csv.size / 1e6).toFixed(1)} MB, top drift: ${res.value.drift.features[0]!.name})`);
}
