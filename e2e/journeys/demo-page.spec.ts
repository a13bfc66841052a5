/**
 * Issue 14 §1: "Export demo page" writes one .html file that predicts offline. Trained in the real
 * app on data whose column names, categories and labels are HTML/script payloads, the page is
 * saved, opened from file:// in a new page of the same Chromium with every request but file://
 * aborted, and must: make no request, raise no Content-Security-Policy violation, run no payload,
 * show the payloads as text, and predict exactly what the studio predicts for the same input.
 */
import type { Page } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { test, expect, openFreshStudio, chooseFile } from '../support/studio';
import { P, VALUES, csvField, escapeRe, failOnDialog } from '../support/hostile';
import { NO_FIREFOX, firefoxPath, withFirefoxDemo } from '../support/firefox';

/**
 * The same saved page in stock Firefox from file:// (no server, headless, over WebDriver BiDi):
 * each input must show the studio's probabilities, with no request, CSP violation or page error.
 * Skipped, with a line saying so, where no Firefox is installed.
 */
async function inFirefox(path: string, inputs: Record<string, string>[], studio: Record<string, string>[]) {
  if (!firefoxPath()) {
    console.log(NO_FIREFOX);
    test.info().annotations.push({ type: 'skipped', description: NO_FIREFOX });
    return;
  }
  await withFirefoxDemo(path, async (ff) => {
    expect(ff.userAgent).toMatch(/Firefox\//);
    expect(ff.ready).toBe('wasm'); // the inlined WebAssembly ran in Firefox too
    for (const [i, values] of inputs.entries()) expect(await ff.predict(values)).toEqual(studio[i]);
    await ff.check();
  });
}

const LABELS = ['<img src=y onerror=window.__xss=7>', '</script><script>window.__xss=8</script>'];


function tabularCsv(): string {
  const rows = [[P.numeric, P.category, 'constructor', P.target].map(csvField).join(',')];
  for (let i = 0; i < 80; i++) {
    const cls = i % 2;
    rows.push([String(cls * 3 + (i % 7) * 0.4), VALUES[(i + cls) % 3]!, String(i % 5), LABELS[cls]!].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

const WORDS = ['<img src=z onerror=window.__xss=10>', 'film', 'story', 'good', 'bad', 'acting', 'plot', 'music', 'the', 'was', 'and', 'very', 'scene', 'ending'];
function textCsv(): string {
  const rows = ['review,verdict'];
  for (let i = 0; i < 60; i++) {
    const cls = i % 2;
    const words = Array.from({ length: 16 }, (_, k) => WORDS[(i * 7 + k * k * 3 + k) % WORDS.length]);
    rows.push([`Review ${i + 1}: ${cls ? 'great lovely' : 'awful boring'} ${words.join(' ')}, seen on day ${(i * 13) % 31}.`, LABELS[cls]!].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

async function expectNoScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => document.querySelectorAll('img, svg, b[onmouseover]').length)).toBe(0);
  // The page's own three <script> elements, and no fourth one from a payload.
  expect(await page.evaluate(() => document.scripts.length)).toBe(3);
}

/** The studio's class probabilities as shown ("12.34%"), by label. */
async function studioProbabilities(scope: ReturnType<Page['getByRole']>, labels: string[]) {
  const out: Record<string, string> = {};
  for (const l of labels) out[l] = (await scope.getByTestId(`probability-${l}`).textContent())!;
  return out;
}

async function demoProbabilities(demo: Page) {
  await expect(demo.getByTestId('probability').first()).toBeVisible({ timeout: 30_000 });
  return demo.getByTestId('probability').evaluateAll((cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-label')!, c.textContent!])));
}

/** Exports the demo page of the latest run, checks the size report, and saves it. */
async function exportDemo(page: Page, path: string) {
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export demo page (.html)' }).click()]);
  await download.saveAs(path);
  await expect(page.getByRole('status', { name: 'Demo page size' })).toContainText(/\.html: [\d.]+ MB — model [\d.]+ [KM]?B, runtime [\d.]+ MB, data [\d.]+ [KM]?B/);
  expect(download.suggestedFilename()).toMatch(/-demo\.html$/);
}

/**
 * Opens the saved page from file:// in a new page of the same browser: every request that is not
 * file:// is aborted and recorded, CSP violations and page errors are recorded too.
 */
async function openOffline(page: Page, path: string) {
  const demo = await page.context().newPage();
  failOnDialog(demo);
  const requests: string[] = [];
  const errors: string[] = [];
  demo.on('request', (r) => requests.push(r.url()));
  demo.on('pageerror', (e) => errors.push(e.message));
  await demo.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await demo.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const url = pathToFileURL(path).href;
  await demo.goto(url);
  // WebAssembly from the inlined binary, not the plain-JS fallback.
  await expect(demo.locator('html[data-demo-ready=wasm]')).toBeAttached({ timeout: 60_000 });
  const check = async () => {
    expect(requests.filter((u) => !u.startsWith('file:')), 'requests that left file://').toEqual([]);
    expect(errors, 'page errors').toEqual([]);
    expect(await demo.evaluate(() => (window as unknown as { __csp: string[] }).__csp), 'CSP violations').toEqual([]);
    expect(await demo.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))).toMatch(/default-src 'none'.*connect-src 'none'/);
    await expectNoScriptRan(demo);
  };
  return { demo, check };
}

test('a tabular model trained on hostile data exports a demo page that predicts like the studio from file://, offline, running no payload', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  failOnDialog(page);
  await openFreshStudio(page);
  await chooseFile(page, 'hostile.csv', tabularCsv());
  await expect(page.getByText(/80 rows × 4 columns/)).toBeVisible();
  await page.getByLabel('Target column').selectOption(P.target);
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(/The model will see \d+ features/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });

  // The studio's prediction for two rows (one of each class, so the probabilities are not all alike).
  const rows = [
    { [P.numeric]: '4.6', [P.category]: VALUES[1]!, constructor: '2' },
    { [P.numeric]: '0.8', [P.category]: VALUES[0]!, constructor: '' },
  ];
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const form = page.getByRole('region', { name: 'Try the model' });
  const studio: Record<string, string>[] = [];
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) await form.getByLabel(new RegExp(`^${escapeRe(name)} \\(`)).fill(value);
    await form.getByRole('button', { name: 'Predict' }).click();
    const result = page.getByRole('status', { name: 'Prediction' });
    await expect(result.getByTestId('predicted-class')).toBeVisible();
    const before = studio.at(-1);
    await expect.poll(async () => JSON.stringify(await studioProbabilities(result, LABELS))).not.toBe(JSON.stringify(before));
    studio.push(await studioProbabilities(result, LABELS));
  }
  expect(studio[0]).not.toEqual(studio[1]);

  const path = testInfo.outputPath('hostile-demo.html');
  await exportDemo(page, path);

  // The run's stamp as the Export step shows it: the page must carry the same one.
  const runStamp = page.getByLabel('Run stamp');
  const dataHash = /^([0-9a-f]{64}) \(\d+ rows\)$/.exec((await runStamp.locator('dd').nth(2).textContent()) ?? '')?.[1];
  const recipeHash = (await runStamp.locator('dd').nth(3).textContent()) ?? '';
  expect(dataHash).toBeDefined();

  const { demo, check } = await openOffline(page, path);
  await expect(demo.getByRole('heading', { name: 'Logistic regression on hostile.csv' })).toBeVisible();
  const stamp = demo.getByRole('region', { name: 'Reproducibility stamp' });
  await expect(stamp).toContainText(`Training data SHA-256${dataHash!} (`);
  await expect(stamp).toContainText(`Recipe + features SHA-256${recipeHash}`);
  await expect(stamp).toContainText('Studio version0.1.0');
  await expect(stamp).toContainText('Backend');
  const pageStamp = await demo.evaluate(() => (JSON.parse(document.getElementById('demo-meta')!.textContent!) as { stamp?: { dataSha256?: string } }).stamp);
  expect(pageStamp?.dataSha256).toBe(dataHash);
  // Payloads are on screen as text: the column names label the inputs, the card names the target.
  await expect(demo.getByRole('region', { name: 'Model card' })).toContainText('svg onload=window.\\_\\_xss=3'); // markdown-escaped
  await expect(demo.getByLabel(new RegExp(`^${escapeRe(P.numeric)} \\(numeric\\)`))).toHaveAttribute('type', 'number');
  for (const [i, row] of rows.entries()) {
    for (const [name, value] of Object.entries(row)) await demo.getByLabel(new RegExp(`^${escapeRe(name)} \\(`)).fill(value);
    await demo.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => demoProbabilities(demo)).toEqual(studio[i]);
  }
  await expect(demo.getByTestId('predicted-class')).toHaveText(Object.entries(studio[1]!).sort((a, b) => parseFloat(b[1]) - parseFloat(a[1]))[0]![0]);
  await check();
  await demo.close();
  await inFirefox(path, rows, studio);
});

test('a text model exports a demo page whose text box predicts like the studio playground', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  failOnDialog(page);
  await openFreshStudio(page);
  await chooseFile(page, 'reviews.csv', textCsv());
  await expect(page.getByText(/60 rows × 2 columns/)).toBeVisible();
  await page.getByLabel('Target column').selectOption('verdict');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(/characters per token/i).first()).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });

  const text = 'great lovely film <img src=x onerror=window.__xss=15> with a good story';
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const playground = page.getByRole('region', { name: 'Text playground' });
  await playground.getByLabel('review').fill(text);
  await expect(playground.getByTestId('predicted-class')).toBeVisible({ timeout: 30_000 });
  const studio = await studioProbabilities(playground, LABELS);

  const path = testInfo.outputPath('text-demo.html');
  await exportDemo(page, path);
  const { demo, check } = await openOffline(page, path);
  const box = demo.getByRole('region', { name: 'Text box' });
  await box.getByLabel(/^review/).fill(text);
  await expect.poll(() => demoProbabilities(demo)).toEqual(studio);
  await expect(box.getByLabel(/^review/)).toHaveValue(text);
  await check();
  await demo.close();
  await inFirefox(path, [{ review: text }], [studio]);
});

test('a language model exports a demo page whose generation box writes what the studio writes (greedy and seeded)', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  failOnDialog(page);
  await openFreshStudio(page, '/?sample=moby-dick');
  await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/, { timeout: 60_000 });
  // A tiny GPT (as language-model.spec.ts), 40 steps on WebAssembly.
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  const size = page.getByRole('group', { name: 'Size' });
  for (const [label, value] of [['Layers', '1'], ['Heads', '2'], ['Embedding size', '32'], ['Context (tokens)', '32']] as const) await size.getByLabel(label).fill(value);
  const train = page.getByRole('group', { name: 'Training' });
  for (const [label, value] of [['Steps', '40'], ['Batch size', '8'], ['Learning rate', '0.004'], ['Warmup steps', '5'], ['Evaluate every (steps)', '20'], ['Checkpoint every (steps)', '20']] as const) {
    await train.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByLabel('Training status')).toContainText(/finished/, { timeout: 120_000 });

  // The studio's playground, greedy then sampled with a seed (top-p 1: the demo page has no top-p).
  const prompt = 'The whale ';
  const studioWrites = async (temperature: string, topK: string, seed: string) => {
    for (const [label, value] of [['New tokens', '60'], ['Temperature', temperature], ['Top-k (0 = all)', topK], ['Top-p', '1'], ['Sampling seed', seed]] as const) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const out = page.getByTestId('lm-generated');
    await expect(out).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    const text = (await out.textContent())!;
    expect(text.startsWith(prompt)).toBe(true);
    return text.slice(prompt.length);
  };
  const greedy = await studioWrites('0', '0', '7');
  const sampled = await studioWrites('0.9', '10', '3');
  expect(greedy.length).toBeGreaterThan(20);
  expect(sampled).not.toBe(greedy);

  // The run's stamp as the LM view shows it: the page must carry the same hashes.
  const runStamp = page.getByLabel('Language-model run stamp');
  const textHash = /Training text SHA-256([0-9a-f]{64}) \(\d+ training tokens\)/.exec((await runStamp.textContent())!)?.[1];
  const recipeHash = /training settings SHA-256([0-9a-f]{64})/.exec((await runStamp.textContent())!)?.[1];
  expect(textHash).toBeTruthy();
  expect(recipeHash).toBeTruthy();
  await expect(runStamp).toContainText('Backendwasm');

  const path = testInfo.outputPath('lm-demo.html');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export demo page (.html)' }).click()]);
  await download.saveAs(path);
  await expect(page.getByRole('status', { name: 'Demo page size' })).toContainText(/model [\d.]+ [KM]?B/);

  const { demo, check } = await openOffline(page, path);
  const box = demo.getByRole('region', { name: 'Generate' });
  await expect(box.getByLabel('Temperature (0 = greedy)')).toHaveValue('0'); // greedy by default
  await box.getByLabel('Prompt').fill(prompt);
  await box.getByLabel('New tokens').fill('60');
  const demoWrites = async () => {
    await box.getByRole('button', { name: 'Generate' }).click();
    await expect(box.getByLabel('Generated text')).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    return box.getByTestId('generated').textContent();
  };
  expect(await demoWrites()).toBe(greedy);
  await box.getByLabel('Temperature (0 = greedy)').fill('0.9');
  await box.getByLabel('Top-k (0 = off)').fill('10');
  await box.getByLabel('Seed').fill('3');
  expect(await demoWrites()).toBe(sampled);
  const stamp = demo.getByRole('region', { name: 'Reproducibility stamp' });
  await expect(stamp).toContainText(`Training text SHA-256${textHash!} (`);
  await expect(stamp).toContainText(`Tokenizer + model + training settings SHA-256${recipeHash!}`);
  await expect(stamp).toContainText('Seed1337');
  await check();
  await demo.close();
  if (firefoxPath()) {
    await withFirefoxDemo(path, async (ff) => {
      expect(ff.ready).toBe('wasm');
      expect(await ff.generate(prompt, { maxNewTokens: 60, temperature: 0, topK: 0, seed: 7 })).toBe(greedy);
      expect(await ff.generate(prompt, { maxNewTokens: 60, temperature: 0.9, topK: 10, seed: 3 })).toBe(sampled);
      await ff.check();
    });
  } else console.log(NO_FIREFOX);

  // Reproduce: the same 40 steps again on WebAssembly give the same losses bit for bit.
  await page.getByRole('button', { name: 'Reproduce this run' }).click();
  const verdict = page.getByTestId('lm-reproduction');
  await expect(verdict).toContainText(/the training loss at \d+ steps and 2 evaluations match exactly; training text hash matches; tokenizer \+ model \+ settings hash matches/, { timeout: 120_000 });
  await expect(verdict).toContainText(/At step 40: validation loss (\d\.\d+) then, \1 now/);
  await expect(verdict).toContainText('wasm is deterministic');
  await expect(page.getByLabel('Language-model run stamp')).toContainText(recipeHash!);
});
