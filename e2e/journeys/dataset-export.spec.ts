import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { test, expect, openFreshStudio, irisAtTrainStep } from '../support/studio';
import type { Page } from '@playwright/test';

async function download(page: Page, button: string, path: string): Promise<Record<string, Uint8Array>> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  await d.saveAs(path);
  return unzipSync(new Uint8Array(readFileSync(path)));
}
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

test('dataset export: cleaned splits as CSV and JSONL with the stamp; the bundle shows the stamp on import; Reproduce says metrics match', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page, 'Choose Decision tree');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 7: Export/ }).click();

  // Stamp lines: version, seed, data hash (with its row count), recipe hash, backend, date.
  const shownHash = /^([0-9a-f]{64}) \(\d+ rows\)$/.exec((await page.getByLabel('Run stamp').locator('dd').nth(2).textContent()) ?? '')?.[1];
  expect(shownHash).toBeTruthy();

  // Split sizes as the form shows them.
  const sizes: Record<string, number> = {};
  for (const s of ['train', 'validation', 'test']) sizes[s] = Number(/\((\d+) rows\)/.exec((await page.getByText(new RegExp(`^ ?${s} \\(\\d+ rows\\)`)).textContent()) ?? '')?.[1]);
  expect(sizes.train! + sizes.validation! + sizes.test!).toBe(150);

  const csv = await download(page, 'Export dataset (.zip)', testInfo.outputPath('csv.zip'));
  expect(Object.keys(csv).sort()).toEqual(['README.md', 'stamp.json', 'test.csv', 'train.csv', 'validation.csv']);
  for (const s of ['train', 'validation', 'test']) {
    const parsed = Papa.parse<Record<string, string>>(text(csv[`${s}.csv`]), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(sizes[s]!);
    expect(Object.keys(parsed.data[0]!)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  }
  const stamp = JSON.parse(text(csv['stamp.json'])) as Record<string, unknown>;
  expect(stamp).toMatchObject({ format: 'ml-studio-stamp', version: 1, studioVersion: '0.1.0', dataSha256: shownHash, trainRows: sizes.train });
  await expect(page.getByTestId('dataset-export-result')).toContainText(`train.csv (${sizes.train} rows)`);

  await page.getByLabel('Export format').selectOption('jsonl');
  const jsonl = await download(page, 'Export dataset (.zip)', testInfo.outputPath('jsonl.zip'));
  for (const s of ['train', 'validation', 'test']) {
    const lines = text(jsonl[`${s}.jsonl`]).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(sizes[s]!);
    expect(typeof lines[0]!.sepal_length).toBe('number');
  }
  expect(JSON.parse(text(jsonl['stamp.json'])).dataSha256).toBe(shownHash);

  // The bundle carries the stamp; importing it shows it.
  const bundle = await download(page, 'Download bundle (.zip)', testInfo.outputPath('bundle.zip'));
  expect(JSON.parse(text(bundle['stamp.json'])).dataSha256).toBe(shownHash);
  await page.getByLabel('Choose a model bundle').setInputFiles(testInfo.outputPath('bundle.zip'));
  await expect(page.getByText(/Loaded .*\.zip/)).toBeVisible();
  await expect(page.getByLabel('Imported stamp')).toContainText(shownHash!);
  await expect(page.getByLabel('Imported stamp')).toContainText('0.1.0');

  await page.getByRole('button', { name: 'Reproduce the imported model here' }).click();
  await expect(page.getByText(/Run #2 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  await expect(page.getByTestId('reproduction')).toHaveText(/metrics match exactly; training data hash matches; recipe hash matches/);
});

test('Reproduce a neural network run on WebAssembly: the same seed gives exactly the same metrics', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page, /Choose Neural network/);
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByLabel('Epochs', { exact: true }).fill('8');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  await expect(page.getByLabel('Run stamp')).toContainText('wasm');
  await page.getByRole('button', { name: 'Reproduce run #1' }).click();
  await expect(page.getByText(/Run #2 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  await expect(page.getByTestId('reproduction')).toHaveText(/Reproduced run #1: metrics match exactly; training data hash matches; recipe hash matches/);
});
