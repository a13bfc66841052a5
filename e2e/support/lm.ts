import type { Page } from '@playwright/test';
import { expect } from './studio';

/** Opens the LM view on the Moby Dick sample and waits for its corpus summary. */
export async function openMobyDick(page: Page) {
  await page.getByRole('button', { name: 'Train a language model on: Moby Dick' }).click();
  await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/, { timeout: 60_000 });
}

/** A tiny GPT's settings: the size has defaults (1 layer, 2 heads, 32 wide, context 32); the training settings given are filled, the rest left as the view has them. */
export interface TinyGpt {
  backend?: string;
  layers?: number;
  heads?: number;
  embedding?: number;
  context?: number;
  steps: number;
  batch?: number;
  learningRate?: number;
  warmup?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  sampleLength?: number;
}

/** Sets a custom size so a few dozen steps run in seconds on a 2-core machine. */
export async function setTinyGpt(page: Page, o: TinyGpt) {
  await page.getByLabel('Run on').selectOption({ label: o.backend ?? 'WebAssembly (CPU)' });
  const size = page.getByRole('group', { name: 'Size' });
  await size.getByLabel('Layers').fill(String(o.layers ?? 1));
  await size.getByLabel('Heads').fill(String(o.heads ?? 2));
  await size.getByLabel('Embedding size').fill(String(o.embedding ?? 32));
  await size.getByLabel('Context (tokens)').fill(String(o.context ?? 32));
  const train = page.getByRole('group', { name: 'Training' });
  const fields: [string, number | undefined, boolean?][] = [
    ['Steps', o.steps, true],
    ['Batch size', o.batch],
    ['Learning rate', o.learningRate, true],
    ['Warmup steps', o.warmup],
    ['Evaluate every (steps)', o.evalEvery],
    ['Checkpoint every (steps)', o.checkpointEvery],
    ['Sample length (tokens)', o.sampleLength],
  ];
  for (const [label, value, exact] of fields) {
    if (value !== undefined) await train.getByLabel(label, exact ? { exact: true } : undefined).fill(String(value));
  }
}

/** Starts training and waits for the run to finish. */
export async function trainLmToEnd(page: Page) {
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByLabel('Training status')).toContainText(/finished/, { timeout: 120_000 });
}
