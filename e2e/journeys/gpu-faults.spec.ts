import type { Page, Worker } from '@playwright/test';
import { test, expect, openFreshStudio, irisAtTrainStep, savedCheckpointEpoch } from '../support/studio';
import { openMobyDick, setTinyGpt } from '../support/lm';
import { loadLlamaForFineTune } from '../support/pretrained';

/**
 * Fault injection in the training, language-model and sequence-to-sequence workers themselves
 * (Playwright evaluates in the worker; the app has no hook): their WebGL contexts (or WebGPU
 * devices) are recorded as they are made, and lost with WEBGL_lose_context (or destroyed) mid-run. TensorFlow.js alone would wait forever; the run must go on on
 * WebAssembly from its last saved epoch or checkpoint, in the same run, and say so.
 */

/** After the GPU went: the same run goes on on WebAssembly, says so, and keeps numbering its epochs; stopped, it has a model. */
async function continuesOnWasm(page: Page, what: 'WebGL context' | 'WebGPU device', lostAfter: number) {
  const notice = page.getByTestId('run-notice');
  await expect(notice).toHaveText(new RegExp(`^The ${what} was lost at epoch (\\d+)(; training continued on WebAssembly from its saved weights after epoch (\\d+)|, before any weights were saved; training started again on WebAssembly)\\.$`), { timeout: 30_000 });
  const [, at, , from] = (await notice.textContent())!.match(/epoch (\d+)(; .* after epoch (\d+))?/)!;
  expect(Number(at)).toBeGreaterThan(lostAfter);
  expect(Number(from ?? 0)).toBeLessThan(Number(at));
  await expect(page.getByTestId('running-backend')).toContainText(/^Running on wasm/, { timeout: 30_000 });
  const epoch = async () => Number((await page.getByText(/^Epoch \d+ of 5000/).textContent())?.match(/Epoch (\d+)/)?.[1] ?? 0);
  await expect.poll(epoch, { timeout: 60_000 }).toBeGreaterThan(Number(from ?? 0) + 3);
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #1 finished \(user.* on wasm\)/)).toBeVisible({ timeout: 30_000 });
  await expect(notice).toBeVisible(); // still said beside the finished run
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('row')).toHaveCount(2); // the header and run #1: no second run
  await expect(history.getByRole('row', { name: /#1/ }).getByRole('cell', { name: 'wasm' })).toBeVisible();
}

/** Records the worker's WebGL contexts as TensorFlow.js makes them (on an OffscreenCanvas). */
async function recordContexts(worker: Worker) {
  await worker.evaluate(() => {
    const g = self as unknown as { __gl: WebGLRenderingContext[] };
    g.__gl = [];
    const getContext = OffscreenCanvas.prototype.getContext as (...a: unknown[]) => unknown;
    OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, ...a: unknown[]) {
      const c = getContext.apply(this, a);
      if (c && typeof (c as WebGLRenderingContext).getExtension === 'function') g.__gl.push(c as WebGLRenderingContext);
      return c;
    } as never;
  });
}

/** Records the worker's WebGPU devices as TensorFlow.js asks for them; false when the browser has no adapter. */
const recordDevices = (worker: Worker) =>
  worker.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu || !(await gpu.requestAdapter())) return false;
    const g = self as unknown as { __devices: { destroy(): void }[] };
    g.__devices = [];
    const proto = (self as unknown as { GPUAdapter: { prototype: { requestDevice(...a: unknown[]): Promise<{ destroy(): void }> } } }).GPUAdapter.prototype;
    const requestDevice = proto.requestDevice;
    proto.requestDevice = async function (this: unknown, ...a: unknown[]) {
      const d = await requestDevice.apply(this, a);
      g.__devices.push(d);
      return d;
    };
    return true;
  });

/** Destroys every recorded WebGPU device; how many there were. */
const destroyDevices = (worker: Worker) =>
  worker.evaluate(() => {
    const g = self as unknown as { __devices: { destroy(): void }[] };
    for (const d of g.__devices) d.destroy();
    return g.__devices.length;
  });

/** Loses every recorded context with WEBGL_lose_context; how many there were. */
const loseContexts = (worker: Worker) =>
  worker.evaluate(() => {
    const g = self as unknown as { __gl: WebGLRenderingContext[] };
    for (const c of g.__gl) c.getExtension('WEBGL_lose_context')?.loseContext();
    return g.__gl.length;
  });

/** A tiny GPT trains on `backend` until its first checkpoint, `fault` takes the GPU, and the run must go on on WebAssembly from that checkpoint. */
async function lmLosesGpu(page: Page, backend: 'WebGL' | 'WebGPU', fault: (worker: Worker) => Promise<number>, prepare: (worker: Worker) => Promise<unknown>) {
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /lm\.worker/.test(w.url()));
  await openMobyDick(page); // the LM worker starts with the corpus; TensorFlow.js's backend only with training
  const worker: Worker = await created;
  if ((await prepare(worker)) === false) return false;
  await setTinyGpt(page, { backend, steps: 20000, batch: 8, evalEvery: 20, checkpointEvery: 20 });
  await page.getByRole('button', { name: 'Start training' }).click();
  const status = page.getByLabel('Training status');
  const checkpoint = async () => Number((await status.textContent())?.match(/checkpoint at step (\d+)/)?.[1] ?? 0);
  await expect.poll(checkpoint, { timeout: 90_000 }).toBeGreaterThanOrEqual(20);
  await expect(status).toContainText(`on ${backend.toLowerCase()}`);
  expect(await fault(worker)).toBeGreaterThan(0);
  const what = backend === 'WebGPU' ? 'WebGPU device' : 'WebGL context';
  const notice = page.getByText(new RegExp(`^The ${what} was lost after step \\d+; training continued on WebAssembly from the last checkpoint \\(step \\d+\\)\\.$`));
  await expect(notice).toBeVisible({ timeout: 30_000 });
  const from = Number((await notice.textContent())!.match(/\(step (\d+)\)/)![1]);
  expect(from).toBeGreaterThanOrEqual(20);
  await expect(status).toContainText('on wasm', { timeout: 30_000 });
  await expect.poll(checkpoint, { timeout: 90_000 }).toBeGreaterThanOrEqual(from + 20);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText(/stopped/, { timeout: 30_000 });
  await expect(page.getByLabel('Run on')).toHaveValue(backend.toLowerCase()); // the user's choice stays
  return true;
}

test('language model: WebGL context lost mid-run → the run goes on on WebAssembly from its last checkpoint, and says so', async ({ page }) => {
  test.setTimeout(180_000);
  await lmLosesGpu(page, 'WebGL', loseContexts, recordContexts);
});

test('language model: WebGPU device destroyed mid-run → the run goes on on WebAssembly from its last checkpoint, and says so', async ({ page }) => {
  test.setTimeout(180_000);
  const ran = await lmLosesGpu(page, 'WebGPU', destroyDevices, recordDevices);
  test.skip(!ran, 'no WebGPU adapter in this browser');
});

const s2sStep = async (page: Page) => Number(((await page.getByTestId('s2s-train-status').textContent()) ?? '').match(/step (\d+) of/)?.[1] ?? 0);

/**
 * How each GPU is taken from a worker in these journeys. CI loses WebGL under the seq2seq and
 * fine-tune runs (WebGPU devices are destroyed under the tabular and LM runs above); with
 * GPU_FAULTS_ALL=1 both are also destroyed on WebGPU (software WebGPU: about 1.5 minutes more).
 */
const GPU_FAULTS = [
  { name: 'WebGL', what: 'WebGL context', verb: 'lost', record: recordContexts, fault: loseContexts },
  ...(process.env.GPU_FAULTS_ALL === '1' ? [{ name: 'WebGPU', what: 'WebGPU device', verb: 'destroyed', record: recordDevices, fault: destroyDevices }] : []),
] as const;

for (const gpu of GPU_FAULTS) {
  test(`sequence to sequence: ${gpu.what} ${gpu.verb} mid-run → the run goes on on WebAssembly from its last checkpoint, and says so`, async ({ page }) => {
    test.setTimeout(300_000);
    await openFreshStudio(page);
    await page.getByRole('button', { name: 'Sequence to sequence' }).click();
    const created = page.waitForEvent('worker', (w) => /seq2seq\.worker/.test(w.url()));
    await page.getByRole('button', { name: 'Use the pronunciation sample' }).click();
    const worker: Worker = await created; // it reads the pairs; TensorFlow.js's backend starts with training
    test.skip((await gpu.record(worker)) === false, 'no WebGPU adapter in this browser');
    await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
    const backend = gpu.name.toLowerCase();
    await page.getByLabel('Backend').selectOption(backend);
    // A smaller model than the Tiny preset: its validations and the test evaluation after Stop are
    // what takes time on a loaded machine.
    for (const [label, value] of [['Width (d_model)', 32], ['Heads', 2], ['Head width', 16], ['Feed-forward', 64], ['Encoder layers', 1], ['Decoder layers', 1]] as const) await page.getByLabel(label, { exact: true }).fill(String(value));
    await page.getByLabel('Training steps').fill('5000'); // still training when the GPU goes
    await page.getByLabel('Validate every').fill('10');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const status = page.getByTestId('s2s-train-status');
    await expect(status).toContainText(`on ${backend}`, { timeout: 60_000 });
    // Past its first checkpoint (step 10). Its validation on software WebGL took over 60 s once at a
    // load of 16 on 2 cores (shaders compiled for each new shape), under 20 s at 13.
    await expect.poll(() => s2sStep(page), { timeout: 150_000 }).toBeGreaterThan(10);
    expect(await gpu.fault(worker)).toBeGreaterThan(0);
    const notice = page.getByTestId('s2s-run-notice');
    await expect(notice).toHaveText(new RegExp(`^The ${gpu.what} was lost after step \\d+; training continued on WebAssembly from the last checkpoint \\(step \\d+\\)\\.$`), { timeout: 30_000 });
    const from = Number((await notice.textContent())!.match(/\(step (\d+)\)/)![1]);
    expect(from).toBeGreaterThanOrEqual(10);
    await expect(status).toContainText('on wasm', { timeout: 30_000 });
    await expect.poll(() => s2sStep(page), { timeout: 60_000 }).toBeGreaterThan(from + 5); // counts on from the checkpoint
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toContainText(new RegExp(`^Run stopped after \\d+ steps; checkpoint at step \\d+: The ${gpu.what} was lost`), { timeout: 120_000 });
    await expect(page.getByLabel('Backend')).toHaveValue(backend); // the user's choice stays
  });

  test(`pretrained fine-tune: ${gpu.what} ${gpu.verb} mid-run → the fine-tune goes on on WebAssembly from its last checkpoint, and says so`, async ({ page }) => {
    test.setTimeout(180_000);
    await openFreshStudio(page);
    const created = page.waitForEvent('worker', (w) => /lm\.worker/.test(w.url()));
    await openMobyDick(page);
    const worker: Worker = await created;
    test.skip((await gpu.record(worker)) === false, 'no WebGPU adapter in this browser');
    await page.getByLabel('Run on').selectOption({ label: gpu.name });
    const { ft } = await loadLlamaForFineTune(page, { steps: 2000, evalEvery: 10 }); // still training when the GPU goes
    await ft.getByRole('button', { name: 'Fine-tune with LoRA' }).click();
    const status = ft.getByLabel('Fine-tune status');
    await expect(status).toContainText(`on ${gpu.name.toLowerCase()}`, { timeout: 60_000 });
    // The first evaluation (step 10) writes the first checkpoint before step 11 trains (the sample
    // shows before the write ends: a loss then starts again, as one run here did).
    await expect(ft.getByLabel('Sample timeline')).toContainText('Call me', { timeout: 60_000 });
    await expect.poll(async () => Number(await ft.getByTestId('ft-step').textContent()), { timeout: 60_000 }).toBeGreaterThan(11);
    expect(await gpu.fault(worker)).toBeGreaterThan(0);
    const notice = ft.getByTestId('ft-notice');
    await expect(notice).toHaveText(new RegExp(`^The ${gpu.what} was lost after step \\d+; fine-tuning continued on WebAssembly from the last checkpoint \\(step \\d+\\)\\.$`), { timeout: 60_000 });
    const from = Number((await notice.textContent())!.match(/\(step (\d+)\)/)![1]);
    expect(from).toBeGreaterThanOrEqual(10);
    await expect(status).toContainText('on wasm', { timeout: 30_000 });
    await expect.poll(async () => Number(await ft.getByTestId('ft-step').textContent()), { timeout: 60_000 }).toBeGreaterThan(from + 3);
    await ft.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toContainText('stopped', { timeout: 30_000 });
    await expect(notice).toBeVisible(); // still said beside the stopped run
    await expect(page.getByLabel('Run on')).toHaveValue(gpu.name.toLowerCase()); // the user's choice stays
  });
}

test('WebGL context lost mid-run: the run goes on on WebAssembly from its last saved epoch, and says so', async ({ page }) => {
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /train\.worker/.test(w.url()));
  await irisAtTrainStep(page);
  const worker: Worker = await created;
  await recordContexts(worker);
  await page.getByLabel('Run on').selectOption({ label: 'WebGL' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000'); // still training when the GPU goes
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2); // a checkpoint is taken about once a second
  const shown = Number((await page.getByText(/^Epoch \d+ of 5000/).textContent())!.match(/Epoch (\d+)/)![1]);
  const lost = await loseContexts(worker);
  expect(lost).toBeGreaterThan(0);

  await continuesOnWasm(page, 'WebGL context', shown - 1);
});

test('WebGPU device destroyed mid-run: the run goes on on WebAssembly, and says so', async ({ page }) => {
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /train\.worker/.test(w.url()));
  await irisAtTrainStep(page);
  const worker: Worker = await created;
  const hasWebGpu = await recordDevices(worker);
  test.skip(!hasWebGpu, 'no WebGPU adapter in this browser');
  await page.getByLabel('Run on').selectOption({ label: 'WebGPU' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000'); // still training when the GPU goes
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(2); // a checkpoint is taken about once a second
  const shown = Number((await page.getByText(/^Epoch \d+ of 5000/).textContent())!.match(/Epoch (\d+)/)![1]);
  const destroyed = await destroyDevices(worker);
  expect(destroyed).toBeGreaterThan(0);
  await continuesOnWasm(page, 'WebGPU device', shown - 1);
});

test('pretrained playground: WebGL context lost before it generates → the text is generated on WebAssembly from the stored model, and it says so', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /lm\.worker/.test(w.url()));
  await openMobyDick(page);
  const worker: Worker = await created;
  await recordContexts(worker);
  await page.getByLabel('Run on').selectOption({ label: 'WebGL' });
  // A short LoRA fine-tune on WebGL: the worker's TensorFlow.js then runs on a WebGL context.
  const { playground, ft } = await loadLlamaForFineTune(page, { steps: 4, evalEvery: 4 });
  await ft.getByRole('button', { name: 'Fine-tune with LoRA' }).click();
  const status = ft.getByLabel('Fine-tune status');
  await expect(status).toContainText('finished', { timeout: 60_000 });
  await expect(status).toContainText('on webgl');
  expect(await loseContexts(worker)).toBeGreaterThan(0);
  // The generate job meets the lost context: it must not wait on it.
  await playground.getByLabel('Temperature (0 = greedy)').fill('0');
  await playground.getByLabel('New tokens').fill('20');
  await playground.getByLabel('Prompt (empty: start from the beginning-of-text token)').fill('Call me');
  await playground.getByRole('button', { name: 'Generate' }).click();
  const notice = playground.getByTestId('pretrained-gen-notice');
  // This wording is set with the finished text (while it runs again it says "generating again").
  await expect(notice).toHaveText('The WebGL context was lost while generating; generation went on on WebAssembly.', { timeout: 60_000 });
  const out = playground.getByTestId('pretrained-output');
  await expect(out).toHaveAttribute('aria-busy', 'false');
  const text = (await out.textContent())!;
  expect(text.length).toBeGreaterThan('Call me'.length);
  await expect(playground).toContainText('Loaded:'); // the model stays loaded
  await expect(ft.getByTestId('ft-done')).toContainText('LoRA merged'); // and its fine-tune
  // The fresh worker generates the same greedy text again, now with no loss to tell of.
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(notice).toBeHidden(); // cleared as the new generation starts
  await expect(out).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expect(out).toHaveText(text);
  await expect(page.getByLabel('Run on')).toHaveValue('webgl'); // the user's choice stays
});
