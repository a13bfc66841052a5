import { readFileSync } from 'node:fs';
import type { Browser, Download } from '@playwright/test';
import { test, expect, chooseFile, openFreshStudio, toTrainStep } from '../support/studio';
import { expectAccessible } from '../support/a11y';

/** Naive CSV rows (the files here hold numbers, plain names and hex hashes). */
const csvRows = (text: string) => text.trim().split(/\r?\n/).map((l) => l.split(','));

async function save(d: Download, dir: string): Promise<string> {
  const path = `${dir}/${d.suggestedFilename()}`;
  await d.saveAs(path);
  return path;
}

/** A student: loads the training file, trains `model`, exports the bundle, predicts the test file; returns the bundle and the predictions by row id. */
async function student(browser: Browser, dir: string, trainCsv: string, testCsv: string, model: string): Promise<{ bundle: string; predicted: Map<string, string> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openFreshStudio(page);
  await chooseFile(page, 'Iris-train.csv', trainCsv);
  await page.getByLabel('Target column').selectOption('species');
  await toTrainStep(page, model, /The model will see 4 features/);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download bundle (.zip)' }).click()]);
  const bundlePath = await save(bundle, dir);
  // The student can predict the test file (its labels are hashes): what the teacher's score is checked against.
  const panel = page.getByRole('region', { name: 'Predict a file' });
  await panel.getByLabel('Choose a file to predict').setInputFiles({ name: 'Iris-test.csv', mimeType: 'text/csv', buffer: Buffer.from(testCsv) });
  const [preds] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download predictions (.csv)' }).click()]);
  const rows = csvRows(readFileSync(await save(preds, dir), 'utf8'));
  const [head, ...body] = rows;
  const id = head!.indexOf('row_id'), p = head!.indexOf('prediction');
  await context.close();
  return { bundle: bundlePath, predicted: new Map(body.map((r) => [r[id]!, r[p]!])) };
}

test('classroom challenge: the teacher writes the files, two students train and hand in bundles, the leaderboard scores equal the accuracy of each model’s own test predictions', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const dir = testInfo.outputDir;
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  // The sample must be loaded before moving on: a step click while it loads is lost (flaked once in CI).
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(/The model will see 4 features/)).toBeVisible();
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const panel = page.getByRole('region', { name: 'Classroom challenge' });
  await panel.getByLabel('Challenge name').fill('Iris');
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await panel.getByRole('button', { name: 'Make the challenge files' }).click();
  await expect.poll(() => downloads.length).toBe(3);
  const files = Object.fromEntries(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), readFileSync(await save(d, dir), 'utf8')] as const)));
  expect(Object.keys(files).sort()).toEqual(['Iris-teacher-key.json', 'Iris-test.csv', 'Iris-train.csv']);
  const trainCsv = files['Iris-train.csv']!, testCsv = files['Iris-test.csv']!;
  const key = JSON.parse(files['Iris-teacher-key.json']!) as { test: { rowId: string; label: string }[] };
  // Students' test file: no label in clear; train + test = the 150 rows.
  expect(testCsv).not.toMatch(/setosa|versicolor|virginica/);
  expect(csvRows(trainCsv).length - 1 + key.test.length).toBe(150);
  await expect(panel.getByTestId('challenge-key')).toContainText(`${key.test.length} hidden test rows`);

  const ada = await student(browser, dir, trainCsv, testCsv, 'Choose Decision tree');
  const ben = await student(browser, dir, trainCsv, testCsv, 'Choose Logistic regression');
  for (const [name, s] of [['Ada', ada], ['Ben', ben]] as const) {
    await panel.getByLabel('Student name').fill(name);
    await panel.getByLabel('Choose student model bundles').setInputFiles(s.bundle);
    await expect(panel.getByRole('status')).toHaveText('Scored 1 model.');
  }
  const board = panel.getByRole('table', { name: 'Leaderboard' });
  await expect(board.getByTestId('leaderboard-row')).toHaveCount(2);
  for (const [name, s] of [['Ada', ada], ['Ben', ben]] as const) {
    const direct = key.test.filter((t) => s.predicted.get(t.rowId) === t.label).length / key.test.length;
    const row = board.getByTestId('leaderboard-row').filter({ has: page.getByRole('rowheader', { name }) });
    await expect(row).toContainText(name === 'Ada' ? 'Decision tree' : 'Logistic regression');
    await expect(row).toContainText(/seed \d+ · data [0-9a-f]{8}/);
    expect(Number(await row.getByTestId('leaderboard-score').textContent())).toBeCloseTo(direct, 4);
  }
  // The leaderboard is part of the project: a reload keeps it.
  await page.waitForTimeout(1500);
  await page.reload();
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  await expect(page.getByRole('table', { name: 'Leaderboard' }).getByTestId('leaderboard-row')).toHaveCount(2);
  await expectAccessible(page, 'Export: classroom challenge');
});
