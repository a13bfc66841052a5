import { test, expect, openFreshStudio } from '../support/studio';
import { expectAccessible } from '../support/a11y';

/**
 * Inside a text classifier (issue 16 §3): the spam sample read as token ids by a small
 * Transformer encoder on wasm, then its attention per block and head and the class lens for a
 * typed text, and the test texts' vectors in 2-D coloured by class, each passing axe at both sizes.
 */
test('inside the text Transformer: attention per block/head, class lens, test texts in 2-D (spam sample, wasm)', async ({ page }) => {
  test.setTimeout(400_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Spam or ham e-mails' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('label', { timeout: 60_000 });
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  const settings = page.getByRole('region', { name: 'Text settings' });
  await expect(settings).toBeVisible({ timeout: 60_000 });
  await settings.getByLabel('The model reads').selectOption('tokens');
  await settings.getByLabel('Maximum length (tokens)').fill('24');
  await expect(page.getByText(/24 token ids per text/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Transformer encoder' }).click();
  // A small one (2 blocks of 4 heads), so the journey stays short.
  await page.getByRole('spinbutton', { name: /^Embedding size/ }).fill('16');
  await page.getByRole('spinbutton', { name: /^Feed-forward size/ }).fill('32');
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 300_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();

  const inside = page.getByRole('region', { name: 'Inside the model' });
  await inside.getByLabel(/Text to look inside/).fill('win free cash now');
  await inside.getByRole('button', { name: 'Look inside' }).click();
  const result = inside.getByTestId('text-inspection');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const tokens = result.getByRole('group', { name: 'Choose a token' }).getByRole('button');
  expect(await tokens.count()).toBeGreaterThanOrEqual(4);
  // The class lens: before the blocks, after block 1, after block 2 (the prediction); each row sums to 100 %.
  const rows = result.getByTestId('text-lens').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    const cells = (await rows.nth(i).locator('td').allTextContents()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    expect(Math.abs(cells.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.3);
  }
  await expectAccessible(page, 'inside the text model: attention and class lens');

  // Keyboard: token 2, block 2, head 3; the map's table shows token 2's row summing to 1.
  await tokens.nth(1).focus();
  await page.keyboard.press('Space');
  await expect(tokens.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await result.getByRole('combobox', { name: 'Layer', exact: true }).selectOption('1');
  await result.getByRole('combobox', { name: 'Head', exact: true }).selectOption('2');
  await result.getByRole('button', { name: 'Show as table: Attention of block 2, head 3' }).click();
  const cells = (await result.getByRole('table', { name: /Attention of block 2, head 3/ }).locator('tbody tr').nth(1).locator('td').allTextContents()).map(Number);
  expect(Math.abs(cells.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.002);
  await expectAccessible(page, 'inside the text model: attention as a table');

  await inside.getByRole('button', { name: 'Show the test texts in 2-D' }).click();
  const emb = inside.getByTestId('text-embeddings');
  await expect(emb).toBeVisible({ timeout: 60_000 });
  expect(await emb.locator('svg circle').count()).toBeGreaterThan(20);
  await expect(emb.getByRole('list', { name: 'Colours' })).toContainText(/spam/);
  await expect(emb.getByRole('list', { name: 'Colours' })).toContainText(/ham/);
  const readout = emb.getByTestId('embedding-readout');
  await emb.getByRole('group', { name: /Test texts/ }).focus();
  await page.keyboard.press('End');
  await expect(readout).toHaveText(/ — (spam|ham)$/);
  await emb.getByRole('button', { name: /Show as table: Test texts/ }).click();
  await expect(emb.getByRole('table', { name: /Test texts/ })).toBeVisible();
  await expectAccessible(page, 'inside the text model: test texts in 2-D');
});
