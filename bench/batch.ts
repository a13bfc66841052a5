/**
 * Batch prediction speed (`npm run bench -- batch`): a 100,000-row CSV scored by a trained model
 * through the real path — the store's `predictFile`, the data worker's batch job (ingest, column
 * check, recipe in predict mode, 4,096-row chunks encoded, CSV written, drift report) and the
 * training worker's batch job (predictions on the port) — with both handlers in this Node process
 * (tfjs cpu backend for the neural model). In the app the two workers overlap (the next chunk is
 * encoded while one is predicted); here they share one thread, so this is a floor.
 * Prints rows/s for logistic regression (tfjs) and a decision tree, drift report included.
 * Then the real app in headless Chromium (bench/_browser.ts): the iris MLP trained on WebAssembly
 * scores a 100,000-row file (iris rows repeated) from the Export step's "Predict a file", twice
 * (the first includes starting the batch path); prints rows/s from the file in the page to the
 * report shown, and the longest main-thread task meanwhile.
 */
import { createStudio } from '../src/store/studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../src/worker/in-process-client';
import { createRng } from '../src/core/util/rng';
import { openBenchPage } from './_browser';

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


/** The same path in the real app: two workers, the chunk after next encoded while one is predicted. */
async function inApp(): Promise<void> {
  const { page, close } = await openBenchPage('/', 'role=heading[name="ML Studio"]');
  try {
    await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
    await page.getByLabel('Target column').waitFor();
    await page.getByRole('button', { name: /Step 3: Encode/ }).click();
    await page.getByText(/The model will see 4 features/).waitFor();
    await page.getByRole('button', { name: /Step 4: Model/ }).click();
    await page.getByRole('button', { name: /Choose Neural network|Choose MLP|Choose .*MLP/ }).click();
    await page.getByRole('button', { name: /Step 5: Train/ }).click();
    await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
    await page.getByLabel('Epochs', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Run #1 finished/).waitFor({ timeout: 180_000 });
    const sample = await (await page.request.get(new URL('/samples/iris.csv', page.url()).href)).text();
    const [head, ...rows] = sample.trim().split('\n');
    const big = Buffer.from([head, ...Array.from({ length: ROWS }, (_, i) => rows[i % rows.length])].join('\n'));
    await page.getByRole('button', { name: /Step 7: Export/ }).click();
    const panel = page.getByRole('region', { name: 'Predict a file' });
    // Playwright hands the file to the page in one long main-thread task (about 2 s for 2.4 MB: base64
    // through the DevTools protocol), which a user's file picker does not: timing and long tasks start
    // once the file is in the page (the job has started by then).
    for (const round of ['first', 'second']) {
      await panel.getByLabel('Choose a file to predict').setInputFiles({ name: `${round}.csv`, mimeType: 'text/csv', buffer: big });
      const t0 = Date.now();
      await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
      });
      const summary = panel.getByTestId('batch-summary').filter({ hasText: 'Predicted 100,000 rows' });
      await summary.waitFor({ timeout: 300_000 });
      const seconds = (Date.now() - t0) / 1000;
      const inWorker = /in ([\d.]+) s/.exec((await summary.textContent()) ?? '')?.[1];
      const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
      console.log(`bench: batch-app-rows-per-s-${round} ${Math.round(ROWS / seconds)} rows/s # MLP on wasm, file in the page → report shown (${seconds.toFixed(2)} s; the data worker's own time ${inWorker} s; ${(big.length / 1e6).toFixed(1)} MB)`);
      console.log(`bench: batch-app-longest-task-${round} ${Math.max(0, ...tasks).toFixed(0)} ms # ${tasks.length} main-thread tasks over 50 ms meanwhile`);
      await summary.evaluate((e) => e.remove()); // the next round waits for a new one
    }
  } finally {
    await close();
  }
}

await inApp();
