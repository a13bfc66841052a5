import { readFileSync } from 'node:fs';
import { test, expect, irisAtTrainStep, openFreshStudio } from '../support/studio';
import { openMobyDick, setTinyGpt, trainLmToEnd } from '../support/lm';
import { startKit, unpackKit } from '../../build-tools/server-kit/run-kit';

const IRIS_ROW = { sepal_length: '6.3', sepal_width: '2.8', petal_length: '5.1', petal_width: '1.5' };
const CLASSES = ['setosa', 'versicolor', 'virginica'];

test('iris: train, "Export server kit", unpack, node server.mjs answers /predict as the playground', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
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

test('language model: tiny GPT, "Export server kit" in the LM view, POST /generate streams the text the studio generates', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await openMobyDick(page);
  await setTinyGpt(page, { steps: 40, batch: 8, learningRate: 0.004, warmup: 5, evalEvery: 20, checkpointEvery: 20 });
  await trainLmToEnd(page);

  // Greedy, so the text depends on the weights only.
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('The whale ');
  await page.getByLabel('New tokens').fill('40');
  await page.getByLabel('Temperature', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const generated = page.getByTestId('lm-generated');
  await expect(generated).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  const studioText = await generated.textContent();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export server kit' }).click()]);
  const zipPath = testInfo.outputPath('lm-kit.zip');
  await download.saveAs(zipPath);
  const kit = await startKit(unpackKit(new Uint8Array(readFileSync(zipPath))));
  try {
    expect(await (await fetch(`${kit.url}/health`)).json()).toMatchObject({ status: 'ok', kind: 'lm', task: 'generation' });
    // The kit carries the LM run's stamp: the text hash the LM view shows, as GET /model answers it.
    const textHash = /Training text SHA-256([0-9a-f]{64})/.exec((await page.getByLabel('Language-model run stamp').textContent())!)?.[1];
    const model = (await (await fetch(`${kit.url}/model`)).json()) as { stamp: { kind?: string; dataSha256: string; backend: string } | null };
    expect(model.stamp).toMatchObject({ kind: 'lm', dataSha256: textHash, backend: 'wasm' });
    const res = await fetch(`${kit.url}/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'The whale ', maxNewTokens: 40, temperature: 0 }) });
    expect(res.headers.get('content-type')).toMatch(/ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { text: string; done?: boolean; tokens?: number });
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ done: true, tokens: 40 });
    expect(lines.length).toBeGreaterThan(2); // streamed, not one answer at the end
    // The studio shows the prompt and its continuation.
    expect(studioText).toContain(last.text);
  } finally {
    await kit.stop();
  }
});
