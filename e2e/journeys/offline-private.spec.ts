import { test, expect, openFreshStudio } from '../support/studio';

test('works offline once loaded, and never calls another origin', async ({ page, context }) => {
  await openFreshStudio(page);
  const crossOriginIsolated = await page.evaluate(() => window.crossOriginIsolated);
  expect(crossOriginIsolated, 'COOP/COEP headers make the page cross-origin isolated').toBe(true);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  await expect(page.getByText(/150 rows × 5 columns/)).toBeVisible();
  await page.waitForTimeout(600);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText(/150 rows × 5 columns/)).toBeVisible();
  // A sample never opened before still loads: samples are cached when the app is installed.
  await page.getByText('Load a sample dataset instead').click();
  await page.getByRole('button', { name: 'Load sample: Cars (fuel economy)' }).click();
  await expect(page.getByText(/406 rows × 9 columns/)).toBeVisible();
  await context.setOffline(false);
});
