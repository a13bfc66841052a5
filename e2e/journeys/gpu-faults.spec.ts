import type { Worker } from '@playwright/test';
import { test, expect, openFreshStudio, irisAtTrainStep } from '../support/studio';

/**
 * Fault injection in the training worker itself (Playwright evaluates in the worker; the app has
 * no hook): its WebGL contexts are recorded as they are made, and lost with WEBGL_lose_context
 * mid-run. TensorFlow.js alone would wait forever; the run must stop, say so, and train again.
 */
test('WebGL context lost mid-run: the run stops and says so, its epochs are kept, and it trains again', async ({ page }) => {
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /train\.worker/.test(w.url()));
  await irisAtTrainStep(page);
  const worker: Worker = await created;
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
  await page.getByLabel('Run on').selectOption({ label: 'WebGL' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000'); // still training when the GPU goes
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  const lost = await worker.evaluate(() => {
    const g = self as unknown as { __gl: WebGLRenderingContext[] };
    for (const c of g.__gl) c.getExtension('WEBGL_lose_context')?.loseContext();
    return g.__gl.length;
  });
  expect(lost).toBeGreaterThan(0);

  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Run #1 was interrupted\. The GPU stopped working during training: the WebGL context was lost\. Its \d+ finished epochs are kept in the curves\. Train again: a fresh worker starts the GPU again\. If it happens again, choose WebAssembly \(CPU\) under "Run on"\./, { timeout: 30_000 });
  // On WebAssembly, as the message suggests: a fresh worker trains the same settings (stopped after a few epochs).
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await notice.getByRole('button', { name: "Train run #1's settings again" }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #2 finished \(user/)).toBeVisible({ timeout: 30_000 });
  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('row', { name: /#2/ }).getByRole('cell', { name: 'wasm' })).toBeVisible();
});

test('WebGPU device destroyed mid-run: the run stops and says so', async ({ page }) => {
  await openFreshStudio(page);
  const created = page.waitForEvent('worker', (w) => /train\.worker/.test(w.url()));
  await irisAtTrainStep(page);
  const worker: Worker = await created;
  const hasWebGpu = await worker.evaluate(async () => {
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
  test.skip(!hasWebGpu, 'no WebGPU adapter in this browser');
  await page.getByLabel('Run on').selectOption({ label: 'WebGPU' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000'); // still training when the GPU goes
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/^Epoch ([3-9]|\d{2,4}) of 5000/)).toBeVisible({ timeout: 60_000 });
  const destroyed = await worker.evaluate(() => {
    const g = self as unknown as { __devices: { destroy(): void }[] };
    for (const d of g.__devices) d.destroy();
    return g.__devices.length;
  });
  expect(destroyed).toBeGreaterThan(0);
  await expect(page.getByTestId('interrupted-run')).toContainText(/Run #1 was interrupted\. The GPU stopped working during training: the WebGPU device was lost( \([^)]*\))?\. Its \d+ finished epochs are kept/, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Start training' }).or(page.getByRole('button', { name: 'Train again' }))).toBeEnabled();
});
