import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openFreshStudio, dropFile } from '../support/studio';

const POS = ['A wonderful film with a moving story', 'Great acting and a great script', 'I loved every minute of it'];
const NEG = ['A dull and slow film', 'Terrible acting, a boring script', 'I left before the end'];

/** A folder reviews/ with one sub-folder of .txt files per class, plus a file the studio must skip. */
function reviewsFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'text-data-'));
  for (const [label, texts] of [['pos', POS], ['neg', NEG]] as const) {
    mkdirSync(join(root, 'reviews', label), { recursive: true });
    texts.forEach((t, i) => writeFileSync(join(root, 'reviews', label, `${i + 1}.txt`), `${t}\n`));
  }
  writeFileSync(join(root, 'reviews', 'notes.md'), '# not data');
  return join(root, 'reviews');
}

/** Drops several files at once on the page (a synthetic drop, as dropFile does for one). */
async function dropFiles(page: Page, files: { name: string; content: string | number[] }[]) {
  const dt = await page.evaluateHandle((fs) => {
    const d = new DataTransfer();
    for (const f of fs) d.items.add(new File([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)], f.name, { type: 'text/plain' }));
    return d;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

async function answer(page: Page, mode: 'One example per file' | 'One example per line') {
  const dialog = page.getByRole('dialog', { name: 'One example per file, or one per line?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: new RegExp(mode) }).check();
  await dialog.getByRole('button', { name: 'Load texts' }).click();
  await expect(dialog).toBeHidden();
}

test('a folder of .txt files per class becomes a text/label table with a text profile', async ({ page }) => {
  await openFreshStudio(page);
  await page.getByLabel('Choose a folder of text files').setInputFiles(reviewsFolder());

  const dialog = page.getByRole('dialog', { name: 'One example per file, or one per line?' });
  await expect(dialog).toContainText('6 text files from reviews/');
  await expect(dialog).toContainText('1 other file will be skipped');
  await expect(dialog).toContainText(/pos \(3 files\), neg \(3 files\)|neg \(3 files\), pos \(3 files\)/);
  await answer(page, 'One example per file');

  await expect(page.getByText(/6 rows × 2 columns/)).toBeVisible();
  await expect(page.getByText(/One example per file · 6 files read · 1 skipped · 2 labels/)).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: /Skipped 1 file that is hidden or not \.txt: "notes\.md"/ })).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('label');
  await expect(page.getByText(/Proposed task: classification/)).toBeVisible();
  const grid = page.getByRole('table', { name: 'Data preview' });
  await expect(grid.getByRole('cell', { name: POS[1] })).toBeVisible();

  await page.getByRole('tab', { name: 'Profile' }).click();
  const card = page.getByRole('article', { name: 'Column text' });
  await expect(card.getByLabel('Type of text')).toHaveValue('text');
  const profile = card.getByRole('region', { name: 'Text profile of text' });
  await expect(profile.getByText('Vocabulary')).toBeVisible();
  await expect(profile.getByText(/distinct words \(34 in all\)/)).toBeVisible();
  await expect(profile.getByText(/^Latin 100\.0%$/)).toBeVisible();
  await expect(profile.getByRole('figure', { name: 'Most frequent words in text (stop words left out)' })).toBeVisible();
  await expect(profile.getByText(/Frequent words per label/)).toBeVisible();
  await expect(profile.getByRole('listitem').filter({ hasText: /^pos \(3 texts\): / })).toContainText('acting');
});

test('several .txt files dropped at once, one example per line: labels are the file names', async ({ page }) => {
  await openFreshStudio(page);
  await dropFiles(page, [
    { name: 'spam.txt', content: 'Win a free prize now\nCheap pills online\n\nClaim your reward' },
    { name: 'ham.txt', content: 'Lunch at noon?\r\nThe report is attached\r\n' },
  ]);
  await answer(page, 'One example per line');
  await expect(page.getByText(/5 rows × 2 columns/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' }).getByRole('cell', { name: 'The report is attached' })).toBeVisible();
  await page.getByRole('tab', { name: 'Profile' }).click();
  const labels = page.getByRole('article', { name: 'Column label' });
  await expect(labels.getByRole('figure', { name: 'Most frequent values of label' })).toBeVisible();
});

test('pasted text with labels loads; the format is explained', async ({ page }) => {
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Paste text…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste text' });
  await expect(dialog).toContainText('then a tab, then the text');
  await dialog.getByLabel('Text to load, one example per line').fill('spam\tWin a prize\nham\tSee you at five\nspam\tFree money\nham\tThanks, got it');
  await dialog.getByRole('button', { name: 'Load pasted text' }).click();
  await expect(page.getByText(/4 rows × 2 columns/)).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('label');
});

test.describe('bad text input gets a clear message', () => {
  const GOOD = 'name,score\nada,1\nbob,2\ncy,3\n';
  test.beforeEach(async ({ page }) => {
    await openFreshStudio(page);
    await dropFile(page, 'good.csv', GOOD);
    await expect(page.getByText(/3 rows × 2 columns/)).toBeVisible();
  });

  const previousStays = async (page: Page) => {
    await expect(page.getByRole('alert').getByText('Your previous dataset is still loaded.')).toBeVisible();
    await expect(page.getByText(/good\.csv/).first()).toBeVisible();
    await expect(page.getByText(/3 rows × 2 columns/)).toBeVisible();
  };

  test('empty files are refused', async ({ page }) => {
    await dropFiles(page, [
      { name: 'a.txt', content: '' },
      { name: 'b.txt', content: '\n \n' },
    ]);
    await answer(page, 'One example per file');
    await expect(page.getByRole('alert')).toContainText('All 2 files are empty: there is no text to learn from.');
    await previousStays(page);
  });

  test('a binary file among the texts is refused by name', async ({ page }) => {
    await dropFiles(page, [
      { name: 'a.txt', content: 'some text' },
      { name: 'photo.txt', content: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13] },
    ]);
    await answer(page, 'One example per file');
    await expect(page.getByRole('alert')).toContainText('"photo.txt" is a PNG image, not a text file.');
    await previousStays(page);
  });

  test('no .txt file at all is refused without asking', async ({ page }) => {
    await dropFiles(page, [
      { name: 'a.md', content: 'x' },
      { name: 'b.md', content: 'y' },
    ]);
    await expect(page.getByRole('alert')).toContainText('None of these 2 files is a .txt file');
    await previousStays(page);
  });

  test('pasted lines with and without labels are refused with the line', async ({ page }) => {
    await page.getByRole('button', { name: 'Paste text…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Paste text' });
    await dialog.getByLabel('Text to load, one example per line').fill('spam\tWin a prize\njust some text');
    await dialog.getByRole('button', { name: 'Load pasted text' }).click();
    await expect(page.getByRole('alert')).toContainText('Line 2 of the pasted text has no label, but the first line has one.');
    await previousStays(page);
  });

  test('warnings: invalid UTF-8, only emoji, one example in a class, one very long line', async ({ page }) => {
    await dropFiles(page, [
      { name: 'happy.txt', content: '😀😀\n🎉\n🙂' },
      { name: 'sad.txt', content: '😢' },
      { name: 'latin.txt', content: [...Buffer.from('ok\nZ'), 0xfc, ...Buffer.from('rich\nBern')] },
      { name: 'long.txt', content: `${'word '.repeat(400_000)}\nshort line` },
    ]);
    await answer(page, 'One example per line');
    await expect(page.getByText(/happy\.txt|4 text files/).first()).toBeVisible();
    const notes = page.getByRole('note');
    await expect(notes.filter({ hasText: '"latin.txt" is not UTF-8: line 2 has the first character that is not' })).toBeVisible();
    await expect(notes.filter({ hasText: 'Line 1 of "long.txt" is 2,000,000 characters long; each example keeps its first 100,000 characters' })).toBeVisible();
    await expect(notes.filter({ hasText: /4 texts have no word in them \(only emoji, symbols or punctuation\); the first is Line 1 of "happy\.txt"/ })).toBeVisible();
    await expect(notes.filter({ hasText: 'Class "sad" has only one example; it cannot be in both training and test sets.' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Data preview' }).getByRole('cell', { name: 'Zürich' })).toBeVisible();
  });

  test('one class only is a warning', async ({ page }) => {
    await dropFiles(page, [
      { name: 'a.txt', content: 'x' },
      { name: 'b.txt', content: 'y' },
    ]);
    // One example per file from loose files: every file is its own class; per line each file is one class.
    await answer(page, 'One example per file');
    await expect(page.getByRole('note').filter({ hasText: '2 classes have only one example each ("a", "b")' })).toBeVisible();
    await page.getByRole('button', { name: 'Paste text…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Paste text' });
    await dialog.getByLabel('Text to load, one example per line').fill('spam\tone\nspam\ttwo');
    await dialog.getByRole('button', { name: 'Load pasted text' }).click();
    await expect(page.getByRole('note').filter({ hasText: 'Every example has the label "spam": there is only one class' })).toBeVisible();
  });
});

test('text samples are grouped apart; a text sample loads with its text profile; the corpus is for language models, not a table', async ({ page }) => {
  await openFreshStudio(page);
  const text = page.getByRole('region', { name: 'Text samples' });
  await expect(text.getByRole('button', { name: 'Load sample: Spam or ham e-mails' })).toBeVisible();
  const corpus = page.getByRole('region', { name: 'Text corpora samples' });
  // The corpus opens the language-model view (e2e/journeys/language-model.spec.ts), never the table pipeline.
  await expect(corpus.getByRole('button')).toHaveCount(1);
  await expect(corpus.getByRole('button', { name: 'Train a language model on: Moby Dick' })).toBeVisible();

  await text.getByRole('button', { name: 'Load sample: State of the Union: which party?' }).click();
  await expect(page.getByText(/3,000 rows × 2 columns/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Target column')).toHaveValue('party');
  await page.getByRole('tab', { name: 'Profile' }).click();
  const profile = page.getByRole('region', { name: 'Text profile of text' });
  await expect(profile.getByText(/Frequent words per party/)).toBeVisible();
  await expect(profile.getByRole('listitem').filter({ hasText: /^Democratic \(1,500 texts\)/ })).toBeVisible();
});
