import { test, expect, openFreshStudio, irisAtTrainStep, parseStat } from '../support/studio';
import { expectAccessible } from '../support/a11y';

test('fix and retrain: open a training-rows cell, relabel and remove rows, retrain with one click, see which test examples flipped', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page, 'Choose Decision tree');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();

  // Run #1's test matrix: setosa test rows it got right.
  const testCell = page.getByRole('button', { name: /rows of true class setosa predicted as setosa/ }).first();
  const setosaRight = parseStat((await testCell.getAttribute('aria-label'))!.split(' ')[0]!);
  expect(setosaRight).toBeGreaterThan(0);

  const panel = page.getByRole('region', { name: 'Fix training labels and retrain' });
  await expect(panel.getByRole('note')).toContainText('training rows only');
  await panel.getByLabel('training rows').check();
  const matrix = panel.getByRole('group', { name: 'Training rows confusion matrix' });
  const cell = matrix.getByRole('button', { name: /rows of true class setosa predicted as setosa/ });
  const n = parseStat((await cell.getAttribute('aria-label'))!.split(' ')[0]!);
  expect(n).toBeGreaterThan(20); // ~70 % of 50 setosa flowers
  await cell.click();
  const rows = panel.getByRole('region', { name: 'Training rows labelled setosa, predicted setosa' });
  // The rows come with their values (4 measurements + species).
  await expect(rows.getByRole('columnheader', { name: 'petal_length' })).toBeVisible();
  await expect(rows.getByRole('combobox', { name: /^Fix for row/ })).toHaveCount(n);
  await rows.getByLabel(`All ${n} rows:`).selectOption('relabel as versicolor');
  await rows.getByRole('button', { name: `Apply to all ${n}` }).click();
  await rows.getByRole('combobox', { name: /^Fix for row/ }).first().selectOption('remove from training');
  await expect(panel.getByText(`${n - 1} rows relabelled, 1 removed`)).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Removed training rows' }).getByRole('combobox', { name: /^Fix for row/ })).toHaveCount(1);
  await expectAccessible(page, 'Evaluate: fix training labels (cell rows open)');

  // Fixes are part of the saved project.
  await page.waitForTimeout(1500); // autosave is debounced
  await page.reload();
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  await expect(page.getByRole('region', { name: 'Fix training labels and retrain' }).getByText(`${n - 1} rows relabelled, 1 removed`)).toBeVisible();

  await page.getByRole('button', { name: 'Retrain with fixes' }).click();
  // One click: the run trains (Train step) and the studio comes back to Evaluate on run #2 with its flips.
  const flips = page.getByRole('region', { name: 'Which test examples flipped since run #1' });
  await expect(flips).toBeVisible({ timeout: 120_000 });
  await expect(flips).toContainText(`${n - 1} training rows relabelled and 1 removed`);
  // No setosa is left to learn from, so every setosa test row run #1 got right is now wrong.
  const r2w = parseStat((await flips.getByTestId('flips-rightToWrong').textContent())!.split(':')[1]!);
  expect(r2w).toBeGreaterThanOrEqual(setosaRight);
  await expect(flips.getByRole('cell', { name: 'true setosa: #1 setosa → #2 versicolor' })).toHaveCount(setosaRight);
  await flips.getByTestId('flips-wrongToRight').click();
  await expect(flips.getByTestId('flips-wrongToRight')).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page, 'Evaluate: test examples flipped after retraining with fixes');
});
