import type { Locator } from '@playwright/test';
import { test, expect, openFreshStudio, toTrainStep } from '../support/studio';

const numbers = async (cells: Locator) => (await cells.allTextContents()).map(Number);

test('penguins: 5-fold cross-validation of a random forest in the real app; the mean ± sd shown are those of the per-fold values shown; comparing families picks by the one-standard-error rule', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page, '/?sample=penguins');
  await expect(page.getByLabel('Target column')).toHaveValue('Species');
  await toTrainStep(page, 'Choose Random forest', /The model will see \d+ features/);

  const cv = page.getByRole('region', { name: 'Cross-validation' });
  await expect(cv.getByLabel('Folds (k)')).toHaveValue('5');
  await cv.getByRole('button', { name: 'Cross-validate' }).click();
  await expect(cv.getByTestId('cv-result')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });

  const folds = await numbers(cv.getByTestId('cv-fold-accuracy'));
  expect(folds).toHaveLength(5);
  for (const a of folds) expect(a).toBeGreaterThan(0.85); // penguin species are well separated by their measurements
  const [mean, sd] = (await cv.getByTestId('cv-mean-accuracy').textContent())!.split('±').map(Number) as [number, number];
  const m = folds.reduce((a, b) => a + b, 0) / folds.length;
  const s = Math.sqrt(folds.reduce((a, v) => a + (v - m) ** 2, 0) / (folds.length - 1));
  // Values are shown with 4 decimals: the mean of the rounded values is within 1e-4 of the rounded mean.
  expect(Math.abs(mean - m)).toBeLessThanOrEqual(1e-4);
  expect(Math.abs(sd - s)).toBeLessThanOrEqual(2e-4);
  await expect(cv.getByRole('img', { name: /Accuracy per fold: Random forest/ })).toBeVisible();

  // Kept in the project: opening the studio again shows the same result (without ?sample, which would load the sample anew).
  await page.goto('/');
  await expect(page.getByRole('button', { name: /Step 5: Train \(current step\)/ })).toBeVisible();
  const after = page.getByRole('region', { name: 'Cross-validation' });
  await expect(after.getByTestId('cv-mean-accuracy')).toHaveText(`${mean.toFixed(4)} ± ${sd.toFixed(4)}`);

  // Compare every family (3 folds): the pick by the one-standard-error rule is starred and becomes the chosen model.
  await after.getByLabel('Folds (k)').selectOption('3');
  await after.getByLabel('Models').selectOption('compare');
  await after.getByRole('button', { name: 'Cross-validate' }).click();
  await expect(after.getByTestId('cv-result')).toHaveAttribute('data-status', 'done', { timeout: 200_000 });
  const rows = after.getByRole('table', { name: 'Cross-validated scores' }).locator('tbody tr');
  await expect(rows).toHaveCount(6); // every classification family, hist-gradient-boosting included
  const means = await Promise.all(
    (await rows.all()).map(async (r) => {
      const [mean, sd] = (await r.getByTestId('cv-mean-accuracy').textContent())!.split('±').map(Number) as [number, number];
      return { name: (await r.locator('td').first().textContent())!, mean, sd };
    }),
  );
  // The rule by hand from the table (values shown with 4 decimals, hence the 2e-4 slack): best mean,
  // its standard error sd/√3, then the simplest family (the order the explanation lists) within it.
  const best = means.reduce((a, b) => (b.mean > a.mean ? b : a));
  const threshold = best.mean - best.sd / Math.sqrt(3);
  const simplestFirst = ['Logistic regression', 'Decision tree', 'Gradient boosting', 'Histogram gradient boosting', 'Random forest', 'Neural network (MLP)'];
  const clean = (n: string) => n.replace(/ ★$/, '');
  const ranked = [...means].sort((a, b) => simplestFirst.indexOf(clean(a.name)) - simplestFirst.indexOf(clean(b.name)));
  const starred = means.filter((m) => m.name.endsWith(' ★'));
  expect(starred).toHaveLength(1);
  const picked = starred[0]!;
  expect(picked.mean).toBeGreaterThanOrEqual(threshold - 2e-4);
  for (const simpler of ranked.slice(0, ranked.indexOf(picked))) expect(simpler.mean, `${simpler.name} is simpler and within one standard error`).toBeLessThan(threshold + 2e-4);
  const note = after.getByTestId('cv-pick');
  await expect(note).toContainText(`Best mean Accuracy: ${clean(best.name)} (${best.mean.toFixed(4)})`);
  await expect(note).toContainText(`Simplest first: ${simplestFirst.join(', ')}`);
  await note.getByRole('button', { name: 'one-standard-error rule' }).click();
  const glossary = page.getByRole('dialog', { name: 'Glossary' });
  await expect(glossary.locator('[data-entry="one-standard-error-rule"]')).toContainText('choose the simplest');
  await glossary.getByRole('button', { name: 'Close' }).click();
  await expect(glossary).toHaveCount(0);
  const bestLabel = clean(picked.name);
  await page.screenshot({ path: testInfo.outputPath('cross-validation.png'), fullPage: true });
  await after.getByRole('button', { name: `Use the best: ${bestLabel}` }).click();
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await expect(page.locator('li.model-card', { has: page.getByRole('heading', { name: bestLabel, exact: true }) }).getByRole('button', { name: 'Chosen' })).toBeVisible();
});
