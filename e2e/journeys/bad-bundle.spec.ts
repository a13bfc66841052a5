import { zipSync, strToU8 } from 'fflate';
import { test, expect, openFreshStudio } from '../support/studio';

const cases: { name: string; bytes: Uint8Array; message: RegExp }[] = [
  { name: 'cut-off.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), message: /not a complete ML Studio bundle|cut off/i },
  { name: 'escape.zip', bytes: zipSync({ '../../evil.txt': strToU8('x'), 'manifest.json': strToU8('{}') }), message: /unsafe|outside|path/i },
  { name: 'photo.zip', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), message: /not a|zip/i },
  { name: 'polluted.zip', bytes: zipSync({ 'manifest.json': strToU8('{"__proto__": {"x": 1}, "format": "ml-studio-bundle"}') }), message: /__proto__|not allowed|unsafe/i },
];

test('broken or hostile model bundles are refused with a clear message', async ({ page }) => {
  await openFreshStudio(page);
  await page.getByRole('button', { name: /Step 7: Export/ }).click();
  for (const c of cases) {
    await page.getByLabel('Choose a model bundle').setInputFiles({ name: c.name, mimeType: 'application/zip', buffer: Buffer.from(c.bytes) });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(c.name);
    await expect(alert).toContainText(c.message);
    await alert.getByRole('button', { name: 'Dismiss message' }).click();
  }
  await expect(page.getByText(/Loaded .*\.zip/)).toHaveCount(0);
});
