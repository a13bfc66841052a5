import { test, expect, openFreshStudio, toTrainStep } from '../support/studio';

test('penguins: a Bayesian search of a random forest fills the trial table, stops, and its best trial becomes a run to evaluate', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page, '/?sample=penguins');
  await expect(page.getByLabel('Target column')).toHaveValue('Species');
  await toTrainStep(page, 'Choose Random forest', /The model will see \d+ features/);

  await page.getByText('Hyperparameter search').click();
  const vary = page.getByRole('group', { name: 'Parameters to vary' });
  // Two parameters vary by default; the depth is searched on its own linear range.
  await vary.getByLabel('Vary Maximum depth').check();
  await page.getByLabel('param.maxDepth from').fill('1');
  await page.getByLabel('param.maxDepth to').fill('8');
  await page.getByLabel('Strategy').selectOption('bayes');
  await page.getByLabel('Budget', { exact: true }).fill('200');
  await page.getByRole('button', { name: 'Start search' }).click();

  const trials = page.getByRole('table', { name: 'Trials' });
  const scored = () => trials.locator('tbody tr').filter({ has: page.getByRole('cell', { name: 'done', exact: true }) }).count();
  await expect.poll(scored, { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
  await page.getByRole('button', { name: 'Stop search (keep the trials)' }).click();
  await expect(page.getByText(/^Stopped: \d+ trials scored by validation accuracy, best (1|0\.\d+) \(trial #\d+\)\./)).toBeVisible({ timeout: 60_000 });
  const kept = await scored();
  expect(kept).toBeGreaterThanOrEqual(4);
  expect(kept).toBeLessThan(200);
  await expect(page.getByRole('figure', { name: 'Validation accuracy per trial' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Score against maxDepth' })).toBeVisible();

  // Sorted by score: the first row is the best trial.
  const bestRow = trials.locator('tbody tr').first();
  const bestId = (await bestRow.locator('td').first().textContent())!.replace('#', '');
  const bestDepth = await bestRow.locator('td').nth((await trials.locator('thead th').allTextContents()).indexOf('maxDepth')).textContent();
  await page.getByRole('button', { name: `Use best (trial #${bestId})` }).click();

  const history = page.getByRole('region', { name: 'Run history' });
  await expect(history.getByRole('cell', { name: '#1', exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(history.getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 60_000 });
  // The run was trained with the best trial's depth.
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await expect(page.getByRole('region', { name: 'Model settings' }).getByLabel(/Maximum depth/)).toHaveValue(bestDepth!);

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  await expect(page.getByRole('option', { name: '#1 Random forest' })).toBeAttached();
  expect(Number(await page.getByTestId('metric-Accuracy').textContent())).toBeGreaterThan(0.85);

  // Compare runs lists the search trials beside the run: the run is the best trial trained
  // again, so their validation accuracies agree (difference ±0).
  const compare = page.getByRole('region', { name: 'Compare runs' });
  const picks = compare.getByRole('group', { name: 'Runs to compare' });
  await picks.getByLabel(/Run #1/).check();
  await picks.getByRole('checkbox', { name: `Search trial ${bestId} Random forest`, exact: true }).check();
  const scores = compare.getByRole('table', { name: 'Validation and cross-validation scores side by side' });
  const row = scores.getByTestId('metric-row-validation.accuracy');
  await expect(row).toContainText('±0.0000');
  await expect(compare.getByText(/Search trials and fold sets have no test metrics/)).toBeVisible();
});
