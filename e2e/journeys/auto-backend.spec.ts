import { test, expect, irisAtTrainStep, openFreshStudio } from '../support/studio';

/**
 * The automatic backend choice times the user's own model on the candidate backends when training
 * starts, says what it measured, and trains on the fastest (which one wins depends on the machine).
 */
test('iris on the automatic backend: the choice is timed on the model and the figures are shown', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  await irisAtTrainStep(page);
  await expect(page.getByLabel('Run on')).toHaveValue('auto');
  await expect(page.getByText(/a second of its real training steps on wasm and cpu decides/)).toBeVisible();
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 120_000 });

  // The last timing names both CPU backends with their speeds and the winner, which trained.
  const timing = page.getByTestId('backend-timing');
  await expect(timing).toHaveText(/Last timing: Timed on this model: (cpu|wasm) [\d,.]+ samples\/s, (cpu|wasm) [\d,.]+: (cpu|wasm) chosen\./);
  const text = (await timing.textContent())!;
  console.log(text);
  const winner = text.match(/(\w+) chosen/)![1]!;
  await expect(page.getByText(new RegExp(`Run #1 finished .* on ${winner}\\)`))).toBeVisible();
});
