import { readFileSync } from 'node:fs';
import { test, expect, irisMlpAtTrainStep, openFreshStudio } from '../support/studio';
import { startKit, unpackKit } from '../../build-tools/server-kit/run-kit';

const IRIS_ROW = { sepal_length: '6.3', sepal_width: '2.8', petal_length: '5.1', petal_width: '1.5' };
const CLASSES = ['setosa', 'versicolor', 'virginica'];

test('iris: train, "Export server kit", unpack, node server.mjs answers /predict as the playground', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisMlpAtTrainStep(page);
  await page.getByLabel('Epochs', { exact: true }).fill('8');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.05');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 180_000 });

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  for (const [k, v] of Object.entries(IRIS_ROW)) await page.getByLabel(new RegExp(`^${k}`)).fill(v);
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByTestId('predicted-class')).toBeVisible();
  const shown = await Promise.all(CLASSES.map((c) => page.getByTestId(`probability-${c}`).textContent()));
  const predicted = await page.getByTestId('predicted-class').textContent();

  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export server kit' }).click()]);
  expect(download.suggestedFilename()).toMatch(/-server\.zip$/);
  await expect(page.getByRole('status').filter({ hasText: /Saved .*-server\.zip/ })).toBeVisible();
  const zipPath = testInfo.outputPath('kit.zip');
  await download.saveAs(zipPath);

  const kit = await startKit(unpackKit(new Uint8Array(readFileSync(zipPath))));
  try {
    const health = (await (await fetch(`${kit.url}/health`)).json()) as { status: string; backend: string };
    expect(health).toMatchObject({ status: 'ok', backend: 'wasm' });
    // The row exactly as typed in the form: strings, as a CSV would hold them.
    const res = await fetch(`${kit.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [IRIS_ROW] }) });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
    expect(predictions[0]!.label).toBe(predicted);
    // The playground shows two decimals of a percentage: the server's answer rounds to the same text.
    expect(CLASSES.map((c) => `${(predictions[0]!.probabilities[c]! * 100).toFixed(2)}%`)).toEqual(shown);
    const bad = await fetch(`${kit.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ sepal_length: 1 }] }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toMatch(/^rows\[0\]\./);
  } finally {
    await kit.stop();
  }
});
