import { test, expect, exportAndImportFresh, openFreshStudio } from '../support/studio';

const SPAMMY = { subject: 'WIN CASH NOW!!! Limited offer', body: 'Click here to claim your free money. Act now, this offer expires today. Unsubscribe at the link below.' };

test('spam sample: TF-IDF + logistic regression, misclassified texts, live playground, why view, export → import → same predictions', async ({ page, browser }, testInfo) => {
  test.setTimeout(400_000);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Spam or ham e-mails' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('label', { timeout: 60_000 });

  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  const text = page.getByRole('region', { name: 'Text settings' });
  await expect(text).toBeVisible({ timeout: 60_000 });
  await expect(text.getByLabel('The model reads')).toHaveValue('tfidf');
  // The workbench: tokens of sample texts, vocabulary, lengths.
  await expect(page.getByText(/characters per token/i).first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/The model will see [\d,]+ features/)).toBeVisible();

  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await expect(page.getByText(/The text is a TF-IDF bag of words/)).toBeVisible();
  await page.getByRole('button', { name: 'Choose Logistic regression' }).click();

  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByLabel('Epochs', { exact: true }).fill('6');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 300_000 });

  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  const accuracy = Number(await page.getByTestId('metric-Accuracy').textContent());
  expect(accuracy).toBeGreaterThan(0.9); // 5 of 6 e-mails are ham: always "ham" scores 0.83
  await expect(page.getByRole('region', { name: 'Misclassified texts' })).toBeVisible();

  const playground = page.getByRole('region', { name: 'Text playground' });
  await playground.getByLabel('subject').fill(SPAMMY.subject);
  await playground.getByLabel('body').fill(SPAMMY.body);
  await expect(playground.getByTestId('predicted-class')).toHaveText('spam', { timeout: 30_000 });
  const spamProb = await playground.getByTestId('probability-spam').textContent();
  // Probabilities follow the text as it is typed.
  await playground.getByLabel('body').fill('Thanks for the patch, I will merge it into CVS tomorrow. The build was broken on Linux.');
  await playground.getByLabel('subject').fill('Re: build broken');
  await expect(playground.getByTestId('predicted-class')).toHaveText('ham', { timeout: 30_000 });
  await playground.getByLabel('subject').fill(SPAMMY.subject);
  await playground.getByLabel('body').fill(SPAMMY.body);
  await expect(playground.getByTestId('probability-spam')).toHaveText(spamProb!, { timeout: 30_000 });
  await playground.getByRole('button', { name: /Why\?/ }).click();
  const why = page.getByLabel('Why the model decided');
  await expect(why).toBeVisible({ timeout: 60_000 });
  expect(await why.locator('mark').count()).toBeGreaterThan(10);

  const other = await exportAndImportFresh(page, browser, testInfo.outputPath('spam-bundle.zip'));
  const imported = other.getByRole('region', { name: 'Text playground' });
  await imported.getByLabel('subject').fill(SPAMMY.subject);
  await imported.getByLabel('body').fill(SPAMMY.body);
  await expect(imported.getByTestId('probability-spam')).toHaveText(spamProb!, { timeout: 30_000 });
  await other.context().close();
});
