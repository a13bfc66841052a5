import { test, expect, openFreshStudio } from '../support/studio';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';

/**
 * The sequence-to-sequence run's reproducibility stamp: shown under the results, carried by the
 * bundle, and "Reproduce: train again and compare" trains again from scratch on WASM to bit-identical losses.
 */
test('seq2seq: the run has a stamp, the bundle carries it, and Reproduce gives the same losses on wasm', async ({ page }) => {
  test.setTimeout(150_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Sequence to sequence' }).click();
  await page.getByRole('button', { name: 'Use the pronunciation sample' }).click();
  await expect(page.getByLabel('First pairs')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Training steps').fill('20');
  await page.getByLabel('Validate every').fill('10');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('s2s-train-status');
  await expect(status).toContainText(/Run done after 20 steps/, { timeout: 90_000 });
  const stamp = page.getByLabel('Sequence-to-sequence run stamp');
  await expect(stamp).toContainText('(16000 training pairs)');
  await expect(stamp).toContainText('wasm');
  const recipe = (await stamp.locator('div', { hasText: 'Tokenizers + model + training settings SHA-256' }).locator('code').textContent())!;
  expect(recipe).toMatch(/^[0-9a-f]{64}$/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export bundle (.zip)' }).click()]);
  const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(readFileSync(await download.path())))['seq2seq.json']!)) as { info: { stamp?: { kind: string; recipeSha256: string } } };
  expect(manifest.info.stamp).toMatchObject({ kind: 's2s', recipeSha256: recipe });

  await page.getByRole('button', { name: 'Reproduce: train again and compare' }).click();
  await expect(page.getByTestId('s2s-reproduction')).toContainText(/training loss at 20 steps and 2 validations match exactly; training pairs hash matches; tokenizers \+ model \+ settings hash matches/, { timeout: 90_000 });
});
