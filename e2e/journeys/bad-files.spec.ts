import { test, expect, openFreshStudio, chooseFile, dropFile } from '../support/studio';

const GOOD = 'name,score\nada,1\nbob,2\ncy,3\n';

test.describe('bad files get a clear message and the previous dataset stays loaded', () => {
  test.beforeEach(async ({ page }) => {
    await openFreshStudio(page);
    await dropFile(page, 'good.csv', GOOD);
    await expect(page.getByText(/3 rows × 2 columns/)).toBeVisible();
  });

  const cases: { name: string; content: string | Buffer; message: RegExp }[] = [
    { name: 'empty.csv', content: '', message: /empty/i },
    { name: 'header-only.csv', content: 'a,b,c\n', message: /no data rows|only a header|header only/i },
    { name: 'binary.csv', content: Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 8, 0, 0, 0, 1, 2]), message: /binary|not a text/i },
    { name: 'photo.csv', content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]), message: /PNG image/i },
    { name: 'quote.csv', content: 'a,b\n1,"never closed\n2,3\n', message: /quote/i },
  ];
  for (const c of cases) {
    test(c.name, async ({ page }) => {
      await chooseFile(page, c.name, c.content);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(c.name);
      await expect(alert).toContainText(c.message);
      await expect(alert.getByText('Your previous dataset is still loaded.')).toBeVisible();
      await expect(page.getByText(/good\.csv/).first()).toBeVisible();
      await expect(page.getByText(/3 rows × 2 columns/)).toBeVisible();
    });
  }

  test('ragged rows: says where and how many, offers to skip them', async ({ page }) => {
    await chooseFile(page, 'ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(/Row 3/);
    await alert.getByRole('button', { name: /Skip the 2 bad rows/ }).click();
    await expect(page.getByText(/3 rows × 3 columns/)).toBeVisible();
    await expect(page.getByText(/2 bad rows skipped/)).toBeVisible();
  });

  test('duplicate and empty column names are made unique and reported', async ({ page }) => {
    await chooseFile(page, 'dupes.csv', 'price,price,,x\n1,2,3,4\n5,6,7,8\n');
    await expect(page.getByText(/2 rows × 4 columns/)).toBeVisible();
    await expect(page.getByRole('note').filter({ hasText: /Renamed 2 columns/ })).toBeVisible();
  });

  test('invalid UTF-8 is read as Latin-1 with a warning', async ({ page }) => {
    await chooseFile(page, 'latin.csv', Buffer.concat([Buffer.from('city,n\nZ'), Buffer.from([0xfc]), Buffer.from('rich,1\nBern,2\n')]));
    await expect(page.getByText(/2 rows × 2 columns/)).toBeVisible();
    await expect(page.getByRole('note').filter({ hasText: /UTF-8/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Data preview' }).getByRole('cell', { name: 'Zürich' })).toBeVisible();
  });

  test('numbers written with a decimal comma: the hint points to the cleaning step that reads them', async ({ page }) => {
    await chooseFile(page, 'preise.csv', 'Artikel;Preis\nTisch;1.234,50\nStuhl;89,90\nLampe;12,00\n');
    await expect(page.getByText(/3 rows × 2 columns/)).toBeVisible();
    await expect(page.getByRole('note').filter({ hasText: /“Preis” was read as text/ })).toContainText('Read written numbers');
    await page.getByRole('button', { name: /Step 2: Clean/ }).click();
    await page.getByLabel('Operation').selectOption({ label: 'Read written numbers' });
    await page.getByLabel('Column', { exact: true }).selectOption('Preis');
    await page.getByRole('button', { name: 'Add step' }).click();
    const step = page.getByRole('listitem', { name: /Step 1: Read Preis as numbers/ });
    await expect(step).toContainText('decimal comma and thousands points (1.234,5)');
    await page.getByRole('tab', { name: 'Cleaned preview' }).click();
    const grid = page.getByRole('table', { name: 'Cleaned data preview' });
    await expect(grid.getByRole('columnheader', { name: /^Preis\s*numeric$/ })).toBeVisible();
    await expect(grid.getByRole('cell', { name: '1234.5', exact: true })).toBeVisible();
    await expect(grid.getByRole('cell', { name: '89.9', exact: true })).toBeVisible();
  });

  test('a very wide file (100,000 columns) loads', async ({ page }) => {
    const cols = 100_000;
    const header = Array.from({ length: cols }, (_, i) => `c${i}`).join(',');
    const row = (k: number) => Array.from({ length: cols }, (_, i) => String((i * k) % 97)).join(',');
    await chooseFile(page, 'wide.csv', `${header}\n${row(1)}\n${row(2)}\n${row(3)}\n`);
    await expect(page.getByText(/3 rows × 100,000 columns/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Data preview' }).getByRole('columnheader', { name: /^c0\s*numeric$/ })).toBeVisible();
  });
});
