import { test, expect, openFreshStudio } from '../support/studio';
import type { Page } from '@playwright/test';

/**
 * Nothing lost in the sequence-to-sequence view: the pairs, the trained model and its checkpoint
 * come back after a reload (IndexedDB, written by the seq2seq worker): the playground gives the
 * same output, and a run interrupted by a reload resumes from its checkpoint with the curve going on.
 */
const stepOf = async (page: Page) => Number(((await page.getByTestId('s2s-train-status').textContent()) ?? '').match(/step (\d+) of/)?.[1] ?? 0);

/** The greedy output and its log-probability (a short run's output may still be empty). */
async function decode(page: Page, text: string) {
  await page.getByLabel('Source', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Run' }).click();
  const line = page.getByTestId('s2s-output').locator('..');
  await expect(line).toContainText(/log-probability -?\d/, { timeout: 30_000 });
  return (await line.textContent())!;
}

test('seq2seq: a run interrupted by a reload resumes from its checkpoint; a reload keeps the pairs and the trained model (same output)', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Sequence to sequence' }).click();
  await page.getByRole('button', { name: 'Use the pronunciation sample' }).click();
  await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Training steps').fill('400');
  await page.getByLabel('Validate every').fill('10');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // Reloaded mid-run, after its second checkpoint at least.
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(25);
  await page.waitForTimeout(1500); // autosave is debounced
  await page.reload();
  const status = page.getByTestId('s2s-train-status');
  await expect(page.getByRole('heading', { name: 'Sequence to sequence' })).toBeVisible();
  await expect(status).toContainText(/Run interrupted.*; checkpoint at step \d+/, { timeout: 30_000 });
  // The pairs come back from storage (no "load it again"), and the checkpoint's model decodes at once.
  await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
  expect(await decode(page, 'station')).toMatch(/log-probability/);
  const at = Number((await status.textContent())!.match(/checkpoint at step (\d+)/)![1]);
  expect(at).toBeGreaterThanOrEqual(20);
  expect(at % 10).toBe(0);
  await page.getByLabel('Training steps').fill(String(at + 10));
  await page.getByRole('button', { name: `Resume from step ${at}` }).click();
  // The live status counts on from the checkpoint, not from 0.
  await expect.poll(() => stepOf(page), { timeout: 30_000 }).toBeGreaterThan(at);
  await expect(status).toContainText(new RegExp(`Run done after ${at + 10} steps; checkpoint at step ${at + 10}`), { timeout: 90_000 });
  const before = await decode(page, 'station');

  await page.waitForTimeout(1500);
  await page.reload();
  await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
  await expect(status).toContainText(new RegExp(`Run done after ${at + 10} steps`));
  expect(await decode(page, 'station')).toBe(before);
});
