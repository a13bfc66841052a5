import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openFreshStudio } from '../support/studio';

/** The per-group table as shown: group → column header → number (— as NaN), without the "All test rows" line. */
async function groupTable(panel: Locator): Promise<Map<string, Record<string, number>>> {
  const table = panel.getByRole('table', { name: 'Per-group fairness' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
  const out = new Map<string, Record<string, number>>();
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('th, td').allTextContents()).map((c) => c.trim());
    if (cells[0] === 'All test rows') continue;
    out.set(cells[0]!, Object.fromEntries(headers.slice(1).map((h, i) => [h, cells[i + 1] === '—' ? NaN : Number(cells[i + 1]!.replace(/,/g, ''))])));
  }
  return out;
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
const shown = async (panel: Locator, id: string) => Number(await panel.getByTestId(`gap-${id}`).first().textContent());

async function train(page: Page, model: string, epochs?: string) {
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(/The model will see [\d,]+ features/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: `Choose ${model}` }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  if (epochs) {
    await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
    await page.getByLabel('Epochs', { exact: true }).fill(epochs);
  }
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #\d+ finished/)).toBeVisible({ timeout: 300_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
}

test('CPS wages: MAE and mean residual per sex × race; the gaps match the table', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page, '/?sample=cps-wages');
  await expect(page.getByLabel('Target column')).toHaveValue('wage', { timeout: 60_000 });
  await train(page, 'Gradient boosting');
  const panel = page.getByRole('region', { name: 'Fairness' });
  await panel.getByRole('checkbox', { name: 'gender' }).check();
  await panel.getByRole('checkbox', { name: 'race' }).check();
  await panel.getByRole('button', { name: 'Audit run #1' }).click();
  const groups = await groupTable(panel);
  // gender × race: female/male × hispanic/other/white, all present among the test rows.
  for (const g of groups.keys()) expect(g).toMatch(/^(female|male) · (hispanic|other|white)$/);
  expect(groups.size).toBeGreaterThanOrEqual(4);
  const rows = [...groups.values()].reduce((n, g) => n + g.Rows!, 0);
  await expect(page.getByText(`All numbers are measured on the ${rows} test rows`)).toBeVisible();
  // Recomputed from the shown table (4 significant digits shown).
  expect(await shown(panel, 'maeDifference')).toBeCloseTo(spread([...groups.values()].map((g) => g.MAE!)), 2);
  expect(await shown(panel, 'meanResidualDifference')).toBeCloseTo(spread([...groups.values()].map((g) => g['Mean residual']!)), 2);
  // The mean residual is actual − predicted, per group.
  for (const g of groups.values()) expect(g['Mean residual']!).toBeCloseTo(g['Mean actual']! - g['Mean predicted']!, 2);
  // Hispanic and "other" women are few among 534 workers: flagged.
  await expect(panel.getByRole('list', { name: 'Fairness warnings' })).toContainText('fewer than 30');
  await expect(panel.getByText(/The largest mean absolute error of a group minus the smallest/)).toBeVisible();
  console.log(`fairness: wages MAE by gender × race ${JSON.stringify(Object.fromEntries([...groups].map(([k, g]) => [k, [g.Rows, g.MAE, g['Mean residual']]])))}`);
});

test('CPS wages, union membership (binary): per-group rates by sex, thresholds and reweighing before/after, all in the model card', async ({ page }, testInfo) => {
  test.setTimeout(400_000);
  await openFreshStudio(page, '/?sample=cps-wages');
  await expect(page.getByLabel('Target column')).toHaveValue('wage', { timeout: 60_000 });
  await page.getByLabel('Target column').selectOption('union');
  await page.getByRole('radio', { name: 'classification' }).check();
  await train(page, 'Logistic regression', '40');
  const panel = page.getByRole('region', { name: 'Fairness' });
  await panel.getByRole('checkbox', { name: 'gender' }).check();
  await expect(panel.getByLabel('Rates are about the class')).toHaveValue('0'); // the rarer class (96 of the 534 rows) is the default
  await panel.getByRole('button', { name: 'Audit run #1' }).click();
  const groups = await groupTable(panel);
  expect([...groups.keys()]).toEqual(['female', 'male']);
  const sel = [...groups.values()].map((g) => g['Selection rate']!);
  const tpr = [...groups.values()].map((g) => g['Recall (TPR)']!);
  const fpr = [...groups.values()].map((g) => g.FPR!);
  expect(await shown(panel, 'demographicParityDifference')).toBeCloseTo(spread(sel), 2);
  if (Math.max(...sel) > 0) expect(await shown(panel, 'demographicParityRatio')).toBeCloseTo(Math.min(...sel) / Math.max(...sel), 2);
  expect(await shown(panel, 'equalOpportunityDifference')).toBeCloseTo(spread(tpr), 2);
  expect(await shown(panel, 'equalizedOddsDifference')).toBeCloseTo(Math.max(spread(tpr), spread(fpr)), 2);
  // Base rate and calibration per group: mean p is a probability, its gap is mean p − base rate.
  for (const g of groups.values()) expect(g['Calibration gap']!).toBeCloseTo(g['Mean p(0)']! - g['Base rate']!, 2);

  const mitigation = panel.getByRole('region', { name: 'Mitigation' });
  await mitigation.getByRole('button', { name: 'Per-group thresholds: equal selection rate' }).click();
  const thresholds = mitigation.getByRole('region', { name: /Before and after: Run #1 with per-group thresholds \(equal selection rate\)/ });
  await expect(thresholds).toBeVisible({ timeout: 60_000 });
  const line = async (region: Locator, name: string) => (await region.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td').allTextContents()).map((c) => c.trim());
  const dp = await line(thresholds, 'Demographic parity difference');
  expect(Number(dp[0])).toBeCloseTo(spread(sel), 2); // "before" is the table above
  expect(Number(dp[2])).toBeCloseTo(Number(dp[1]) - Number(dp[0]), 2);

  await mitigation.getByRole('button', { name: 'Reweigh groups and retrain' }).click();
  // Training shows in the Train step; then Evaluate comes back with run #2 and its before/after.
  const reweighed = page.getByRole('region', { name: /Before and after: Run #2, trained reweighed by gender/ });
  await expect(reweighed).toBeVisible({ timeout: 300_000 });
  await expect(page.getByRole('combobox', { name: /^Run/ })).toContainText('#2');
  const acc = await line(reweighed, 'Accuracy, all test rows');
  expect(Number(acc[1])).toBeGreaterThan(0.5);
  const dpRe = await line(reweighed, 'Demographic parity difference');
  // Figures for the README (the journey checks their consistency, not their size: the split is small).
  console.log(`fairness: union by gender, DP difference ${dp[0]} → ${dp[1]} (thresholds), ${dpRe[0]} → ${dpRe[1]} (reweighing); accuracy ${acc[0]} → ${acc[1]}`);

  // The model card of run #1 carries its audits (the plain one and the thresholds).
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  await page.getByRole('combobox', { name: /^Run/ }).selectOption({ index: 0 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download bundle (.zip)' }).click()]);
  const path = testInfo.outputPath('union.zip');
  await download.saveAs(path);
  const card = strFromU8(unzipSync(readFileSync(path))['README.md']!);
  expect(card).toContain('## Fairness audits');
  expect(card).toMatch(/\| female \| \d+ \|/);
  expect(card).toContain('with per-group thresholds (equal selection rate)');
});

test('spam: counterfactual swaps of identity terms in the test e-mails; flips and changes match the listed texts', async ({ page }) => {
  test.setTimeout(400_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Spam or ham e-mails' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('label', { timeout: 60_000 });
  await train(page, 'Logistic regression', '6');
  const swaps = page.getByRole('region', { name: 'Counterfactual swaps' });
  const pairs = swaps.getByLabel(/Term pairs/);
  await expect(pairs).toHaveValue(/^he, she\nhim, her/);
  await pairs.fill(`${await pairs.inputValue()}\nfree, paid`); // a user's own pair, one the model leans on
  await swaps.getByRole('button', { name: 'Run swaps' }).click();
  await expect(swaps.getByTestId('swap-summary')).toBeVisible({ timeout: 120_000 });
  const summary = (await swaps.getByTestId('swap-summary').textContent())!;
  const [changed, texts] = summary.match(/^(\d+) of (\d+) test texts/)!.slice(1).map(Number) as [number, number];
  await expect(page.getByText(`All numbers are measured on the ${texts} test rows`)).toBeVisible();
  expect(changed).toBeGreaterThan(0);
  const flips = Number(await swaps.getByTestId('swap-flips').textContent());
  const rows = await swaps.getByRole('table', { name: 'Swapped texts' }).locator('tbody tr').all();
  const listed = await Promise.all(rows.map(async (r) => (await r.locator('td').allTextContents()).map((c) => c.trim())));
  expect(listed.length).toBe(Math.min(changed, 50));
  // Flipped texts are listed first: as many as the summary says (up to the 50 listed).
  expect(listed.filter((c) => c[1] !== c[2]).length).toBe(Math.min(flips, 50));
  expect(listed.slice(0, Math.min(flips, 50)).every((c) => c[1] !== c[2])).toBe(true);
  const changes = listed.map((c) => Math.abs(Number(c[4]) - Number(c[3])));
  if (flips < 50) expect(Number(await swaps.getByTestId('swap-max').textContent())).toBeCloseTo(Math.max(...changes), 2);
  if (changed <= 50) expect(Number(await swaps.getByTestId('swap-mean').textContent())).toBeCloseTo(changes.reduce((a, b) => a + b, 0) / changes.length, 2);
  console.log(`fairness: spam swaps, ${changed} of ${texts} texts changed, ${flips} flips, mean change ${await swaps.getByTestId('swap-mean').textContent()}, max ${await swaps.getByTestId('swap-max').textContent()}`);
  // The swapped texts really have the terms exchanged.
  expect(listed.some((c) => /\b(she|her|paid|She|Her|Paid)\b/.test(c[0]!))).toBe(true);
});
