import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { test, expect, openFreshStudio, putSavedProject } from '../support/studio';
import { openMobyDick } from '../support/lm';

/** A CSV big enough that reading it takes a few seconds here (about 90 MB), generated once. */
function bigCsv(): string {
  const dir = join(process.cwd(), 'test-results', 'fixtures');
  const path = join(dir, 'reload-2m.csv');
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const parts: string[] = ['id,x,y,colour,note\n'];
  for (let i = 0; i < 2_000_000; i++) parts.push(`${i},${(i % 997) / 7},${(i % 89) - 44},${['red', 'green', 'blue'][i % 3]},item number ${i % 1000}\n`);
  writeFileSync(path, parts.join(''));
  return path;
}

test('a reload while a file is read: the project comes back, the cut-off upload is discarded with a message', async ({ page }) => {
  const path = bigCsv();
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');

  await page.getByLabel('Choose a data file').setInputFiles(path);
  await expect(page.getByRole('status').getByRole('progressbar')).toBeVisible();
  await page.waitForTimeout(400); // autosave (250 ms after a change) has written that a file is being read
  await expect(page.getByRole('status').getByRole('progressbar')).toBeVisible(); // still reading
  await page.reload();

  await expect(page.getByText('Reading “reload-2m.csv” was cut off: the page was closed or reloaded before the file was loaded, so the part read was discarded.')).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('species'); // the project as it was, with its dataset
  await expect(page.getByText(/150 rows × 5 columns/)).toBeVisible();
  await page.waitForTimeout(600); // autosave (250 ms after a change) has saved that the note was shown
  await page.reload(); // said once
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await expect(page.getByText(/was cut off/)).toHaveCount(0);
});

test('an unreadable saved record is still offered after the new project is saved and the page reloaded', async ({ page }) => {
  const record = '{"format":"ml-studio-project","version":1,"sch';
  await openFreshStudio(page);
  await putSavedProject(page, record);
  await page.reload();
  const notice = page.getByRole('alert').filter({ hasText: 'Your saved project could not be restored.' });
  await expect(notice).toContainText('kept on this device until you dismiss this message');
  // The new project is saved over the old record's place…
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await page.waitForTimeout(600); // autosave
  await page.reload();
  // …and both come back: the new project, and the old record for download.
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Download the old record' }).click()]);
  expect(JSON.parse(await readFile((await download.path())!, 'utf8'))).toEqual(record);
  await notice.getByRole('button', { name: 'Dismiss message' }).click();
  await page.reload();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await expect(notice).toHaveCount(0);
});

test('a reload right after a sample loads keeps the dataset (the upload marker is not what was saved last)', async ({ page }) => {
  await openFreshStudio(page);
  await page.getByRole('region', { name: 'New here? Pick a path' }).getByRole('button', { name: 'Start the tabular path with Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  // At once: within the autosave's debounce, before a change after the upload could have been saved.
  await page.reload();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await expect(page.getByText('was cut off')).toHaveCount(0);
});

/** The autosaved project (IndexedDB `ml-studio` → `projects` → `current`), polled instead of waiting for the autosave's debounce. */
const savedProject = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const q = indexedDB.open('ml-studio');
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    const v = await new Promise<unknown>((ok, fail) => {
      const q = db.transaction('projects').objectStore('projects').get('current');
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    db.close();
    return v as { upload?: { kind?: string; datasetId?: string; corpusId?: string }; dataset?: { datasetId: string }; lm?: { corpus?: { corpusId: string } } } | undefined;
  });

/** The ids stored in `store` (a table part's key is [datasetId, index]: its dataset id). */
const storedIds = (page: Page, store: 'tables' | 'tableParts' | 'lmCorpora') =>
  page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const q = indexedDB.open('ml-studio');
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    const keys = await new Promise<IDBValidKey[]>((ok, fail) => {
      const q = db.transaction(name).objectStore(name).getAllKeys();
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    db.close();
    return [...new Set(keys.map((k) => String(Array.isArray(k) ? k[0] : k)))].sort();
  }, store);

/**
 * Holds the worker's reading where it is: its first `allowed` Blob reads go through (a progress
 * event has been sent), every later one waits for good. The app has no hook: the test swaps the
 * method in that worker, and the reload that follows ends the worker.
 */
const holdReads = (worker: Worker, allowed: number) =>
  worker.evaluate((n) => {
    const native = Blob.prototype.arrayBuffer;
    let reads = 0;
    Blob.prototype.arrayBuffer = function (this: Blob) {
      return ++reads <= n ? native.call(this) : new Promise<ArrayBuffer>(() => {});
    };
  }, allowed);

test('a reload while a .txt set is read: the dataset before it comes back, the set is named and nothing of it is kept', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'reload-texts-'));
  mkdirSync(join(root, 'reload-texts', 'pos'), { recursive: true });
  mkdirSync(join(root, 'reload-texts', 'neg'), { recursive: true });
  for (let i = 1; i <= 3; i++) {
    writeFileSync(join(root, 'reload-texts', 'pos', `${i}.txt`), `A fine film, number ${i}.\n`);
    writeFileSync(join(root, 'reload-texts', 'neg', `${i}.txt`), `A dull film, number ${i}.\n`);
  }
  const created = page.waitForEvent('worker', (w) => /data\.worker/.test(w.url()));
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  const iris = (await savedProject(page))?.dataset?.datasetId;
  expect(iris).toBeTruthy();
  await holdReads(await created, 2); // two of the six files are read, then the reading waits

  await page.getByLabel('Choose a folder of text files').setInputFiles(join(root, 'reload-texts'));
  const dialog = page.getByRole('dialog', { name: 'One example per file, or one per line?' });
  await dialog.getByRole('radio', { name: /One example per file/ }).check();
  await dialog.getByRole('button', { name: 'Load texts' }).click();
  await expect(page.getByRole('status').getByRole('progressbar')).toBeVisible();
  await expect.poll(async () => (await savedProject(page))?.upload?.kind).toBe('texts'); // the note is saved
  const cut = (await savedProject(page))!.upload!.datasetId!;
  await expect(page.getByRole('status').getByRole('progressbar')).toBeVisible(); // still reading
  await page.reload();

  await expect(page.getByText(/Reading “reload-texts\/” \(6 files: “reload-texts\/(pos|neg)\/\d\.txt”, “reload-texts\/(pos|neg)\/\d\.txt”, “reload-texts\/(pos|neg)\/\d\.txt”, …\) was cut off: the page was closed or reloaded before the text files were loaded, so the part read was discarded\./)).toBeVisible();
  await expect(page.getByText('Load the text files again.')).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('species'); // the project as it was, with its dataset
  await expect(page.getByText(/150 rows × 5 columns/)).toBeVisible();
  await expect.poll(async () => (await savedProject(page))?.upload).toBeUndefined(); // the note's end is saved
  expect(await storedIds(page, 'tables')).toEqual([iris]);
  expect(await storedIds(page, 'tableParts')).not.toContain(cut);
  await page.reload(); // said once
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await expect(page.getByText(/was cut off/)).toHaveCount(0);
});

test('a reload while a language-model corpus is read: the corpus before it comes back, the file is named and nothing of it is stored', async ({ page }) => {
  const created = page.waitForEvent('worker', (w) => /lm\.worker/.test(w.url()));
  await openFreshStudio(page);
  await openMobyDick(page);
  await expect.poll(async () => (await savedProject(page))?.lm?.corpus?.corpusId).toBeTruthy();
  const moby = (await savedProject(page))!.lm!.corpus!.corpusId;
  await expect.poll(() => storedIds(page, 'lmCorpora')).toEqual([moby]);
  await holdReads(await created, 2); // the first 1 MB of the book is read (its binary check, then one chunk), then the reading waits

  // 3 MB: the reader reads 1 MB at a time, so it is held with two chunks to go.
  const book = 'It was a bright cold day in April, and the clocks were striking thirteen. '.repeat(42_000);
  await page.getByLabel('Choose text files').setInputFiles({ name: 'reload-book.txt', mimeType: 'text/plain', buffer: Buffer.from(book) });
  await expect(page.getByText(/Reading reload-book\.txt/)).toBeVisible(); // its progress
  await expect.poll(async () => (await savedProject(page))?.upload?.kind).toBe('corpus'); // the note is saved
  await page.reload();

  await expect(page.getByText('Reading “reload-book.txt” was cut off: the page was closed or reloaded before the text was read, so the part read was discarded.')).toBeVisible();
  await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/); // the corpus as it was
  await expect.poll(async () => (await savedProject(page))?.upload).toBeUndefined();
  await expect.poll(() => storedIds(page, 'lmCorpora')).toEqual([moby]);
  await page.reload(); // said once
  await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/);
  await expect(page.getByText(/was cut off/)).toHaveCount(0);
});
