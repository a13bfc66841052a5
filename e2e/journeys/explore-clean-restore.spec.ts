import AxeBuilder from '@axe-core/playwright';
import { test, expect, openFreshStudio } from '../support/studio';

test('load a sample, profile it, choose a target, clean it, reload: everything is restored', async ({ page }) => {
  await openFreshStudio(page);
  await expect(page.getByText('Your data stays on this device')).toBeVisible();
  // Later steps wait for their inputs.
  await expect(page.getByRole('button', { name: /Step 5: Train \(to do\)/ })).toBeVisible();

  await page.getByRole('button', { name: 'Load sample: Palmer penguins' }).click();
  await expect(page.getByText(/344 rows × 7 columns/)).toBeVisible();

  // The sample proposes its target; the class balance and task are shown.
  const target = page.getByLabel('Target column');
  await expect(target).toHaveValue('Species');
  await expect(page.getByText(/Proposed task: classification/)).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Class balance of Species' })).toBeVisible();

  // Profile: per-column cards with type, missing count and statistics.
  await page.getByRole('tab', { name: 'Profile' }).click();
  const sex = page.getByRole('article', { name: 'Column Sex' });
  await expect(sex.getByLabel('Type of Sex')).toHaveValue('categorical');
  await expect(sex.getByText(/^10 \(2\.9%\)$/)).toBeVisible();
  const mass = page.getByRole('article', { name: 'Column Body Mass (g)' });
  await expect(mass.getByLabel('Type of Body Mass (g)')).toHaveValue('numeric');
  await expect(mass.getByText('Min / max')).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Histogram of Body Mass (g)' })).toBeVisible();

  // Preview scrolls through every row.
  await page.getByRole('tab', { name: 'Preview' }).click();
  const grid = page.getByRole('table', { name: 'Data preview' });
  await expect(grid.getByRole('cell', { name: 'Torgersen' }).first()).toBeVisible();
  await page.getByRole('region', { name: 'Data preview, scrollable' }).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid.getByRole('rowheader', { name: '344', exact: true })).toBeVisible();

  const a11y = await new AxeBuilder({ page }).disableRules(['color-contrast']).analyze();
  expect(a11y.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);

  // Clean: drop rows with a missing value anywhere.
  await page.getByRole('button', { name: /Step 2: Clean/ }).click();
  await page.getByLabel('Operation').selectOption({ label: 'Drop rows with missing values' });
  await page.getByRole('button', { name: 'Add step' }).click();
  await expect(page.getByText('344 rows before cleaning → 334 rows after')).toBeVisible();
  await expect(page.getByRole('listitem', { name: /Step 1:/ }).getByText(/changed 10 rows/)).toBeVisible();

  // Undo and redo.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('344 rows before cleaning → 344 rows after')).toBeVisible();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByText('344 rows before cleaning → 334 rows after')).toBeVisible();

  // Reload: the project comes back from IndexedDB.
  await page.waitForTimeout(600); // autosave is debounced
  await page.reload();
  await expect(page.getByRole('button', { name: /Step 2: Clean \(current step\)/ })).toBeVisible();
  await expect(page.getByText('344 rows before cleaning → 334 rows after')).toBeVisible();
  await expect(page.getByRole('listitem', { name: /Step 1: Drop rows/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Cleaned preview' }).click();
  await expect(page.getByRole('table', { name: 'Cleaned data preview' }).getByRole('cell', { name: 'Torgersen' }).first()).toBeVisible();
  await page.getByRole('button', { name: /Step 1: Upload/ }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('Species');

  // New project asks first, then starts over.
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByRole('button', { name: 'Load sample: Iris flowers' })).toBeVisible();
});
