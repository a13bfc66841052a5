import type { Page } from '@playwright/test';
import { test, expect, openFreshStudio } from '../support/studio';
import { setTinyGpt } from '../support/lm';

/** A tiny GPT on Moby Dick (custom size) so a few dozen steps run in seconds on a 2-core machine. */
async function tinyModel(page: Page, steps: number, backendLabel = 'WebAssembly (CPU)') {
  await setTinyGpt(page, { backend: backendLabel, steps, batch: 8, learningRate: 0.004, warmup: 5, evalEvery: 20, checkpointEvery: 20 });
  await expect(page.getByLabel('Model preset')).toHaveValue('custom');
}

const evalLoss = async (page: Page) => Number(await page.getByTestId('lm-val-loss').textContent());

test('language model: Moby Dick → tiny GPT on wasm, loss falls, samples; reload resumes; generate streams; export → import → continue', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Train a language model on: Moby Dick' }).click();
  await expect(page.getByRole('heading', { name: 'Language model' })).toBeVisible();
  const summary = page.getByLabel('Corpus summary');
  await expect(summary).toContainText(/moby-dick\.txt/, { timeout: 60_000 });
  const tokens = Number((await page.getByTestId('lm-token-count').textContent())!.replace(/,/g, ''));
  expect(tokens).toBeGreaterThan(1_000_000); // characters: one token each
  await expect(page.getByLabel('Token preview').locator('.lm-token').first()).toBeVisible();

  // The nanoGPT CPU preset is the default: 0.8 M parameters, with its memory need.
  await expect(page.getByLabel('Model preset')).toHaveValue('nanogpt-cpu');
  await expect(page.getByTestId('lm-params')).toHaveText(/^0\.8\d? M$/);

  await tinyModel(page, 20_000); // far more than the journey waits for: the run is still going at the reload
  await page.getByRole('button', { name: 'Measure speed (will it fit?)' }).click();
  // On more than one core the steps are shared by one worker per core (data parallel).
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const workers = cores > 1 ? ` \\(${Math.min(cores, 4)} workers` : '';
  await expect(page.getByTestId('lm-probe')).toContainText(new RegExp(`On wasm${workers}.*: \\d+ ms per step`), { timeout: 60_000 });

  await page.getByRole('button', { name: 'Start training' }).click();
  const status = page.getByLabel('Training status');
  await expect(status).toContainText(new RegExp(`on wasm${workers}`), { timeout: 30_000 });
  // At least this checkpoint (training can be fast enough to show each one only briefly).
  const checkpointAtLeast = (step: number) =>
    expect.poll(async () => Number((await status.textContent())?.match(/checkpoint at step (\d+)/)?.[1] ?? 0), { timeout: 90_000 }).toBeGreaterThanOrEqual(step);
  await checkpointAtLeast(40);
  const first = await evalLoss(page);
  await expect(page.getByTestId('lm-sample')).toBeVisible();
  console.log(`wasm tokens/s: ${await page.getByTestId('lm-tokens-per-sec').textContent()}`);

  // Reload mid-training: the run comes back and resumes from its checkpoint.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Language model' })).toBeVisible();
  const resume = page.getByRole('button', { name: /Resume training from step \d+/ });
  await expect(resume).toBeVisible();
  const from = Number((await resume.textContent())!.replace(/\D/g, ''));
  expect(from).toBeGreaterThanOrEqual(40);
  await resume.click();
  await checkpointAtLeast(from + 40);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toContainText(/stopped/, { timeout: 30_000 });
  expect(await evalLoss(page)).toBeLessThan(first);
  expect(await evalLoss(page)).toBeLessThan(3.3); // uniform over ~80 characters would be ln 80 ≈ 4.4

  // The sample timeline: scrub back to the first evaluation.
  const slider = page.getByLabel('Sample at step', { exact: true });
  await slider.fill('0');
  await expect(page.getByTestId('lm-sample-step')).toHaveText('20');

  // Generate: tokens stream in.
  await page.getByLabel('New tokens').fill('200');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const generated = page.getByTestId('lm-generated');
  await expect(generated).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  expect(((await generated.textContent()) ?? '').length).toBeGreaterThan(150);

  // Export the studio bundle and the Hugging Face zip.
  const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download LM bundle (.zip)' }).click()]);
  const file = testInfo.outputPath('lm.zip');
  await bundle.saveAs(file);
  const [hf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download for Hugging Face (.zip)' }).click()]);
  expect(hf.suggestedFilename()).toMatch(/-hf\.zip$/);

  // A fresh studio imports the bundle and continues training on new text with a lower learning rate.
  const context = await browser.newContext();
  const other = await context.newPage();
  await openFreshStudio(other);
  await other.getByRole('button', { name: 'Language model', exact: true }).click();
  await other.getByLabel('Choose a language-model bundle').setInputFiles(file);
  await expect(other.getByText(/Imported lm\.zip/)).toBeVisible({ timeout: 30_000 });
  // Importing shows the bundle's reproducibility stamp: the run's own hashes.
  const stampText = (await page.getByLabel('Language-model run stamp').textContent())!;
  const textHash = /Training text SHA-256([0-9a-f]{64})/.exec(stampText)?.[1];
  expect(textHash).toBeTruthy();
  await expect(other.getByLabel('Imported model stamp')).toContainText(`Training text SHA-256${textHash!}`);
  await expect(other.getByLabel('Model preset')).toHaveValue('fine-tune');
  const text = 'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, I thought I would sail about a little. '.repeat(60);
  await other.getByLabel('Choose text files').setInputFiles({ name: 'ishmael.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(other.getByLabel('Corpus summary')).toContainText('ishmael.txt');
  const train = other.getByRole('group', { name: 'Training' });
  await expect(train.getByLabel('Learning rate', { exact: true })).toHaveValue('0.0003');
  await train.getByLabel('Steps', { exact: true }).fill('20');
  await train.getByLabel('Evaluate every (steps)').fill('10');
  await other.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await other.getByRole('button', { name: 'Continue training lm.zip' }).click();
  await expect(other.getByLabel('Training status')).toContainText(/finished/, { timeout: 90_000 });
  await expect(other.getByLabel('Training status')).toContainText(/continues lm\.zip/);
  // Started from the trained weights: far below the ~4.4 of a fresh model already at step 10.
  expect(await evalLoss(other)).toBeLessThan(3.3);
  await context.close();
});

// Every backend trains the same tiny model a few steps: the loss falls and a sample appears.
// Software WebGL/WebGPU (SwiftShader) are slow here, so the run is as small as it can be.
for (const backend of [
  { name: 'cpu', label: 'Plain JavaScript (CPU)' },
  { name: 'webgl', label: 'WebGL' },
  { name: 'webgpu', label: 'WebGPU' },
]) {
  test(`language model trains on ${backend.name}`, async ({ page }) => {
    test.setTimeout(180_000);
    await openFreshStudio(page, '/?sample=moby-dick');
    await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/, { timeout: 60_000 });
    await tinyModel(page, 8, backend.label);
    const size = page.getByRole('group', { name: 'Size' });
    await size.getByLabel('Context (tokens)').fill('16');
    const train = page.getByRole('group', { name: 'Training' });
    await train.getByLabel('Batch size').fill('4');
    await train.getByLabel('Learning rate', { exact: true }).fill('0.01');
    await train.getByLabel('Warmup steps').fill('1');
    await train.getByLabel('Evaluate every (steps)').fill('4');
    await train.getByLabel('Checkpoint every (steps)').fill('4');
    await train.getByLabel('Validation windows per evaluation').fill('4');
    await train.getByLabel('Sample length (tokens)').fill('24');
    await page.getByRole('button', { name: 'Start training' }).click();
    const status = page.getByLabel('Training status');
    await expect(status).toContainText(new RegExp(`on ${backend.name}`), { timeout: 60_000 });
    await expect(page.getByTestId('lm-sample')).toBeVisible({ timeout: 120_000 });
    await expect(status).toContainText(/finished/, { timeout: 120_000 });
    // An untrained model guesses uniformly: loss ln(vocabulary). (Comparing with the first
    // evaluation raced: a fast backend could finish before that was read.)
    const vocab = Number((await page.getByLabel('Corpus summary').textContent())!.match(/vocabulary of ([\d,]+)/)![1]!.replace(/,/g, ''));
    expect(await evalLoss(page)).toBeLessThan(Math.log(vocab) - 0.5);
    console.log(`${backend.name} tokens/s: ${await page.getByTestId('lm-tokens-per-sec').textContent()}`);
  });
}
