import { test, expect, exportAndImportFresh, openFreshStudio, chooseFile } from '../support/studio';
import type { Page } from '@playwright/test';

/**
 * Every text model trains on every backend on a small seeded set and beats chance.
 * The set: short reviews whose label follows from which word list they draw from, with shared
 * filler words, so a model must look at the words (not the length) to score above 0.5.
 */
function reviews(): string {
  let s = 7;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const good = ['great', 'wonderful', 'loved', 'superb', 'delightful', 'brilliant'];
  const bad = ['awful', 'boring', 'hated', 'dreadful', 'dull', 'terrible'];
  const filler = ['the', 'film', 'was', 'a', 'plot', 'actors', 'really', 'and', 'story', 'ending'];
  const lines = ['review,label'];
  for (let i = 0; i < 240; i++) {
    const pos = i % 2 === 0;
    const words = Array.from({ length: 4 + Math.floor(rand() * 8) }, () => pick(filler));
    words.splice(Math.floor(rand() * words.length), 0, pick(pos ? good : bad));
    lines.push(`${words.join(' ')},${pos ? 'pos' : 'neg'}`);
  }
  return lines.join('\n') + '\n';
}

test.use({ actionTimeout: 60_000 });

const MODELS = ['Embedding bag (fastText-style)', '1D CNN (Kim-style)', 'Bidirectional GRU / LSTM', 'Transformer encoder', 'CNN + Transformer'];

/**
 * WASM (the fastest backend on a CPU-only machine) trains all five in every run. The slower
 * backends here (plain JS; WebGL and WebGPU in software) take minutes per model, so CI trains one
 * model on each GPU backend: the Transformer (custom layers) on WebGL, the CNN on WebGPU (a
 * Transformer takes over 4 minutes on the software adapter) for 4 epochs: each epoch after the first
 * (which compiles the shaders) takes about 10 s there, and 3 epochs already scored 1.0 on this set
 * (12 epochs for the other backends). Plain JS is the backend the unit tests
 * train every text model on in Node (text-models.test.ts), so its journey runs only with
 * TEXT_MODELS_ALL_BACKENDS=1, which trains every model on every backend;
 * TEXT_MODELS="Transformer encoder,CNN + Transformer" trains only those.
 */
const ALL = process.env.TEXT_MODELS_ALL_BACKENDS === '1';
const ONLY = process.env.TEXT_MODELS?.split(',').map((m) => m.trim());
const BACKENDS = [
  { name: 'wasm', label: 'WebAssembly (CPU)', epochs: 12, models: MODELS },
  ...(ALL ? [{ name: 'cpu', label: 'Plain JavaScript (CPU)', epochs: 12, models: MODELS }] : []),
  { name: 'webgl', label: 'WebGL', epochs: 12, models: ALL ? MODELS : ['Transformer encoder'] },
  { name: 'webgpu', label: 'WebGPU', epochs: ALL ? 12 : 4, models: ALL ? MODELS : ['1D CNN (Kim-style)'] },
];

async function prepare(page: Page) {
  await openFreshStudio(page);
  await chooseFile(page, 'reviews.csv', reviews());
  await page.getByLabel('Target column').selectOption('label');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  const text = page.getByRole('region', { name: 'Text settings' });
  await expect(text).toBeVisible({ timeout: 60_000 });
  await text.getByLabel('The model reads').selectOption('tokens');
  await text.getByLabel('Maximum length (tokens)').fill('16');
  await expect(page.getByText(/review → 16 token ids per text/)).toBeVisible({ timeout: 60_000 });
}

const PROBE = 'the actors were superb and the ending was wonderful';

for (const backend of BACKENDS) {
  test(`text models train on ${backend.name} and beat chance`, async ({ page, browser }, testInfo) => {
    test.setTimeout(ALL ? 2_400_000 : 600_000);
    await prepare(page);
    const models = ONLY ? backend.models.filter((m) => ONLY.includes(m)) : backend.models;
    for (const [i, model] of models.entries()) {
      await page.getByRole('button', { name: /Step 4: Model/ }).click();
      await page.getByRole('button', { name: `Choose ${model}` }).click();
      await page.getByRole('button', { name: /Step 5: Train/ }).click();
      await page.getByLabel('Run on').selectOption({ label: backend.label });
      await page.getByLabel('Epochs', { exact: true }).fill(String(backend.epochs));
      await page.getByLabel('Learning rate', { exact: true }).fill('0.01');
      await page.getByRole('button', { name: /^(Start training|Train again)$/ }).click();
      await expect(page.getByText(`Run #${i + 1} finished`)).toBeVisible({ timeout: ALL ? 480_000 : 240_000 });
      await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
      const accuracy = Number(await page.getByTestId('metric-Accuracy').textContent());
      // The evaluate step shows the latest run.
      console.log(`${backend.name} ${model}: test accuracy ${accuracy}`);
      expect(accuracy, model).toBeGreaterThan(0.7); // balanced classes: chance is 0.5
    }
    if (backend.name !== 'wasm' || ONLY) return;
    // The last run (a CNN + Transformer with custom layers) survives export → import in a fresh page.
    const playground = page.getByRole('region', { name: 'Text playground' });
    await playground.getByLabel('review').fill(PROBE);
    await expect(playground.getByTestId('predicted-class')).toBeVisible({ timeout: 30_000 });
    const before = await playground.getByTestId('probability-pos').textContent();
    const other = await exportAndImportFresh(page, browser, testInfo.outputPath('text-model.zip'));
    const imported = other.getByRole('region', { name: 'Text playground' });
    await imported.getByLabel('review').fill(PROBE);
    await expect(imported.getByTestId('probability-pos')).toHaveText(before!, { timeout: 30_000 });
    await other.context().close();
  });
}
