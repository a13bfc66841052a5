import { readFile } from 'node:fs/promises';
import { test, expect, exportAndImportFresh, irisAtTrainStep, openFreshStudio } from '../support/studio';

/** The iris sample's own rows, with one numeric column rewritten (and, optionally, one left out). */
function batchCsv(sample: string, change: { scale: string; by: (v: number) => number }, drop?: string): string {
  const [head, ...rows] = sample.trim().split('\n');
  const names = head!.split(',');
  const at = names.indexOf(change.scale);
  const keep = names.map((n) => n !== drop);
  const line = (cells: string[]) => cells.filter((_, i) => keep[i]).join(',');
  return [line(names), ...rows.map((r) => line(r.split(',').map((c, i) => (i === at ? String(Number((change.by(Number(c))).toFixed(3))) : c))))].join('\n');
}

test('batch prediction: train on iris, score a shifted file (CSV with probabilities, drift ranks the shifted column first), a file without a column is named', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  await page.getByLabel('Run on').selectOption({ label: 'Plain JavaScript (CPU)' });
  await page.getByLabel('Epochs', { exact: true }).fill('10');
  await page.getByLabel('Learning rate', { exact: true }).fill('0.05');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 180_000 });

  const sample = await (await page.request.get('/samples/iris.csv')).text();
  const rows = sample.trim().split('\n').length - 1;
  const shifted = batchCsv(sample, { scale: 'sepal_width', by: (v) => v * 3 + 1 });

  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const panel = page.getByRole('region', { name: 'Predict a file' });
  await panel.getByLabel('Choose a file to predict').setInputFiles({ name: 'shifted.csv', mimeType: 'text/csv', buffer: Buffer.from(shifted) });
  await expect(panel.getByTestId('batch-summary')).toContainText(`Predicted ${rows} rows`, { timeout: 60_000 });

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download predictions (.csv)' }).click()]);
  expect(download.suggestedFilename()).toBe('shifted-predictions.csv');
  const path = testInfo.outputPath('predictions.csv');
  await download.saveAs(path);
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species,prediction,probability_setosa,probability_versicolor,probability_virginica');
  expect(lines.length).toBe(rows + 1);
  for (const l of lines.slice(1)) {
    const cells = l.split(',');
    const p = cells.slice(-3).map(Number);
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
    expect(['setosa', 'versicolor', 'virginica'][p.indexOf(Math.max(...p))]).toBe(cells[5]);
  }
  // the input columns are the file's own cells
  expect(lines[1]!.split(',').slice(0, 5).join(',')).toBe(shifted.split('\n')[1]);

  const report = panel.getByRole('region', { name: 'Drift against the training data' });
  await expect(report.getByTestId('drift-row-0').getByRole('rowheader')).toHaveText('sepal_width');
  await expect(report.getByTestId('drift-headline')).toHaveText(/^sepal_width is distributed very differently from training \(PSI \d+\.\d\d\): retraining is advised\.$/);
  await expect(report.getByRole('figure', { name: /sepal_width: training vs new/ })).toBeVisible();
  await expect(report.getByTestId('drift-predictions')).toBeVisible();

  // The file has the target column (species): its labelled rows become feedback, listed in Evaluate → Feedback.
  await panel.getByRole('button', { name: 'Add the labelled rows to feedback' }).click();
  await expect(panel.getByTestId('batch-feedback').getByRole('status')).toHaveText(`Added ${rows} rows to the feedback data (Evaluate → Feedback).`);
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const feedback = page.getByRole('region', { name: `Feedback: ${rows} corrected predictions` });
  const fbRows = feedback.getByRole('table', { name: 'Feedback rows' }).getByRole('row');
  await expect(fbRows).toHaveCount(rows + 1);
  const [sl, sw, pl, pw, species] = shifted.split('\n')[1]!.split(',');
  const first = fbRows.nth(1).getByRole('cell');
  await expect(first.nth(0)).toHaveText(`sepal_length=${Number(sl)}, sepal_width=${Number(sw)}, petal_length=${Number(pl)}, petal_width=${Number(pw)}`);
  await expect(first.nth(1)).toHaveText(lines[1]!.split(',')[5]!); // what the model said: the CSV's prediction
  await expect(first.nth(2)).toHaveText(species!);
  await expect(first.nth(3)).toHaveText('shifted.csv'); // where the row came from
  await page.getByRole('button', { name: /Step 7: Export/ }).click();

  // A file without petal_length, dropped on the panel: named before anything is predicted.
  const missing = batchCsv(sample, { scale: 'sepal_width', by: (v) => v }, 'petal_length');
  const dt = await page.evaluateHandle((c) => {
    const d = new DataTransfer();
    d.items.add(new File([c], 'no-petal-length.csv', { type: 'text/csv' }));
    return d;
  }, missing);
  await panel.getByTestId('batch-drop').dispatchEvent('drop', { dataTransfer: dt });
  await expect(panel.getByRole('alert')).toContainText('no-petal-length.csv does not fit this model: a column is missing: “petal_length” (numbers).');
  await expect(panel.getByTestId('batch-summary')).toHaveCount(0);
  // the dataset loaded in the studio is still iris (the drop did not load the file as data)
  await page.getByRole('button', { name: /Step 1: Upload/ }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');

  // The exported bundle carries the training summary: an imported model in a fresh studio reports drift too.
  const other = await exportAndImportFresh(page, browser, testInfo.outputPath('bundle.zip'));
  const there = other.getByRole('region', { name: 'Predict a file' });
  await there.getByLabel('Choose a file to predict').setInputFiles({ name: 'shifted.csv', mimeType: 'text/csv', buffer: Buffer.from(shifted) });
  await expect(there.getByTestId('batch-summary')).toContainText(`Predicted ${rows} rows`, { timeout: 60_000 });
  await expect(there.getByTestId('drift-row-0').getByRole('rowheader')).toHaveText('sepal_width');
  await other.context().close();
});
