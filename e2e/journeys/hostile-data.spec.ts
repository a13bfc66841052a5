/**
 * User data is shown as text, never as markup (issue 13 §3). Column names, category values, class
 * labels, texts, file names and an imported bundle's model card are HTML/script payloads; the
 * journey walks every step and checks that no payload ran (window.__xss stays unset, no dialog
 * opened) and that each payload is on screen as the literal text the user typed. The lint rule in
 * eslint.config.js keeps HTML sinks out of src; this proves the rendered app.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openFreshStudio, chooseFile } from '../support/studio';
import { P, VALUES, csvField, escapeRe, failOnDialog } from '../support/hostile';
import { writeLlama2c } from '../../src/core/lm/llama2c';
import { writeLlama2cTokenizer } from '../../src/core/lm/llama2c-tokenizer';
import { tinyLlama } from '../../src/core/lm/llama-test-model';

const LABELS = ['<img src=y onerror=window.__xss=7>', '</td><script>window.__xss=8</script>'];
const FILE_NAME = '<svg onload=window.__xss=9>.csv';


function tabularCsv(): string {
  const rows = [[P.numeric, P.category, '__proto__', 'constructor', P.target].map(csvField).join(',')];
  for (let i = 0; i < 80; i++) {
    const cls = i % 2;
    rows.push([String(cls * 5 + (i % 7) * 0.3), VALUES[i % 3]!, String(i % 5), VALUES[(i + 1) % 3]!, LABELS[cls]!].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

const WORDS = ['<img src=z onerror=window.__xss=10>', 'film', 'story', 'good', 'bad', '<script>window.__xss=11</script>', 'acting', 'script', 'plot', 'music', 'the', 'was', 'and', 'a', 'very', 'long', 'short', 'scene', 'ending', 'cast'];
function textCsv(): string {
  const rows = ['review,verdict'];
  for (let i = 0; i < 60; i++) {
    const cls = i % 2;
    const words = Array.from({ length: 16 }, (_, k) => WORDS[(i * 7 + k * k * 3 + k) % WORDS.length]);
    rows.push([`Review ${i + 1}: ${cls ? 'great' : 'awful'} ${words.join(' ')}, seen on day ${(i * 13) % 31}.`, LABELS[cls]!].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}


async function expectNoScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => document.querySelectorAll('img[src=x], img[src=y], img[src=z], svg[onload], b[onmouseover]').length)).toBe(0);
  // `__proto__` and `constructor` column names must not have reached Object.prototype.
  expect(await page.evaluate(() => Object.getOwnPropertyNames(Object.prototype).filter((k) => !['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString'].includes(k)))).toEqual([]);
}

const seeText = (page: Page, text: string) => expect(page.getByText(text, { exact: false }).first()).toBeVisible();

test('payloads in column names, categories, labels and the file name are shown as text through every step, export and import', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  failOnDialog(page);
  await openFreshStudio(page);
  await chooseFile(page, FILE_NAME, tabularCsv());
  await expect(page.getByText(/80 rows × 5 columns/)).toBeVisible();
  await seeText(page, FILE_NAME);
  const grid = page.getByRole('table', { name: 'Data preview' });
  for (const name of [...Object.values(P), '__proto__']) await expect(grid.getByRole('columnheader', { name: new RegExp(`^${escapeRe(name)}`) })).toBeVisible();
  await expect(grid.getByRole('cell', { name: VALUES[0], exact: true }).first()).toBeVisible();
  await page.getByLabel('Target column').selectOption(P.target);

  await page.getByRole('tab', { name: 'Profile' }).click();
  await expect(page.getByRole('article', { name: `Column ${P.category}` })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Column __proto__' })).toBeVisible();
  await seeText(page, VALUES[1]!);
  await expectNoScriptRan(page);

  for (const step of ['Step 2: Clean', 'Step 3: Encode']) {
    await page.getByRole('button', { name: new RegExp(step) }).click();
    await seeText(page, P.category);
    await expectNoScriptRan(page);
  }
  await expect(page.getByText(/The model will see \d+ features/)).toBeVisible({ timeout: 60_000 });

  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const matrix = page.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix).toBeVisible();
  for (const label of LABELS) await expect(matrix.getByText(label, { exact: true }).first()).toBeVisible();
  await expect(page.getByLabel(new RegExp(`^${escapeRe(P.numeric)}`)).first()).toBeVisible();
  // The prediction form's boxes for columns named like Object.prototype members start empty.
  for (const name of ['__proto__', 'constructor']) await expect(page.getByLabel(new RegExp(`^${name} \\(`)).first()).toHaveValue('');
  await expectNoScriptRan(page);

  // Export, then replace the model card of the exported bundle with payloads and import that.
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download bundle (.zip)' }).click()]);
  const path = testInfo.outputPath('bundle.zip');
  await download.saveAs(path);
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  const card = strFromU8(files['README.md']!);
  expect(card).toMatch(/svg onload=window/); // the card names the target (markdown-escaped)
  files['README.md'] = strToU8(`# <img src=q onerror=window.__xss=12>\n\n<script>window.__xss=13</script>\n\n${card}`);
  const hostileBundle = Buffer.from(zipSync(files));

  const other = await (await browser.newContext()).newPage();
  failOnDialog(other);
  await openFreshStudio(other);
  await other.getByRole('button', { name: /Step 7: Export/ }).click();
  const bundleName = '<img src=x onerror=window.__xss=14>.zip';
  await other.getByLabel('Choose a model bundle').setInputFiles({ name: bundleName, mimeType: 'application/zip', buffer: hostileBundle });
  await expect(other.getByText(/Loaded .*\.zip/)).toBeVisible();
  await seeText(other, bundleName);
  await other.getByText('Model card (README.md)').click();
  await seeText(other, '<script>window.__xss=13</script>');
  await expect(other.getByLabel(new RegExp(`^${escapeRe(P.category)}`)).first()).toBeVisible();
  await expectNoScriptRan(other);
  await other.context().close();
  await expectNoScriptRan(page);
});

test('payloads in texts and labels of a text dataset are shown as text', async ({ page }) => {
  test.setTimeout(300_000);
  failOnDialog(page);
  await openFreshStudio(page);
  await chooseFile(page, 'reviews.csv', textCsv());
  await expect(page.getByText(/60 rows × 2 columns/)).toBeVisible();
  await page.getByLabel('Target column').selectOption('verdict');
  await expect(page.getByRole('table', { name: 'Data preview' }).getByText(LABELS[0]!, { exact: true }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Profile' }).click();
  await seeText(page, LABELS[1]!);
  await expectNoScriptRan(page);

  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByRole('region', { name: 'Text settings' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/characters per token/i).first()).toBeVisible({ timeout: 120_000 });
  await expectNoScriptRan(page);

  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  await expect(page.getByRole('table', { name: 'Confusion matrix' }).getByText(LABELS[1]!, { exact: true }).first()).toBeVisible();
  const playground = page.getByRole('region', { name: 'Text playground' });
  await playground.getByLabel('review').fill('great <img src=x onerror=window.__xss=15> film');
  await expect(playground.getByTestId('predicted-class')).toBeVisible({ timeout: 30_000 });
  await playground.getByRole('button', { name: /Why\?/ }).click();
  const why = page.getByLabel('Why the model decided');
  await expect(why).toBeVisible({ timeout: 60_000 });
  await expect(why).toContainText('<img src=x onerror=window.__xss=15>');
  await expectNoScriptRan(page);
});

/** Pairs whose column names, sources and targets are payloads (the target reverses the source). */
function pairsCsv(): string {
  const parts = ['<img src=x onerror=window.__xss=21>', 'cat', 'dog', '<script>window.__xss=22</script>', 'sun', 'moon', '<b onmouseover=window.__xss=4>', 'tree'];
  const rows = [[P.numeric, P.target].map(csvField).join(',')];
  for (let i = 0; i < 80; i++) {
    const src = `${parts[i % parts.length]} ${parts[(i * 3 + 1) % parts.length]} ${i}`;
    rows.push([src, [...src].reverse().join('')].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

test('payloads in the pairs, columns and file name of the sequence-to-sequence view are shown as text', async ({ page }) => {
  test.setTimeout(240_000);
  failOnDialog(page);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Sequence to sequence' }).click();
  const name = '<svg onload=window.__xss=23>.csv';
  await page.getByLabel('Table file (CSV, TSV, JSON Lines)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(pairsCsv()) });
  const first = page.getByLabel('First pairs');
  await expect(first).toBeVisible({ timeout: 30_000 });
  await seeText(page, name);
  await page.getByLabel('Source column').selectOption(P.numeric);
  await page.getByLabel('Target column').selectOption(P.target);
  await expect(first.getByRole('columnheader', { name: P.numeric, exact: true })).toBeVisible();
  await expect(first.getByRole('cell', { name: '<img src=x onerror=window.__xss=21> cat 0', exact: true })).toBeVisible();
  await expectNoScriptRan(page);

  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Training steps').fill('20');
  await page.getByLabel('Validate every').fill('10');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('s2s-train-status')).toContainText(/Run done after 20 steps/, { timeout: 150_000 });
  // Test examples show the payload sources; the tokenizer workbench lists their characters.
  await expect(page.getByLabel('Worst test examples')).toContainText(/<(img|script|b) /);
  await expect(page.getByRole('region', { name: 'Source tokenizer workbench' })).toBeVisible();
  const source = '<img src=x onerror=window.__xss=24> cat';
  await page.getByLabel('Source', { exact: true }).fill(source);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Cross-attention heat map')).toBeVisible({ timeout: 30_000 });
  await expectNoScriptRan(page);
});

test('payloads in a pretrained checkpoint (file name, tokenizer pieces, config.json) are shown as text', async ({ page }) => {
  test.setTimeout(120_000);
  failOnDialog(page);
  await openFreshStudio(page);
  await page.getByRole('navigation', { name: 'Studio mode' }).getByRole('button', { name: 'Language model' }).click();
  const panel = page.getByRole('region', { name: 'Pretrained model' });
  const input = panel.getByLabel('Choose model files');

  // A config.json naming a payload as its model type: the refusal quotes it as text.
  const type = '<img src=x onerror=window.__xss=25>';
  await input.setInputFiles([
    { name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ model_type: type })) },
    { name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.alloc(16) },
    { name: 'tokenizer.json', mimeType: 'application/json', buffer: Buffer.from('{}') },
  ]);
  await expect(panel.getByRole('alert')).toContainText(`model_type "${type}"`, { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Dismiss message' }).click();
  await expectNoScriptRan(page);

  // A llama2.c checkpoint whose every word piece is a payload: generated text and the next-token table show them.
  const payloads = ['<img src=y onerror=window.__xss=26>', '<script>window.__xss=27</script>', '<b onmouseover=window.__xss=4>', '"><svg onload=window.__xss=28>'];
  const { config, weights } = tinyLlama({ vocabSize: 259 + payloads.length });
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ...payloads];
  await input.setInputFiles([
    { name: '<svg onload=window.__xss=29>.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2c(config, weights, 1)) },
    { name: 'tokenizer.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(writeLlama2cTokenizer(pieces, pieces.map((_, i) => (i >= 259 ? 0 : -100)))) },
  ]);
  await expect(panel.getByTestId('pretrained-card')).toContainText('Llama', { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Load this model' }).click();
  const playground = panel.getByTestId('pretrained-playground');
  await playground.getByLabel('Temperature (0 = greedy)').fill('0');
  await playground.getByLabel('New tokens').fill('20');
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 }); // done (a random model may stop at once)
  await playground.getByRole('button', { name: 'Look inside this model…' }).click();
  const inside = playground.getByTestId('pretrained-inside');
  await inside.getByLabel('Text to look inside').fill(payloads[0]!);
  await inside.getByRole('button', { name: 'Look inside', exact: true }).click();
  await expect(inside.getByTestId('pretrained-next').locator('tbody tr')).toHaveCount(20, { timeout: 30_000 });
  // The text looked inside is one payload piece, shown as its literal text.
  await expect(inside).toContainText(payloads[0]!);
  await expectNoScriptRan(page);
});
