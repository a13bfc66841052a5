import { test, expect, irisAtTrainStep, openFreshStudio, toTrainStep } from '../support/studio';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

async function train(page: Page, number: number, epochs: number, learningRate: number) {
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByLabel('Learning rate', { exact: true }).fill(String(learningRate));
  await page.getByRole('button', { name: number === 1 ? 'Start training' : 'Train again' }).click();
  await expect(page.getByText(new RegExp(`Run #${number} finished`))).toBeVisible({ timeout: 120_000 });
}

const num = (s: string | null) => Number((s ?? '').replace('−', '-').replace('±', '').replace('★', '').trim());

test('iris: two MLP runs compared (settings diff, metric differences, changed test rows with their values); a run on another split is refused row by row', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  // Run 1 barely trains (2 epochs at a small rate); run 2 trains properly: many test rows change.
  await train(page, 1, 2, 0.001);
  await train(page, 2, 40, 0.05);

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const panel = page.getByRole('region', { name: 'Compare runs' });
  await expect(panel.getByText('Tick two or more runs to compare them')).toBeVisible();
  const picks = panel.getByRole('group', { name: 'Runs to compare' });
  await picks.getByLabel(/Run #1/).check();
  await picks.getByLabel(/Run #2/).check();

  // Settings: the two changed settings are listed (highlighted), the rest hidden behind a toggle.
  const diff = panel.getByRole('region', { name: 'Settings diff' });
  await expect(diff.getByText('2 settings changed')).toBeVisible();
  await expect(diff.getByTestId('setting-training.epochs')).toHaveText(/training\.epochs\s*2\s*40/);
  await expect(diff.getByTestId('setting-training.epochs')).toHaveClass(/changed/);
  await expect(diff.getByTestId('setting-training.learningRate')).toHaveText(/0\.001\s*0\.05/);
  await expect(diff.getByTestId('setting-training.batchSize')).toHaveCount(0);
  await diff.getByRole('button', { name: /Show the \d+ unchanged settings/ }).click();
  await expect(diff.getByTestId('setting-training.batchSize')).toHaveText(/32\s*32/);
  await expect(diff.getByTestId('setting-training.batchSize')).not.toHaveClass(/changed/);

  // Metrics: each shown difference is run 2's shown value minus run 1's (4 decimals each).
  const metrics = panel.getByRole('table', { name: 'Metrics side by side' });
  const ids = ['accuracy', 'balancedAccuracy', 'macroF1', 'weightedF1', 'logLoss', 'auc'];
  const shown: Record<string, [number, number]> = {};
  for (const id of ids) {
    const row = metrics.getByTestId(`metric-row-${id}`);
    const [v1, v2] = (await row.getByTestId('value').allTextContents()).map(num);
    const d = num(await row.getByTestId('diff').textContent());
    expect(Math.abs(d - (v2! - v1!)), id).toBeLessThanOrEqual(0.00015);
    shown[id] = [v1!, v2!];
  }
  // The better run is marked by the metric's direction: higher accuracy, lower log loss.
  const starOf = async (id: string) => (await metrics.getByTestId(`metric-row-${id}`).getByTestId('value').allTextContents()).map((t) => t.includes('★'));
  const [acc1, acc2] = shown.accuracy!;
  if (acc1 !== acc2) expect(await starOf('accuracy')).toEqual([acc1 > acc2, acc2 > acc1]);
  const [loss1, loss2] = shown.logLoss!;
  expect(await starOf('logLoss')).toEqual([loss1 < loss2, loss2 < loss1]);

  await expect(panel.getByRole('figure', { name: 'Loss per epoch: runs #1, #2' })).toBeVisible();
  await expect(panel.getByRole('figure', { name: /ROC curves \(setosa vs rest\)/ })).toBeVisible();
  await expect(panel.getByRole('figure', { name: 'Confusion matrix of run #1' })).toBeVisible();
  // A cell of one run's matrix opens the test rows it counts, with their values.
  const cell = panel.getByRole('figure', { name: 'Confusion matrix of run #2' }).getByRole('button', { name: /rows of true class setosa predicted as setosa/ });
  const inCell = Number(await cell.textContent());
  await cell.click();
  const cellRows = panel.getByRole('region', { name: 'Rows in the chosen cell of a compared run' });
  await expect(cellRows.getByText(`Run #2: true setosa, predicted setosa: ${inCell} rows`)).toBeVisible();
  await expect(cellRows.locator('tbody tr')).toHaveCount(inCell);

  // Changed rows: the total is right→wrong + wrong→right + both wrong, and the accuracy moved by
  // (wrong→right − right→wrong) / n.
  const changed = panel.getByRole('region', { name: 'Changed predictions' });
  const total = (await changed.getByTestId('flip-total').textContent())!.match(/^(\d+) of (\d+) test rows/)!;
  const count = async (k: string) => Number((await changed.getByTestId(`flips-${k}`).textContent())!.match(/: (\d+)$/)![1]);
  const [r2w, w2r, both] = [await count('rightToWrong'), await count('wrongToRight'), await count('bothWrong')];
  expect(Number(total[1])).toBe(r2w + w2r + both);
  expect(Number(total[1])).toBeGreaterThan(0);
  const n = Number(total[2]);
  await expect(page.getByText(`All numbers are measured on the ${n} test rows`)).toBeVisible();
  expect(Math.abs(acc2 - acc1 - (w2r - r2w) / n)).toBeLessThanOrEqual(0.0001);

  // The rows of a kind are listed with their values from the data worker.
  const kind = w2r > 0 ? 'wrongToRight' : r2w > 0 ? 'rightToWrong' : 'bothWrong';
  await changed.getByTestId(`flips-${kind}`).click();
  const listed = { rightToWrong: r2w, wrongToRight: w2r, bothWrong: both }[kind];
  const table = changed.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'sepal_length' })).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(Math.min(listed, 100));
  await expect(table.locator('tbody tr').first()).toContainText(/true (setosa|versicolor|virginica): #1 \w+ → #2 \w+/);

  // The whole comparison passes axe's WCAG 2.1 AA rules.
  const axe = await new AxeBuilder({ page }).include('.compare-runs').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Run 3 on another split (a new split seed): settings and metrics compare, rows do not.
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await page.getByRole('group', { name: 'Split the rows' }).getByLabel('Seed').fill('7');
  // Encoded again on the new split: the runs so far are out of date.
  await page.getByRole('button', { name: 'Step 5: Train (out of date)' }).click();
  await train(page, 3, 40, 0.05);
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  await picks.getByLabel(/Run #1/).check();
  await picks.getByLabel(/Run #3/).check();
  await expect(panel.getByText(/These runs were not all trained on the same data and encode settings/)).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Metrics side by side' }).getByTestId('metric-row-accuracy')).toBeVisible();
  await expect(panel.getByText(/Runs #1 and #3 were not tested on the same rows/)).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Changed predictions' })).toHaveCount(0);
});

test('cars: a decision tree and gradient boosting compared (model change in the diff, R² and MAE differences by direction, rows whose error changed most)', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page, '/?sample=cars');
  await expect(page.getByLabel('Target column')).toHaveValue('Miles_per_Gallon');
  await toTrainStep(page, 'Choose Decision tree', /The model will see \d+ features/);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Gradient boosting' }).click();
  await page.getByRole('region', { name: 'Model settings' }).getByLabel(/Boosting rounds/).fill('60');
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByRole('button', { name: 'Train again' }).click();
  await expect(page.getByText(/Run #2 finished/)).toBeVisible({ timeout: 60_000 });

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const panel = page.getByRole('region', { name: 'Compare runs' });
  const picks = panel.getByRole('group', { name: 'Runs to compare' });
  await picks.getByLabel(/Run #1/).check();
  await picks.getByLabel(/Run #2/).check();
  await expect(panel.getByTestId('setting-model')).toHaveText(/Decision tree\s*Gradient boosting/);
  await expect(panel.getByTestId('setting-model')).toHaveClass(/changed/);
  // A parameter only boosting has reads "not set" for the tree.
  await expect(panel.getByTestId('setting-params.learningRate')).toContainText('not set');

  const metrics = panel.getByRole('table', { name: 'Metrics side by side' });
  for (const [id, direction] of [['r2', 'higher'], ['mae', 'lower'], ['rmse', 'lower']] as const) {
    const row = metrics.getByTestId(`metric-row-${id}`);
    const texts = await row.getByTestId('value').allTextContents();
    const [v1, v2] = texts.map(num);
    expect(Math.abs(num(await row.getByTestId('diff').textContent()) - (v2! - v1!)), id).toBeLessThanOrEqual(0.00015);
    if (v1 !== v2) expect(texts.map((t) => t.includes('★')), id).toEqual(direction === 'higher' ? [v1! > v2!, v2! > v1!] : [v1! < v2!, v2! < v1!]);
  }
  const changed = panel.getByRole('region', { name: 'Changed predictions' });
  await expect(changed.getByText(/The 20 test rows whose error changed most from run #1 to run #2/)).toBeVisible();
  await expect(changed.getByRole('columnheader', { name: 'Weight_in_lbs' })).toBeVisible();
  await expect(changed.locator('tbody tr')).toHaveCount(20);
});
