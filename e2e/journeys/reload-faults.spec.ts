import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, openFreshStudio, putSavedProject } from '../support/studio';

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
