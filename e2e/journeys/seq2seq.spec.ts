import { test, expect, openFreshStudio } from '../support/studio';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { expectAccessible } from '../support/a11y';

/**
 * Sequence to sequence: the pronunciation sample (CMUdict) → a tiny T5-style model on WASM for a
 * short run → test metrics, beam vs greedy, worst examples → playground with cross-attention →
 * export → import in a fresh browser context gives the identical output.
 */
test('seq2seq: pronunciation sample trains on wasm, shows test metrics and beam vs greedy, playground, export → import identical', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  // The welcome screen's first-run path opens the sequence-to-sequence view (not the tabular path).
  await page.getByRole('region', { name: 'New here? Pick a path' }).getByRole('button', { name: /Start the sequence-to-sequence path with Pronunciation/ }).click();
  await expect(page.getByRole('heading', { name: 'Sequence to sequence' })).toBeVisible();
  await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Source column')).toHaveValue('word');
  await expect(page.getByLabel('Target column')).toHaveValue('phonemes');
  await expect(page.getByTestId('s2s-estimate')).toContainText(/parameters/);
  await expectAccessible(page, 'seq2seq (before training)');

  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Training steps').fill('120');
  await page.getByLabel('Validate every').fill('60');
  // The measured speed probe, shown with the size estimate.
  await page.getByRole('button', { name: 'Measure speed' }).click();
  await expect(page.getByTestId('s2s-probe')).toContainText(/On wasm: \d+ ms per step \([\d,]+ tokens\/s.*the 120 steps would take about/, { timeout: 60_000 });
  console.log(`seq2seq journey: speed probe: ${await page.getByTestId('s2s-probe').textContent()}`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('s2s-train-status');
  await expect(status).toContainText(/tokens\/s on wasm/, { timeout: 60_000 });
  await expect(status).toContainText(/Run done after 120 steps; checkpoint at step 120/, { timeout: 150_000 });

  const em = await page.getByTestId('s2s-exact-match').textContent();
  const ter = await page.getByTestId('s2s-ter').textContent();
  console.log(`seq2seq journey: 120 steps, test exact match ${em}, phoneme error rate ${ter}`);
  await expect(page.getByLabel('Test metrics')).toContainText('BLEU');
  await expect(page.getByLabel('Beam search against greedy')).toContainText(/beam \(width 4/);
  await expect(page.getByLabel('Worst test examples').locator('tbody tr')).toHaveCount(10);
  // The tokenizer workbench for each side.
  await expect(page.getByRole('region', { name: 'Source tokenizer workbench' })).toContainText('Characters per token');
  await expect(page.getByRole('region', { name: 'Target tokenizer workbench' })).toContainText('Vocabulary');

  // Playground: greedy streams an output and draws cross-attention; beam lists its hypotheses.
  await page.getByLabel('Source', { exact: true }).fill('cat');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('s2s-output')).not.toBeEmpty({ timeout: 30_000 });
  await expect(page.getByLabel('Cross-attention heat map')).toBeVisible();
  const greedy = (await page.getByTestId('s2s-output').textContent())!;
  await page.getByLabel('Decoding').selectOption('beam');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Beam hypotheses').locator('li')).toHaveCount(4, { timeout: 30_000 });
  await page.getByLabel('Decoding').selectOption('greedy');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Cross-attention heat map')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'seq2seq (trained: results, playground, heat map)');

  // Export → import in a fresh context → the same greedy output.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export bundle (.zip)' }).click()]);
  const path = testInfo.outputPath('seq2seq-bundle.zip');
  await download.saveAs(path);
  // The Hugging Face T5 folder (the default settings are the T5 options).
  const [hf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export for Hugging Face T5 (.zip)' }).click()]);
  expect(hf.suggestedFilename()).toBe('t5-model.zip');
  const hfFiles = Object.keys(unzipSync(new Uint8Array(readFileSync(await hf.path())))).sort();
  expect(hfFiles).toEqual(expect.arrayContaining(['config.json', 'model.safetensors', 'tokenizer.json']));
  const other = await (await browser.newContext()).newPage();
  await openFreshStudio(other);
  await other.getByRole('button', { name: 'Sequence to sequence' }).click();
  await other.getByLabel('Import a bundle').setInputFiles(path);
  await expect(other.getByTestId('s2s-imported')).toBeVisible({ timeout: 30_000 });
  await other.getByLabel('Source', { exact: true }).fill('cat');
  await other.getByRole('button', { name: 'Run' }).click();
  await expect(other.getByTestId('s2s-output')).toHaveText(greedy, { timeout: 30_000 });
  await other.context().close();
});
