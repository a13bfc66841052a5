import { test, expect, openFreshStudio, irisAtTrainStep, savedCheckpointEpoch } from '../support/studio';
import { allWorkersStarted, killWorker, recordWorkers, savedRuns } from '../support/workers';
import { openMobyDick, setTinyGpt } from '../support/lm';

/** Fault injection: a worker ended mid-run the way the browser ends one (support/workers.ts), and what the page makes of it. */

test('tabular: the training worker ended mid-run → the run is interrupted with its epochs kept, and trains again', async ({ page }) => {
  await recordWorkers(page);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  // Far more epochs than the journey waits for: the run is still going when its worker is ended.
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000');
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await killWorker(page, 'train');

  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Run #1 was interrupted\. Training was interrupted: the background worker stopped \(the browser may have run out of memory\)\. Its \d+ finished epochs are kept in the curves\./);
  const kept = Number((await notice.textContent())!.match(/Its (\d+) finished/)![1]);
  expect(kept).toBeGreaterThanOrEqual(2);
  expect(kept).toBeLessThan(5000);
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('cell', { name: 'interrupted' })).toBeVisible();
  await expect(history.getByRole('row', { name: /#1/ }).getByRole('cell', { name: String(kept), exact: true })).toBeVisible();

  // The UI is usable: the run's settings train again on a fresh worker; stopped, it keeps a model.
  await notice.getByRole('button', { name: "Train run #1's settings again" }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #2 finished \(user/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  expect(Number(await page.getByTestId('metric-Accuracy').textContent())).toBeGreaterThan(0.5);

  // A reload keeps both runs as they were (the interrupted one is not "running" again).
  await page.reload();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await expect(history.getByRole('cell', { name: 'interrupted' })).toBeVisible();
});

test('tabular: the training worker ended mid-run → Resume goes on from its saved weights, the epochs and the loss continue', async ({ page }) => {
  await recordWorkers(page);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000');
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2); // checkpoints are taken about once a second
  await killWorker(page, 'train');

  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Resume goes on after epoch \d+ with its saved weights, or train again\./);
  await expect.poll(async () => (await savedRuns(page))[0]?.status).toBe('interrupted');
  const cut = (await savedRuns(page))[0]!;
  const at = cut.checkpoint!.epoch;
  expect(at).toBeGreaterThanOrEqual(2);
  expect(at).toBeLessThanOrEqual(cut.epochs.length);
  await notice.getByRole('button', { name: `Resume run #1 after epoch ${at}` }).click();
  await expect(page.getByText(new RegExp(`^Epoch (\\d+) of 5000`))).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => Number((await page.getByText(/^Epoch \d+ of 5000/).textContent())?.match(/Epoch (\d+)/)?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(at + 3);
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #1 finished \(user/)).toBeVisible({ timeout: 30_000 });

  // One run, its epochs numbered on from before the death, its loss going on from where it was (not back to epoch 1's).
  await expect.poll(async () => (await savedRuns(page))[0]?.status).toBe('done');
  const runs = await savedRuns(page);
  expect(runs).toHaveLength(1);
  const epochs = runs[0]!.epochs;
  expect(epochs.map((e) => e.epoch)).toEqual(epochs.map((_, i) => i + 1));
  expect(epochs.length).toBeGreaterThan(at + 3);
  const [first, kept, resumed] = [epochs[0]!.trainLoss, epochs[at - 1]!.trainLoss, epochs[at]!.trainLoss];
  expect(first - kept).toBeGreaterThan(0.05);
  expect(Math.abs(resumed - kept)).toBeLessThan(Math.abs(resumed - first) / 3);
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  expect(Number(await page.getByTestId('metric-Accuracy').textContent())).toBeGreaterThan(0.5);
});

test('tabular: out of memory thrown in the training worker → interrupted with what to do, and Resume goes on', async ({ page }) => {
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /train\.worker/.test(w.url()));
  await irisAtTrainStep(page);
  const worker = await created;
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000');
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2); // a checkpoint is taken about once a second
  // The next typed-array allocation in the worker fails the way V8 fails one (the app has no hook: the test swaps the constructor once).
  await worker.evaluate(() => {
    const g = self as unknown as { Float32Array: Float32ArrayConstructor };
    const Native = g.Float32Array;
    g.Float32Array = new Proxy(Native, {
      construct() {
        g.Float32Array = Native;
        throw new RangeError('Array buffer allocation failed');
      },
    });
  });
  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Run #1 was interrupted\. Training ran out of memory \(Array buffer allocation failed\)\. Its \d+ finished epochs are kept in the curves\. Resume goes on after epoch \d+ with its saved weights\. Try a smaller batch size or a smaller model/, { timeout: 30_000 });
  await expect(page.getByText('Training failed unexpectedly')).toHaveCount(0);
  const at = Number((await notice.textContent())!.match(/after epoch (\d+)/)![1]);
  await notice.getByRole('button', { name: `Resume run #1 after epoch ${at}` }).click();
  await expect.poll(async () => Number((await page.getByText(/^Epoch \d+ of 5000/).textContent())?.match(/Epoch (\d+)/)?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(at + 3);
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #1 finished \(user/)).toBeVisible({ timeout: 30_000 });
});

test('search: a trial whose worker is ended runs again on a fresh worker, and the search finishes', async ({ page }) => {
  await recordWorkers(page);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('200'); // trials long enough to be killed mid-way
  const trainWorkers = () => page.evaluate(() => window.__workers!.filter((w) => w.name === 'train').length);
  const before = await trainWorkers();
  await page.getByText('Hyperparameter search').click();
  await page.getByLabel('Budget', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start search' }).click();
  const trials = page.getByRole('table', { name: 'Trials' });
  await expect(trials.getByRole('cell', { name: 'running', exact: true }).first()).toBeVisible({ timeout: 60_000 });
  await expect.poll(trainWorkers).toBeGreaterThan(before); // the pool's own workers
  await allWorkersStarted(page);
  const made = await killWorker(page, 'train');
  await expect.poll(trainWorkers).toBe(made + 1); // the death was noticed: the pool's client started a fresh worker
  await expect(page.getByText(/^Finished: 3 trials scored by validation accuracy, best/)).toBeVisible({ timeout: 90_000 });
  await expect(trials.getByRole('cell', { name: 'failed', exact: true })).toHaveCount(0);
});

test('seq2seq: the sequence-to-sequence worker ended mid-run → the run is reported interrupted, not left training', async ({ page }) => {
  test.setTimeout(120_000);
  await recordWorkers(page);
  await openFreshStudio(page);
  await page.getByRole('region', { name: 'New here? Pick a path' }).getByRole('button', { name: /Start the sequence-to-sequence path with Pronunciation/ }).click();
  await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Training steps').fill('20000'); // far longer than the journey waits
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('s2s-train-status');
  await expect(status).toContainText(/tokens\/s on wasm/, { timeout: 60_000 });
  await allWorkersStarted(page);
  await killWorker(page, 'seq2seq');
  await expect(status).toContainText(/^Run interrupted.*: The background worker stopped unexpectedly\./, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
});

test('language model: the LM worker ended mid-run → training resumes from its last checkpoint on its own', async ({ page }) => {
  test.setTimeout(180_000);
  await recordWorkers(page);
  await openFreshStudio(page);
  await openMobyDick(page);
  await setTinyGpt(page, { steps: 20000, batch: 8, evalEvery: 20, checkpointEvery: 20 });
  await page.getByRole('button', { name: 'Start training' }).click();
  const status = page.getByLabel('Training status');
  const checkpoint = async () => Number((await status.textContent())?.match(/checkpoint at step (\d+)/)?.[1] ?? 0);
  await expect.poll(checkpoint, { timeout: 90_000 }).toBeGreaterThanOrEqual(20);
  const at = await checkpoint();
  await killWorker(page, 'lm');
  await expect(page.getByText(/The worker stopped unexpectedly; training resumed from the last checkpoint \(step \d+\)\./)).toBeVisible({ timeout: 30_000 });
  const resumedFrom = Number((await page.getByText(/training resumed from the last checkpoint/).textContent())!.match(/step (\d+)/)![1]);
  expect(resumedFrom).toBeGreaterThanOrEqual(at);
  await expect.poll(checkpoint, { timeout: 90_000 }).toBeGreaterThanOrEqual(resumedFrom + 20);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText(/stopped/, { timeout: 30_000 });
});
