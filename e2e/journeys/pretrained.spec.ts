import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { test, expect, openFreshStudio } from '../support/studio';
import { expectAccessible } from '../support/a11y';
import { writeLlama2c } from '../../src/core/lm/llama2c';
import { writeLlama2cTokenizer } from '../../src/core/lm/llama2c-tokenizer';
import { tinyLlama } from '../../src/core/lm/llama-test-model';

/** The real stories260K when ../shared/fixtures/models is there, else a llama2.c checkpoint made here. */
const dir = fileURLToPath(new URL('../../../shared/fixtures/models/llama2c-stories260K/', import.meta.url));
const real = existsSync(`${dir}stories260K.bin`) && existsSync(`${dir}tok512.bin`);

function checkpointFiles() {
  if (real) return [{ name: 'stories260K.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${dir}stories260K.bin`) }, { name: 'tok512.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${dir}tok512.bin`) }];
  const { config, weights } = tinyLlama({ vocabSize: 262 });
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ' ', 'a', 'b'];
  return [{ name: 'model.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2c(config, weights, 1)) }, { name: 'tokenizer.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2cTokenizer(pieces, new Array<number>(262).fill(0))) }];
}

test(`pretrained: a pickle is refused; drop ${real ? 'stories260K' : 'a generated llama2.c checkpoint'} → model card → load → greedy story streams → HF export → re-import, same text`, async ({ page }) => {
  test.setTimeout(90_000);
  await openFreshStudio(page);
  await page.getByRole('navigation', { name: 'Studio mode' }).getByRole('button', { name: 'Language model' }).click();
  const panel = page.getByRole('region', { name: 'Pretrained model' });
  const input = panel.getByLabel('Choose model files');

  // A PyTorch pickle is named for what it is; nothing is loaded.
  await input.setInputFiles([{ name: 'pytorch_model.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) }]);
  await expect(panel.getByRole('alert')).toContainText('PyTorch pickle checkpoint', { timeout: 30_000 });
  await expect(panel.getByTestId('pretrained-card')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Dismiss message' }).click();

  await input.setInputFiles(checkpointFiles());
  const card = panel.getByTestId('pretrained-card');
  await expect(card).toContainText('Llama (RMSNorm, RoPE, grouped-query attention, SwiGLU)', { timeout: 30_000 });
  await expect(card).toContainText(real ? 'llama2.c v0 (legacy, float32)' : 'llama2.c v1 (float32)');
  await expect(card).toContainText(real ? '5 / 8 / 4' : '2 / 4 / 2');
  await expect(card).toContainText(/Speed on this device \(measured\)\s*[\d,.]+ K? ?tokens\/s greedy/);
  await expect(card).toContainText('Memory to fine-tune (LoRA r=8)');
  await expectAccessible(page, 'Language model: a pretrained model card, before loading');
  await panel.getByRole('button', { name: 'Load this model' }).click();

  const playground = panel.getByTestId('pretrained-playground');
  await playground.getByLabel('Temperature (0 = greedy)').fill('0');
  await playground.getByLabel('New tokens').fill('60');
  await playground.getByRole('button', { name: 'Generate' }).click();
  const out = playground.getByTestId('pretrained-output');
  if (real) await expect(out).toContainText('Once upon a time, there was a little girl named Lily. She loved to play outside in the park.', { timeout: 30_000 });
  else await expect(out).not.toBeEmpty({ timeout: 30_000 });
  await expect(playground).toContainText(/tokens\/s/);
  const story = await out.textContent();

  // Look inside (issue 16 §3): attention of a grouped-query head, the top 20 next tokens, the logit lens per layer.
  await playground.getByRole('button', { name: 'Look inside this model…' }).click();
  const inside = playground.getByTestId('pretrained-inside');
  await inside.getByLabel('Text to look inside').fill('Once upon a time');
  await inside.getByRole('button', { name: 'Look inside', exact: true }).click();
  await expect(inside.getByRole('img', { name: /Attention of layer 1, head 1\. Token \d+ .* attends most to token/ })).toBeVisible({ timeout: 30_000 });
  await expect(inside.getByTestId('pretrained-next').locator('tbody tr')).toHaveCount(20);
  await expect(inside.getByTestId('pretrained-lens').locator('tbody tr')).toHaveCount(real ? 6 : 3);
  await expect(inside).toContainText('The final RMSNorm and the output layer');
  if (real) await expect(inside.getByTestId('pretrained-next').locator('tbody tr').first()).toContainText(',');
  await expectAccessible(page, 'Language model: a loaded pretrained model, its playground and Look inside');

  // Export as a Hugging Face folder, drop it back: a safetensors card, and the same greedy text.
  const download = page.waitForEvent('download');
  await playground.getByRole('button', { name: 'Hugging Face folder (.zip)' }).click();
  const zip = unzipSync(readFileSync(await (await download).path()));
  expect(Object.keys(zip).sort()).toEqual(['config.json', 'model.safetensors', real ? 'tok512.bin' : 'tokenizer.bin'].sort());
  await input.setInputFiles(Object.entries(zip).map(([name, bytes]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })));
  await expect(card).toContainText('Hugging Face safetensors (F32)', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Load this model' }).click();
  await expect(playground).toContainText('Hugging Face safetensors (F32)');
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 });
  await expect(out).toHaveText(story!);
});
