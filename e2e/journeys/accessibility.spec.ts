import type { Page } from '@playwright/test';
import { test, expect, openFreshStudio } from '../support/studio';
import { setTinyGpt, trainLmToEnd } from '../support/lm';
import { expectAccessible, LAPTOP } from '../support/a11y';

/**
 * Every step of every flow passes axe's WCAG 2.1 AA rules and does not scroll sideways, at
 * 1280×720 and 390×844: tabular (iris), text (spam sample) and the language-model view.
 * Charts are also checked with their "Show as table" view open.
 */
test.use({ viewport: LAPTOP });

const step = (page: Page, n: number, name: string) => page.getByRole('button', { name: new RegExp(`Step ${n}: ${name}`) }).click();

/** Opens every chart's table view that is on screen (the toggle is the text alternative). */
async function showChartsAsTables(page: Page) {
  const toggles = page.getByRole('button', { name: /^Show as table: / });
  const n = await toggles.count();
  for (let i = 0; i < n; i++) {
    const t = toggles.nth(i);
    if ((await t.getAttribute('aria-pressed')) !== 'true') await t.click();
  }
  return n;
}

async function trainToEnd(page: Page, epochs: string) {
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByLabel('Epochs', { exact: true }).fill(epochs);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });
}

test('tabular flow: every step passes axe (WCAG 2.1 AA) at laptop and phone sizes', async ({ page }) => {
  test.setTimeout(300_000);
  await openFreshStudio(page);
  await expectAccessible(page, 'upload (welcome)');
  await page.getByRole('button', { name: 'Load sample: Iris flowers' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  await expectAccessible(page, 'upload (target)');
  await page.getByRole('tab', { name: 'Profile' }).click();
  await expect(page.getByRole('figure', { name: /Histogram of sepal_length/ })).toBeVisible();
  await expectAccessible(page, 'upload (profile)');
  expect(await showChartsAsTables(page)).toBeGreaterThan(0);
  await expectAccessible(page, 'upload (profile, charts as tables)');
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
  await expectAccessible(page, 'upload (preview)');

  await step(page, 2, 'Clean');
  await page.getByLabel('Operation').selectOption({ label: 'Drop rows with missing values' });
  await page.getByRole('button', { name: 'Add step' }).click();
  await expect(page.getByRole('listitem', { name: /Step 1:/ })).toBeVisible();
  await expectAccessible(page, 'clean');

  await step(page, 3, 'Encode');
  await expect(page.getByText(/The model will see 4 features/)).toBeVisible();
  await expectAccessible(page, 'encode');

  await step(page, 4, 'Model');
  await page.getByRole('button', { name: /Choose Neural network|Choose MLP|Choose .*MLP/ }).click();
  await expectAccessible(page, 'model');

  await step(page, 5, 'Train');
  await expectAccessible(page, 'train (before a run)');
  await trainToEnd(page, '6');
  await expectAccessible(page, 'train (after a run)');
  expect(await showChartsAsTables(page)).toBeGreaterThan(0);
  await expect(page.getByRole('table', { name: /Loss per epoch/ })).toBeVisible();
  await expectAccessible(page, 'train (curves as tables)');

  await step(page, 6, 'Evaluate');
  await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
  await page.getByRole('button', { name: /rows of true class setosa predicted as setosa/ }).click();
  await expect(page.getByText(/True setosa, predicted setosa: \d+ rows/)).toBeVisible();
  await expectAccessible(page, 'evaluate');
  expect(await showChartsAsTables(page)).toBeGreaterThan(0);
  await expect(page.getByRole('table', { name: /ROC curve/ })).toBeVisible();
  await expectAccessible(page, 'evaluate (charts as tables)');

  await step(page, 7, 'Export');
  await expect(page.getByRole('button', { name: 'Download bundle (.zip)' })).toBeVisible();
  await expectAccessible(page, 'export');
});

test('regression flow (cars, boosting): round curves, two runs compared, residual plots pass axe at both sizes', async ({ page }) => {
  test.setTimeout(300_000);
  await openFreshStudio(page, '/?sample=cars');
  await expect(page.getByLabel('Target column')).toHaveValue('Miles_per_Gallon');
  await expectAccessible(page, 'regression: upload');
  await step(page, 3, 'Encode');
  await expect(page.getByText(/The model will see \d+ features/)).toBeVisible();
  await step(page, 4, 'Model');
  await page.getByRole('button', { name: 'Choose Gradient boosting' }).click();
  await page.getByRole('region', { name: 'Model settings' }).getByLabel(/Boosting rounds/).fill('40');
  await expectAccessible(page, 'regression: model');
  await step(page, 5, 'Train');
  for (const n of [1, 2]) {
    await page.getByRole('button', { name: /^(Start training|Train again)$/ }).click();
    await expect(page.getByText(new RegExp(`Run #${n} finished`))).toBeVisible({ timeout: 120_000 });
  }
  // Tick both runs: the run-history comparison chart appears.
  for (const box of await page.getByRole('checkbox', { name: /Compare run/ }).all()) await box.check();
  await expectAccessible(page, 'regression: train (two runs compared)');
  expect(await showChartsAsTables(page)).toBeGreaterThan(0);
  await expectAccessible(page, 'regression: train (curves as tables)');
  await step(page, 6, 'Evaluate');
  await expect(page.getByRole('figure', { name: 'Predicted vs actual' })).toBeVisible();
  await expectAccessible(page, 'regression: evaluate');
  expect(await showChartsAsTables(page)).toBeGreaterThan(0);
  await expect(page.getByRole('table', { name: /Residuals/ })).toBeVisible();
  await expectAccessible(page, 'regression: evaluate (plots as tables)');
  await step(page, 7, 'Export');
  await expectAccessible(page, 'regression: export');
});

test('text flow: the spam sample through train, evaluate and export passes axe at both sizes', async ({ page }) => {
  test.setTimeout(400_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Spam or ham e-mails' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('label', { timeout: 60_000 });
  await expectAccessible(page, 'text: upload');

  await step(page, 3, 'Encode');
  await expect(page.getByText(/characters per token/i).first()).toBeVisible({ timeout: 120_000 });
  await expectAccessible(page, 'text: encode (workbench)');

  await step(page, 4, 'Model');
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();
  await expectAccessible(page, 'text: model');

  await step(page, 5, 'Train');
  await trainToEnd(page, '2');
  await expectAccessible(page, 'text: train (after a run)');

  await step(page, 6, 'Evaluate');
  await expect(page.getByRole('region', { name: 'Misclassified texts' })).toBeVisible();
  const playground = page.getByRole('region', { name: 'Text playground' });
  await playground.getByLabel('subject').fill('WIN CASH NOW');
  await playground.getByLabel('body').fill('Click here to claim your free money now.');
  await expect(playground.getByTestId('predicted-class')).toBeVisible({ timeout: 30_000 });
  await playground.getByRole('button', { name: /Why\?/ }).click();
  await expect(page.getByLabel('Why the model decided')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'text: evaluate (playground, why)');

  await step(page, 7, 'Export');
  await expectAccessible(page, 'text: export');
});

test('language-model view: corpus, model, training, generate pass axe at both sizes', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Language model', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Language model' })).toBeVisible();
  await expectAccessible(page, 'lm: empty');
  await page.getByRole('button', { name: 'Pipeline', exact: true }).click();
  await page.getByRole('button', { name: 'Train a language model on: Moby Dick' }).click();
  await expect(page.getByLabel('Corpus summary')).toContainText(/moby-dick\.txt/, { timeout: 60_000 });
  await expect(page.getByLabel('Token preview').locator('.lm-token').first()).toBeVisible();
  await expectAccessible(page, 'lm: corpus and model');

  await setTinyGpt(page, { context: 16, steps: 16, batch: 4, learningRate: 0.01, warmup: 1, evalEvery: 8, checkpointEvery: 8, sampleLength: 24 });
  await trainLmToEnd(page);
  await expect(page.getByTestId('lm-sample')).toBeVisible();
  await expectAccessible(page, 'lm: after training');
  expect(await showChartsAsTables(page)).toBeGreaterThan(0);
  await expect(page.getByRole('table', { name: /Loss per step/ })).toBeVisible();
  await expectAccessible(page, 'lm: loss as a table');

  await page.getByLabel('New tokens').fill('40');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('lm-generated')).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expectAccessible(page, 'lm: generated');

  // Inside the model (issue 16 §3): attention, next tokens, logit lens, token embeddings.
  const inside = page.getByRole('region', { name: '5. Inside the model' });
  await inside.getByRole('button', { name: 'Look inside' }).click();
  await expect(inside.getByTestId('lm-inspection')).toBeVisible({ timeout: 60_000 });
  await inside.getByRole('button', { name: 'Show token embeddings' }).click();
  await expect(inside.getByTestId('lm-embeddings')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'lm: inside the model');
});
