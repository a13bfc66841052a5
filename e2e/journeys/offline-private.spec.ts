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
  // A view never opened online still opens: its code is loaded on demand, and precached on install.
  await page.getByRole('button', { name: 'Language model', exact: true }).click();
  await expect(page.getByRole('heading', { name: '1. Text' })).toBeVisible();
  await context.setOffline(false);
});
