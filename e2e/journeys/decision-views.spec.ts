import { test, expect, irisAtTrainStep, openFreshStudio } from '../support/studio';
import { expectAccessible } from '../support/a11y';

test('iris decision tree: permutation importance, the tree drawn (zoom by keyboard, rules as a table), a decision boundary over the petals; axe clean at both sizes', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page, 'Choose Decision tree');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const inside = page.getByRole('region', { name: 'Inside the model' });

  // Importance: the petals carry a tree on iris; the table lists the mean, sd and each shuffle's drop.
  const imp = inside.getByRole('region', { name: /Which inputs matter/ });
  await imp.getByRole('button', { name: 'Measure importance' }).click();
  await expect(imp.getByTestId('importance-summary')).toContainText(/relies most on petal_/, { timeout: 60_000 });
  await imp.getByRole('button', { name: /Show as table: Permutation importance/ }).click();
  const rows = imp.getByRole('region', { name: /Permutation importance.*table/ }).getByRole('row');
  await expect(rows).toHaveCount(5);
  const first = (await rows.nth(1).textContent()) ?? '';
  expect(first).toMatch(/^petal_/);
  // Five drops per column, as chosen.
  expect((await rows.nth(1).getByRole('cell').last().textContent())!.split(',')).toHaveLength(5);

  // The tree: split rules in the columns' units, the root holds every training row.
  const tree = inside.getByRole('region', { name: 'The tree, drawn' });
  const canvas = tree.getByRole('region', { name: /The decision tree \(drawing\)/ });
  await expect(canvas.locator('[data-node="0"]')).toContainText(/petal_\w+ < [\d.]+\?/);
  await expect(canvas.locator('[data-node="0"]')).toContainText(/\d+ rows/);
  const before = await canvas.locator('svg > g').getAttribute('transform');
  await canvas.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => canvas.locator('svg > g').getAttribute('transform')).not.toBe(before);
  await page.keyboard.press('0');
  await expect(canvas.locator('svg > g')).toHaveAttribute('transform', before!);
  await tree.getByRole('button', { name: /Show as table: The decision tree, every node/ }).click();
  await expect(tree.getByRole('region', { name: /every node, table/ })).toContainText('(root)');
  await expect(tree.getByRole('region', { name: /every node, table/ })).toContainText(/setosa \(100 %\)/);

  // The boundary over the two petal columns: three class regions, most test rows on their own colour.
  const boundary = inside.getByRole('region', { name: 'Decision boundary for two inputs' });
  await boundary.getByLabel('Across').selectOption('petal_length');
  await boundary.getByLabel('Up').selectOption('petal_width');
  await boundary.getByRole('button', { name: 'Draw the boundary' }).click();
  const summary = boundary.getByTestId('boundary-summary');
  await expect(summary).toContainText(/setosa \d+ %, versicolor \d+ %, virginica \d+ %/, { timeout: 60_000 });
  const [right, total] = (await summary.textContent())!.match(/(\d+) of (\d+) test rows predicted right/)!.slice(1).map(Number);
  expect(right! / total!).toBeGreaterThan(0.8);
  await boundary.getByRole('button', { name: /Show as table: .*test rows/ }).click();
  await expect(boundary.getByRole('region', { name: /test rows, table/ }).getByRole('row')).toHaveCount(total! + 1);

  await expectAccessible(page, 'Evaluate: decision views (tree)');
});

test('cars regression, gradient boosting: importance as R² drops, one tree of the ensemble, a heat-map boundary', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page, '/?sample=cars');
  await expect(page.getByLabel('Target column')).toHaveValue('Miles_per_Gallon');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  await expect(page.getByText(/The model will see \d+ features/)).toBeVisible();
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose Gradient boosting' }).click();
  await page.getByRole('region', { name: 'Model settings' }).getByLabel(/Boosting rounds/).fill('30');
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const inside = page.getByRole('region', { name: 'Inside the model' });

  const imp = inside.getByRole('region', { name: /Which inputs matter/ });
  await imp.getByLabel('Shuffles per column').selectOption({ label: '3' });
  await imp.getByRole('button', { name: 'Measure importance' }).click();
  await expect(imp.getByTestId('importance-summary')).toContainText(/Test R² [\d.]+ on \d+ rows\. The model relies most on/, { timeout: 60_000 });

  const tree = inside.getByRole('region', { name: 'The tree, drawn' });
  await tree.getByRole('combobox', { name: 'Tree', exact: true }).selectOption({ label: '3' });
  await expect(tree.getByRole('region', { name: /Tree 3 of 30 \(drawing\)/ })).toBeVisible();
  await expect(tree.getByText(/adds [+-][\d.]+/).first()).toBeAttached();

  const boundary = inside.getByRole('region', { name: 'Decision boundary for two inputs' });
  await boundary.getByLabel('Across').selectOption('Horsepower');
  await boundary.getByLabel('Up').selectOption('Weight_in_lbs');
  await boundary.getByRole('button', { name: 'Draw the boundary' }).click();
  await expect(boundary.getByTestId('boundary-summary')).toContainText(/Predictions over the grid range from [\d.]+ to [\d.]+/, { timeout: 60_000 });

  await expectAccessible(page, 'Evaluate: decision views (boosting regression)');
});
