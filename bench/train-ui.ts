/**
 * "The page never freezes while training" (issue "Tabular models"): the real studio in headless
 * Chromium trains the Iris MLP from its Train step on each backend while a PerformanceObserver
 * records main-thread long tasks (> 50 ms). Prints the longest task and the count per backend;
 * the target is no task over 50 ms. Run: `npm run bench -- train-ui`.
 *
 * Then a 1,000,000-row table (bench/generate-csv.ts) is loaded through the file picker and
 * trained for one epoch, and the main thread's peak JS memory while training is printed (issue
 * "One contract between UI and workers": the matrices should go worker to worker). How: Chromium
 * runs with --enable-precise-memory-info, so `performance.memory.usedJSHeapSize` is exact and
 * current; it is the main thread's isolate only (workers are other isolates) and it includes
 * ArrayBuffer backing stores (checked: a 50 MB Float32Array on the page adds 50 MB, one in a
 * worker adds nothing). A matrix that passes through the main thread stays there for less than
 * one task, which a timer (or CDP Runtime.getHeapUsage, served between tasks) never sees, so the
 * page also samples right before every postMessage it makes and right after every worker message
 * it handles: the moments a passing matrix is held. `TRAIN_UI=1m` runs the 1M case alone.
 */
import { openBenchPage } from './_browser';
import { benchTrainCsvPath } from './generate-csv';

const RUNS = [
  { backend: 'wasm', label: 'WebAssembly (CPU)', epochs: 300 },
  { backend: 'cpu', label: 'Plain JavaScript (CPU)', epochs: 150 },
  { backend: 'webgl', label: 'WebGL', epochs: 20 },
  { backend: 'webgpu', label: 'WebGPU', epochs: 10 },
] as const;

for (const r of process.env.TRAIN_UI === '1m' ? [] : RUNS) {
  // A fresh page per backend: the project starts empty and the sample loads from the URL.
  const { page, close } = await openBenchPage('/?sample=iris', 'text=Target column');
  try {
    await page.getByRole('button', { name: /Step 3: Encode/ }).click();
    await page.getByText(/The model will see 4 features/).waitFor();
    await page.getByRole('button', { name: /Step 4: Model/ }).click();
    await page.getByRole('button', { name: /Choose .*MLP|Choose Neural/ }).click();
    await page.getByRole('button', { name: /Step 5: Train/ }).click();
    await page.getByLabel('Run on').selectOption({ label: r.label });
    await page.getByLabel('Epochs', { exact: true }).fill(String(r.epochs));
    // Early stopping would end some runs after a few epochs; the point is a long run.
    const early = page.getByRole('checkbox', { name: /Stop early/ });
    if (await early.isChecked()) await early.uncheck();
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Run #1 finished/).waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - t0) / 1000;
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const longest = Math.max(0, ...tasks);
    console.log(`bench: train-longest-task-${r.backend} ${longest.toFixed(0)} ms # ${tasks.length} tasks over 50 ms in ${seconds.toFixed(1)} s of training (${r.epochs} epochs); target: none`);
  } finally {
    await close();
  }
}

/**
 * In the page before the app starts: the peak of usedJSHeapSize while `__mem.on`. A string, not a
 * function: tsx wraps named functions in a helper the page does not have.
 */
const SAMPLE_PEAK = `(() => {
  const w = window;
  w.__mem = { on: false, peak: 0, samples: 0 };
  const sample = () => {
    if (!w.__mem.on) return;
    w.__mem.peak = Math.max(w.__mem.peak, performance.memory.usedJSHeapSize);
    w.__mem.samples++;
  };
  for (const proto of [Worker.prototype, MessagePort.prototype]) {
    const post = proto.postMessage;
    proto.postMessage = function (...args) {
      sample();
      return post.apply(this, args);
    };
  }
  const on = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    ...on,
    set(fn) {
      on.set.call(this, fn && function (e) {
        const r = fn.call(this, e);
        sample(); // e.data, and what it transferred, is still on this thread
        return r;
      });
    },
  });
  setInterval(sample, 10);
})();`;

const MB = 1024 * 1024;
{
  const rows = 1_000_000;
  const csv = benchTrainCsvPath(rows);
  const { page, close } = await openBenchPage('/', 'text=ML Studio');
  try {
    await page.addInitScript(SAMPLE_PEAK);
    await page.reload();
    await page.getByLabel('Choose a data file').setInputFiles(csv);
    await page.getByText(/1,000,000 rows × 8 columns/).waitFor({ timeout: 600_000 });
    await page.getByLabel('Target column').selectOption('label');
    await page.getByRole('button', { name: /Step 3: Encode/ }).click();
    await page.getByText(/The model will see \d+ features/).waitFor({ timeout: 600_000 });
    await page.getByRole('button', { name: /Step 4: Model/ }).click();
    await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
    await page.getByRole('button', { name: /Step 5: Train/ }).click();
    await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Batch size', { exact: true }).fill('1024');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const baseline = await page.evaluate(() => {
      const w = window as unknown as { __mem: { on: boolean; peak: number } };
      w.__mem.on = true;
      return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
    });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByText(/Run #1 finished/).waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - t0) / 1000;
    const { peak, samples } = await page.evaluate(() => {
      const w = window as unknown as { __mem: { on: boolean; peak: number; samples: number } };
      w.__mem.on = false;
      return w.__mem;
    });
    console.log(`bench: train-ui-main-peak-1m ${(peak / MB).toFixed(1)} MB # main thread's JS heap incl. ArrayBuffers, peak from Start to the end of the run; ${(baseline / MB).toFixed(1)} MB before Start (+${((peak - baseline) / MB).toFixed(1)} MB); ${samples} samples; ${rows.toLocaleString('en-US')} rows, logistic regression, 1 epoch on wasm in ${seconds.toFixed(1)} s`);
  } finally {
    await close();
  }
}
