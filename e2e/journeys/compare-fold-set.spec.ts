import { test, expect, openFreshStudio, toTrainStep } from '../support/studio';

test('penguins: a 3-fold cross-validation of a random forest is compared with a trained run by its CV means', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page, '/?sample=penguins');
  await expect(page.getByLabel('Target column')).toHaveValue('Species');
  await toTrainStep(page, 'Choose Random forest', /The model will see \d+ features/);

  const cv = page.getByRole('region', { name: 'Cross-validation' });
  await cv.getByLabel('Folds (k)').selectOption('3');
  await cv.getByRole('button', { name: 'Cross-validate' }).click();
  await expect(cv.getByTestId('cv-result')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
  const cvMean = (await cv.getByTestId('cv-mean-accuracy').textContent())!.split('±')[0]!.trim();

  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();

  const compare = page.getByRole('region', { name: 'Compare runs' });
  const picks = compare.getByRole('group', { name: 'Runs to compare' });
  await picks.getByRole('checkbox', { name: 'Run #1 Random forest', exact: true }).check();
  await picks.getByRole('checkbox', { name: 'Cross-validation 1: Random forest', exact: true }).check();
  const scores = compare.getByRole('table', { name: 'Validation and cross-validation scores side by side' });
  // The fold set's mean accuracy is the one the Cross-validation panel shows; the run has none.
  await expect(scores.getByTestId('metric-row-cv.accuracy')).toContainText(cvMean);
  await expect(scores.getByTestId('metric-row-cv.logLoss')).toBeVisible();
  // The settings diff shows the fold set's folds beside the run's (not set).
  await expect(compare.getByText('folds.k')).toBeVisible();
});
