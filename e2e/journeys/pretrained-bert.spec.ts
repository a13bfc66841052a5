import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, openFreshStudio } from '../support/studio';
import { bertVocab, hfBertFolder, randomBertWeights, tinyBertConfig } from '../../src/core/lm/bert-test-files';

/**
 * A small BERT folder generated here (no binary in the repository): random "pretrained" weights and
 * a WordPiece vocabulary of the spam sample's 1,500 most frequent words (plus letters and ## forms),
 * as a real English BERT vocabulary would cover them. Fine-tuning it must beat always-"ham".
 */
function bertFolder() {
  const csv = readFileSync(fileURLToPath(new URL('../../public/samples/spam-ham.csv', import.meta.url)), 'utf8').toLowerCase();
  const counts = new Map<string, number>();
  for (const w of csv.match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 1500).map(([w]) => w);
  const vocab = bertVocab(words);
  const config = tinyBertConfig({ vocabSize: vocab.length, hidden: 32, intermediate: 64, layers: 2, heads: 4, maxPositions: 34 });
  const files = hfBertFolder(config, randomBertWeights(config, 11), { vocab });
  return [...files].map(([name, bytes]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) }));
}

test('pretrained BERT: drop a generated BERT folder on the text Model step → card → reload, the folder is back → fine-tune on the spam sample → beats the majority class on the test split', async ({ page }) => {
  test.setTimeout(300_000);
  const t0 = Date.now();
  const lap = (what: string) => console.log(`pretrained-bert: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Spam or ham e-mails' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('label', { timeout: 60_000 });
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByRole('region', { name: 'Text settings' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/The model will see [\d,]+ features/)).toBeVisible({ timeout: 120_000 });

  lap('encoded');
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  const panel = page.getByRole('region', { name: 'Use a pretrained encoder' });
  // Not a BERT folder: named, nothing changes.
  await panel.getByLabel('Choose BERT files').setInputFiles([{ name: 'config.json', mimeType: 'application/json', buffer: Buffer.from('{"model_type":"llama"}') }]);
  await expect(panel.getByRole('alert')).toContainText('must be "bert"');
  await panel.getByRole('button', { name: 'Dismiss message' }).click();

  await panel.getByLabel('Choose BERT files').setInputFiles(bertFolder());
  const card = panel.getByTestId('encoder-card');
  await expect(card).toContainText('BERT encoder (post-LayerNorm, learned positions, GELU, tanh pooler)', { timeout: 30_000 });
  await expect(card).toContainText('2 / 4');
  await expect(card).toContainText(/WordPiece \(tokenizer\.json\), [\d,]+ tokens, lowercased/);
  // The texts are re-encoded with the encoder's tokenizer (32 ids + [CLS] + [SEP] = 34 positions) and the family is chosen.
  await expect(page.getByText(/reading up to 32 tokens per text/)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Chosen' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pretrained encoder (BERT)', exact: true })).toBeVisible();

  lap('re-encoded with WordPiece');
  // Reload: the folder comes back from this browser's storage ("Use a pretrained encoder" is kept).
  await page.waitForTimeout(1500); // autosave is debounced
  await page.reload();
  await page.getByRole('button', { name: /Step 4: Model/ }).click({ timeout: 60_000 });
  await expect(panel.getByTestId('encoder-card')).toContainText('BERT encoder (post-LayerNorm, learned positions, GELU, tanh pooler)', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Pretrained encoder (BERT)', exact: true })).toBeVisible();
  await expect(page.getByText(/reading up to 32 tokens per text/)).toBeVisible({ timeout: 120_000 });
  lap('restored after a reload');
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  // The generated weights know no English, so a from-scratch rate (a real BERT keeps the suggested 5e-5).
  await page.getByLabel('Learning rate', { exact: true }).fill('0.002');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 150_000 });

  lap('trained');
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const accuracy = Number(await page.getByTestId('metric-Accuracy').textContent());
  console.log(`pretrained-bert: test accuracy ${accuracy}`);
  expect(accuracy).toBeGreaterThan(0.84); // 5 of 6 e-mails are ham: always "ham" scores 0.83

  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as Hugging Face folder (BertForSequenceClassification)' }).click();
  expect((await download).suggestedFilename()).toBe('bert-run-1-hf.zip');
});
