import type { Page } from '@playwright/test';
import { test, expect, openFreshStudio, irisAtTrainStep, savedCheckpointEpoch } from '../support/studio';
import { killWorker, recordWorkers, savedRuns } from '../support/workers';

// Two setosa flowers (the model gets them right) that the user insists are virginica.
const FLAGGED = [
  { sepal_length: '5.1', sepal_width: '3.5', petal_length: '1.4', petal_width: '0.2' },
  { sepal_length: '4.9', sepal_width: '3.0', petal_length: '1.4', petal_width: '0.2' },
];

test('feedback: flag predictions wrong with the right label, retrain with a high weight, the flagged predictions follow; old vs new metrics', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page, 'Choose Decision tree');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const predict = async (row: Record<string, string>) => {
    const form = page.getByRole('region', { name: 'Try the model' });
    for (const [k, v] of Object.entries(row)) await form.getByLabel(new RegExp(`^${k}`)).fill(v);
    await form.getByRole('button', { name: 'Predict', exact: true }).click();
    return form;
  };
  for (const row of FLAGGED) {
    const form = await predict(row);
    await expect(form.getByTestId('predicted-class')).toHaveText('setosa');
    const flag = form.getByLabel('Mark this prediction wrong');
    await flag.getByLabel(/Wrong\? The right class is/).selectOption('virginica');
    await flag.getByRole('button', { name: 'Add to feedback' }).click();
    await expect(flag.getByText(/Added as “virginica”/)).toBeVisible();
  }
  const panel = page.getByRole('region', { name: /Feedback: 2 corrected predictions/ });
  await expect(panel.getByRole('table', { name: 'Feedback rows' }).getByRole('row')).toHaveCount(3);

  // The feedback dataset is part of the saved project: a reload keeps it.
  await page.waitForTimeout(1500); // autosave is debounced
  await page.reload();
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  await expect(page.getByRole('region', { name: /Feedback: 2 corrected predictions/ })).toBeVisible();

  await page.getByLabel('Feedback weight').fill('50');
  // A tree cannot continue from its fitted state: the option is disabled and says why.
  await expect(page.getByRole('radio', { name: 'Continue from the current model' })).toBeDisabled();
  await expect(page.getByText('Decision tree is fitted in one go, so it can only be trained again from scratch.')).toBeVisible();
  await page.getByRole('button', { name: 'Retrain with feedback' }).click();
  await expect(page.getByText(/Run #2 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();

  const compare = page.getByRole('table', { name: 'Old and new metrics' });
  await expect(compare.getByRole('columnheader', { name: 'Run #1 (before)' })).toBeVisible();
  await expect(compare.getByRole('columnheader', { name: 'Run #2 (with feedback ×50, from scratch)' })).toBeVisible();
  await expect(compare.getByRole('row', { name: /Accuracy \(test\)/ })).toBeVisible();
  // Share of the feedback rows predicted as the user's label: none before, all after.
  await expect(page.getByTestId('feedback-score-old')).toHaveText('0');
  await expect(page.getByTestId('feedback-score-new')).toHaveText('1');
  await expect(page.getByTestId('feedback-now')).toHaveText(['virginica', 'virginica']);
  const acc = await compare.getByRole('row', { name: /Accuracy \(test\)/ }).getByRole('cell').allTextContents();
  expect(acc.map(Number).every((v) => v > 0.5)).toBe(true);

  // The prediction form of the retrained run gives the user's labels.
  for (const row of FLAGGED) await expect((await predict(row)).getByTestId('predicted-class')).toHaveText('virginica');
});

/** In Evaluate, predicts FLAGGED[0] in the form and adds it to the feedback as virginica; the flag panel. */
async function flagFirstRow(page: Page) {
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const form = page.getByRole('region', { name: 'Try the model' });
  for (const [k, v] of Object.entries(FLAGGED[0]!)) await form.getByLabel(new RegExp(`^${k}`)).fill(v);
  await form.getByRole('button', { name: 'Predict', exact: true }).click();
  const flag = form.getByLabel('Mark this prediction wrong');
  await flag.getByLabel(/Wrong\? The right class is/).selectOption('virginica');
  await flag.getByRole('button', { name: 'Add to feedback' }).click();
  return flag;
}

test('feedback: a neural model continues from its trained weights for further epochs; the run says it was continued', async ({ page }) => {
  test.setTimeout(240_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page, 'Choose Logistic regression');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  await flagFirstRow(page);

  await page.getByRole('radio', { name: 'Continue from the current model' }).check();
  await page.getByLabel('Further epochs').fill('3');
  await expect(page.getByText(/Continues run #1’s trained model \(same settings and backend\) for 3 further epochs/)).toBeVisible();
  await page.getByRole('button', { name: 'Retrain with feedback' }).click();
  await expect(page.getByText(/Run #2 finished/)).toBeVisible({ timeout: 120_000 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const compare = page.getByRole('table', { name: 'Old and new metrics' });
  await expect(compare.getByRole('columnheader', { name: /Run #2 \(with feedback ×\d+, continued 3 epochs\)/ })).toBeVisible();
  await expect(compare.getByRole('row', { name: /Accuracy \(test\)/ })).toBeVisible();
  await expect(page.getByTestId('feedback-score-new')).not.toHaveText('…');
});

test('feedback: the training worker ended mid-run of a continued retrain → interrupted, Resume goes on with the feedback rows, and the run finishes', async ({ page }) => {
  test.setTimeout(240_000);
  await recordWorkers(page);
  await openFreshStudio(page);
  await irisAtTrainStep(page, 'Choose Logistic regression');
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck(); // the continued run takes the base run's settings
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });
  const flag = await flagFirstRow(page);
  await expect(flag.getByText(/Added as “virginica”/)).toBeVisible();

  await page.getByRole('radio', { name: 'Continue from the current model' }).check();
  await page.getByLabel('Further epochs').fill('5000'); // far more than the journey waits for
  await page.getByRole('button', { name: 'Retrain with feedback' }).click();
  // Once run #2 has a checkpoint in IndexedDB (run #1's was dropped when it finished), its worker is ended.
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await killWorker(page, 'train');

  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Run #2 was interrupted\. Training was interrupted: the background worker stopped .* Resume goes on after epoch \d+ with its saved weights, or train again\./);
  const at = Number((await notice.textContent())!.match(/after epoch (\d+)/)![1]);
  await notice.getByRole('button', { name: `Resume run #2 after epoch ${at}` }).click();
  const shown = async () => Number((await page.getByText(/^Epoch \d+ of 5000/).textContent({ timeout: 1000 }).catch(() => ''))?.match(/(\d+) of/)?.[1] ?? 0);
  await expect.poll(shown, { timeout: 60_000 }).toBeGreaterThan(at + 2); // it goes on from the checkpoint, not from epoch 1
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #2 finished \(user/)).toBeVisible({ timeout: 30_000 });

  // One run #2, its epochs 1, 2, 3 … unbroken, still the feedback run continued from run #1.
  await expect.poll(async () => (await savedRuns(page))[1]?.status, { timeout: 30_000 }).toBe('done');
  const runs = (await savedRuns(page)) as (Awaited<ReturnType<typeof savedRuns>>[number] & { feedback?: { mode?: string; used?: number } })[];
  expect(runs).toHaveLength(2);
  const epochs = runs[1]!.epochs.map((e) => e.epoch);
  expect(epochs).toEqual(epochs.map((_, i) => i + 1));
  expect(epochs.length).toBeGreaterThanOrEqual(at + 2);
  expect(runs[1]!.feedback).toMatchObject({ mode: 'continue', used: 1 });
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const compare = page.getByRole('table', { name: 'Old and new metrics' });
  await expect(compare.getByRole('columnheader', { name: /Run #2 \(with feedback ×\d+, continued 5000 epochs\)/ })).toBeVisible();
  await expect(page.getByTestId('feedback-score-new')).not.toHaveText('…');
});
