import { test, expect, exportAndImportFresh, openFreshStudio } from '../support/studio';

const CAR = { Cylinders: '4', Displacement: '120', Horsepower: '90', Weight_in_lbs: '2500', Acceleration: '16', Origin: 'Japan' };

test('cars: gradient boosting regression trains round by round (pause, resume, stop), R² and residual plots, export → import → same prediction', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page, '/?sample=cars');
  await expect(page.getByLabel('Target column')).toHaveValue('Miles_per_Gallon');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(/The model will see \d+ features/)).toBeVisible();

  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Gradient boosting' }).click();
  const settings = page.getByRole('region', { name: 'Model settings' });
  await settings.getByLabel(/Boosting rounds/).fill('60');
  // The card estimates the time from a speed test on this device before any run.
  await expect(page.getByText(/grown in 60 rounds; roughly \d+ s on this device \(estimated from a speed test\)/)).toBeVisible({ timeout: 60_000 });

  // A long run, paused, resumed and stopped by hand: the rounds so far are the model.
  // 5,000 rounds (about 1.4 ms each here): 1,000 could all end on a quiet machine before Pause was clicked.
  await settings.getByLabel(/Boosting rounds/).fill('5000');
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByRole('button', { name: 'Start training' }).click();
  const round = async () => Number((await page.getByText(/^Round \d+ of 5000/).textContent({ timeout: 60_000 }))!.match(/Round (\d+)/)![1]);
  await expect.poll(round, { timeout: 120_000 }).toBeGreaterThan(40);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText(/of 5000 \(paused\)/)).toBeVisible();
  // Logs reach the page in batches (every 0.4 s): once the rounds before the pause have arrived
  // (two readings alike), no new round may come.
  let paused = -1;
  await expect.poll(async () => {
    const [a, b] = [await round(), (await page.waitForTimeout(600), await round())];
    paused = b;
    return a === b;
  }, { timeout: 30_000 }).toBe(true);
  await page.waitForTimeout(1500);
  expect(await round()).toBe(paused);
  await page.getByRole('button', { name: 'Resume' }).click();
  // Resumed: rounds come again (a stop alone would also wake a paused fit, so this is the check).
  await expect.poll(round, { timeout: 60_000 }).toBeGreaterThan(paused);
  await page.getByRole('button', { name: 'Stop (keep the rounds so far)' }).click();
  await expect(page.getByText(/Run #1 finished \(user/)).toBeVisible({ timeout: 60_000 });
  // Each boosting round is logged like an epoch: live curves per round.
  await expect(page.getByRole('figure', { name: 'Loss per round' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Validation R² per round' })).toBeVisible();

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const r2 = Number(await page.getByTestId('metric-R²').textContent());
  expect(r2).toBeGreaterThan(0.6); // fuel economy is well explained by weight and engine size
  expect(Number(await page.getByTestId('metric-MAE').textContent())).toBeLessThan(4);
  await expect(page.getByRole('figure', { name: 'Predicted vs actual' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Residuals (actual − predicted)' })).toBeVisible();

  for (const [k, v] of Object.entries(CAR)) await page.getByLabel(new RegExp(`^${k}`)).fill(v);
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const before = await page.getByTestId('predicted-value').textContent();
  expect(Number(before)).toBeGreaterThan(15);
  expect(Number(before)).toBeLessThan(45);

  const other = await exportAndImportFresh(page, browser, testInfo.outputPath('bundle.zip'));
  for (const [k, v] of Object.entries(CAR)) await other.getByLabel(new RegExp(`^${k}`)).fill(v);
  await other.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(other.getByTestId('predicted-value')).toHaveText(before!);
  await other.context().close();
});
