/**
 * "The page never freezes while training" (issue "Tabular models"): the real studio in headless
 * Chromium trains the Iris MLP from its Train step on each backend while a PerformanceObserver
 * records main-thread long tasks (> 50 ms). Prints the longest task and the count per backend;
 * the target is no task over 50 ms. Run: `npm run bench -- train-ui`.
 */
import { openBenchPage } from './_browser';

const RUNS = [
  { backend: 'wasm', label: 'WebAssembly (CPU)', epochs: 300 },
  { backend: 'cpu', label: 'Plain JavaScript (CPU)', epochs: 150 },
  { backend: 'webgl', label: 'WebGL', epochs: 20 },
  { backend: 'webgpu', label: 'WebGPU', epochs: 10 },
] as const;

for (const r of RUNS) {
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
