import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { test, expect, openFreshStudio } from '../support/studio';
import { openMobyDick } from '../support/lm';
import { expectAccessible } from '../support/a11y';
import { writeLlama2c } from '../../src/core/lm/llama2c';
import { writeLlama2cTokenizer } from '../../src/core/lm/llama2c-tokenizer';
import { tinyLlama } from '../../src/core/lm/llama-test-model';

/** The real stories260K when ../shared/fixtures/models is there, else a llama2.c checkpoint made here. */
const dir = fileURLToPath(new URL('../../../shared/fixtures/models/llama2c-stories260K/', import.meta.url));
const real = existsSync(`${dir}stories260K.bin`) && existsSync(`${dir}tok512.bin`);

function checkpointFiles() {
  if (real) return [{ name: 'stories260K.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${dir}stories260K.bin`) }, { name: 'tok512.bin', mimeType: 'application/octet-stream', buffer: readFileSync(`${dir}tok512.bin`) }];
  const { config, weights } = tinyLlama({ vocabSize: 262, seqLen: 64 });
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ' ', 'a', 'b'];
  return [{ name: 'model.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2c(config, weights, 1)) }, { name: 'tokenizer.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2cTokenizer(pieces, new Array<number>(262).fill(0))) }];
}

test(`pretrained fine-tune: ${real ? 'stories260K' : 'a generated Llama'} → generate → LoRA on Moby Dick, loss falls → HF export → re-import, same text (wasm)`, async ({ page }) => {
  test.setTimeout(120_000);
  await openFreshStudio(page);
  await openMobyDick(page);
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  const panel = page.getByRole('region', { name: 'Pretrained model' });
  await panel.getByLabel('Choose model files').setInputFiles(checkpointFiles());
  await expect(panel.getByTestId('pretrained-card')).toContainText('Llama', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Load this model' }).click();
  const playground = panel.getByTestId('pretrained-playground');
  await playground.getByLabel('Temperature (0 = greedy)').fill('0');
  await playground.getByLabel('New tokens').fill('30');
  await playground.getByLabel('Prompt (empty: start from the beginning-of-text token)').fill('Call me');
  await playground.getByRole('button', { name: 'Generate' }).click();
  const out = playground.getByTestId('pretrained-output');
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 });
  const before = await out.textContent();

  // LoRA r=8 on q/v, a few steps on Moby Dick (the corpus re-encoded by the model's tokenizer).
  await playground.getByRole('button', { name: 'Fine-tune on your text…' }).click();
  const ft = playground.getByTestId('pretrained-finetune');
  await expect(ft.getByLabel('LoRA adapters', { exact: false })).toBeChecked();
  await expect(ft).toContainText(/LoRA adapters \(about [\d.]+ MiB\)/);
  await expect(ft).toContainText(/Full fine-tuning \(about [\d.]+ MiB\)/);
  await ft.getByLabel('Steps').fill('16');
  await ft.getByLabel('Learning rate').fill('0.01');
  await ft.getByLabel('Training window (tokens)').fill('32');
  await ft.getByLabel('Evaluate every').fill('8');
  await ft.getByLabel('Sample prompt').fill('Call me');
  await ft.getByRole('button', { name: 'Fine-tune with LoRA' }).click();
  await expect(ft.getByLabel('Fine-tune status')).toContainText('finished', { timeout: 60_000 });
  await expect(ft.getByTestId('ft-step')).toHaveText('16');
  await expect(ft.getByLabel('Sample timeline')).toContainText('Call me');
  await expect(ft.getByTestId('ft-done')).toContainText('LoRA merged');
  await expectAccessible(page, 'Language model: a pretrained model after a LoRA fine-tune');
  // Falling loss: the mean training loss of the last 4 steps is below that of the first 4.
  const first = Number(await ft.getByTestId('ft-first-loss').textContent());
  const last = Number(await ft.getByTestId('ft-last-loss').textContent());
  expect(last).toBeLessThan(first);

  // Generation now uses the fine-tuned weights.
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 });
  await expect(out).not.toHaveText(before!);
  const tuned = await out.textContent();

  // PEFT adapter folder, and the merged HF folder dropped back: the same greedy text.
  const adapterDl = page.waitForEvent('download');
  await ft.getByRole('button', { name: 'PEFT LoRA adapter (.zip)' }).click();
  const adapter = unzipSync(readFileSync(await (await adapterDl).path()));
  expect(Object.keys(adapter)).toEqual(expect.arrayContaining(['adapter_config.json', 'adapter_model.safetensors']));
  expect(JSON.parse(new TextDecoder().decode(adapter['adapter_config.json']))).toMatchObject({ peft_type: 'LORA', r: 8, lora_alpha: 16, target_modules: ['q_proj', 'v_proj'] });
  const download = page.waitForEvent('download');
  await playground.getByRole('button', { name: 'Hugging Face folder (.zip)' }).click();
  const zip = unzipSync(readFileSync(await (await download).path()));
  await panel.getByLabel('Choose model files').setInputFiles(Object.entries(zip).map(([name, bytes]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) })));
  await expect(panel.getByTestId('pretrained-card')).toContainText('Hugging Face safetensors (F32)', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Load this model' }).click();
  await expect(playground).toContainText('Hugging Face safetensors (F32)');
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 });
  await expect(out).toHaveText(tuned!);
});
