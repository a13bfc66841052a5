import type { Page } from '@playwright/test';
import { expect } from './studio';
import { writeLlama2c } from '../../src/core/lm/llama2c';
import { writeLlama2cTokenizer } from '../../src/core/lm/llama2c-tokenizer';
import { tinyLlama } from '../../src/core/lm/llama-test-model';

/** A small llama2.c checkpoint made here, with a byte-fallback tokenizer.bin, as files for the picker. */
export function generatedLlama() {
  const { config, weights } = tinyLlama({ vocabSize: 262, seqLen: 64 });
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ' ', 'a', 'b'];
  return [{ name: 'model.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2c(config, weights, 1)) }, { name: 'tokenizer.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2cTokenizer(pieces, new Array<number>(262).fill(0))) }];
}

/**
 * Drops the generated Llama into the LM view's pretrained panel, loads it and opens its fine-tune
 * form with a LoRA run's settings (window 32, learning rate 0.01, sample prompt "Call me").
 */
export async function loadLlamaForFineTune(page: Page, o: { steps: number; evalEvery: number }) {
  const panel = page.getByRole('region', { name: 'Pretrained model' });
  await panel.getByLabel('Choose model files').setInputFiles(generatedLlama());
  await expect(panel.getByTestId('pretrained-card')).toContainText('Llama', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Load this model' }).click();
  const playground = panel.getByTestId('pretrained-playground');
  await expect(playground).toContainText('Loaded:');
  await playground.getByRole('button', { name: 'Fine-tune on your text…' }).click();
  const ft = playground.getByTestId('pretrained-finetune');
  await ft.getByLabel('Steps').fill(String(o.steps));
  await ft.getByLabel('Learning rate').fill('0.01');
  await ft.getByLabel('Training window (tokens)').fill('32');
  await ft.getByLabel('Evaluate every').fill(String(o.evalEvery));
  await ft.getByLabel('Sample prompt').fill('Call me');
  return { panel, playground, ft };
}
