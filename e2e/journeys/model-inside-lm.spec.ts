import { test, expect, openFreshStudio } from '../support/studio';
import { openMobyDick, setTinyGpt, trainLmToEnd } from '../support/lm';
import { expectAccessible } from '../support/a11y';

/**
 * Inside the language model (issue 16 §3): a tiny GPT on Moby Dick (wasm), then attention maps
 * per layer and head, the top 20 next tokens, the logit lens and the token embeddings, by
 * mouse and keyboard, each passing axe at laptop and phone sizes.
 */
test('inside the LM: attention per layer/head, next tokens, logit lens, token embeddings (wasm)', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await openMobyDick(page);
  await setTinyGpt(page, { layers: 2, steps: 30, batch: 4, learningRate: 0.01, warmup: 1, evalEvery: 30, checkpointEvery: 30 });
  await trainLmToEnd(page);

  const inside = page.getByRole('region', { name: '5. Inside the model' });
  await inside.getByLabel('Text to look inside').fill('Call me Ishmael. Some years ago');
  await inside.getByRole('button', { name: 'Look inside' }).click();
  const result = inside.getByTestId('lm-inspection');
  await expect(result).toBeVisible({ timeout: 60_000 });
  // One button per character token; the last is chosen.
  const tokens = result.getByRole('group', { name: 'Choose a token' }).getByRole('button');
  await expect(tokens).toHaveCount('Call me Ishmael. Some years ago'.length);
  await expect(tokens.last()).toHaveAttribute('aria-pressed', 'true');
  await expect(result.getByTestId('lm-next').locator('tbody tr')).toHaveCount(20);
  await expect(result.getByTestId('lm-lens').locator('tbody tr')).toHaveCount(3); // embeddings, layer 1, layer 2 (output)
  // The output row of the lens is the model's own top token.
  const top1 = (await result.getByTestId('lm-next').locator('tbody tr').first().locator('td').nth(1).textContent())!;
  await expect(result.getByTestId('lm-lens').locator('tbody tr').last().locator('td').first()).toContainText(top1);
  await expectAccessible(page, 'inside the LM: attention, next tokens, lens');

  // Keyboard: pick token 6 ("m") and layer 2, head 2.
  await tokens.nth(5).focus();
  await page.keyboard.press('Enter');
  await expect(tokens.nth(5)).toHaveAttribute('aria-pressed', 'true');
  await result.getByRole('combobox', { name: 'Layer', exact: true }).selectOption('1');
  await result.getByRole('combobox', { name: 'Head', exact: true }).selectOption('1');
  await expect(result.getByRole('img', { name: /Attention of layer 2, head 2\. Token 6 \(“m”\) attends most to token [1-6] / })).toBeVisible();
  // The attention map as a table: token 6's row sums to 1 and gives nothing to later tokens.
  await result.getByRole('button', { name: 'Show as table: Attention of layer 2, head 2' }).click();
  const row = result.getByRole('table', { name: /Attention of layer 2, head 2/ }).locator('tbody tr').nth(5).locator('td');
  const cells = (await row.allTextContents()).map(Number);
  expect(cells).toHaveLength(31);
  expect(Math.abs(cells.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.002);
  expect(cells.slice(6).every((v) => v === 0)).toBe(true);
  await expectAccessible(page, 'inside the LM: attention as a table');

  await inside.getByRole('button', { name: 'Show token embeddings' }).click();
  const emb = inside.getByTestId('lm-embeddings');
  await expect(emb).toBeVisible({ timeout: 60_000 });
  await expect(emb.locator('circle')).toHaveCount(await emb.locator('circle').count());
  expect(await emb.locator('svg circle').count()).toBeGreaterThan(40); // Moby Dick has ~80 distinct characters
  await expect(emb.getByText(/top 10 %/).first()).toBeVisible();
  const readout = emb.getByTestId('embedding-readout');
  await emb.getByRole('group', { name: /Token embeddings/ }).focus();
  await page.keyboard.press('Home');
  const first = await readout.textContent();
  expect(first).toMatch(/^“.+” — /);
  await page.keyboard.press('ArrowRight');
  await expect(readout).not.toHaveText(first!);
  await expectAccessible(page, 'inside the LM: token embeddings');
});
