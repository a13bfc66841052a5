import { test, expect, openFreshStudio } from '../support/studio';
import { openMobyDick } from '../support/lm';
import { loadLlamaForFineTune } from '../support/pretrained';

test('pretrained resume: a generated Llama → LoRA fine-tune stopped after its first checkpoint → reload → the model and curves are back → resume from step N to the end → reload → same fine-tuned text (wasm)', async ({ page }) => {
  test.setTimeout(180_000);
  await openFreshStudio(page);
  await openMobyDick(page);
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  const { playground, ft } = await loadLlamaForFineTune(page, { steps: 120, evalEvery: 20 });
  await ft.getByRole('button', { name: 'Fine-tune with LoRA' }).click();
  // The first evaluation (step 20) writes the first checkpoint; stop soon after it.
  await expect(ft.getByLabel('Sample timeline')).toContainText('Call me', { timeout: 60_000 });
  await ft.getByRole('button', { name: 'Stop' }).click();
  const status = ft.getByLabel('Fine-tune status');
  await expect(status).toContainText('stopped', { timeout: 30_000 });
  const stoppedAt = Number(await ft.getByTestId('ft-checkpoint').textContent());
  expect(stoppedAt).toBeGreaterThanOrEqual(20);
  expect(stoppedAt).toBeLessThan(120);
  await expect(ft.getByTestId('ft-step')).toHaveText(String(stoppedAt));

  // Reload: the model, its fine-tune's curve, samples and checkpoint come back from IndexedDB.
  await page.reload();
  await expect(playground).toContainText('Loaded:', { timeout: 60_000 });
  await expect(ft.getByTestId('ft-checkpoint')).toHaveText(String(stoppedAt));
  await expect(ft.getByTestId('ft-step')).toHaveText(String(stoppedAt));
  await expect(ft.getByLabel('Sample timeline')).toContainText('Call me');
  await expect(ft.getByTestId('ft-done')).toContainText('restored from this browser');
  await ft.getByRole('button', { name: `Resume from step ${stoppedAt}` }).click();
  await expect(status).toContainText('finished', { timeout: 90_000 });
  await expect(ft.getByTestId('ft-step')).toHaveText('120');
  await expect(ft.getByTestId('ft-checkpoint')).toHaveText('120');
  await expect(ft.getByRole('button', { name: /Resume from step/ })).toHaveCount(0);
  // The curve holds every step, those before the reload too: the loss fell over the whole run.
  expect(Number(await ft.getByTestId('ft-last-loss').textContent())).toBeLessThan(Number(await ft.getByTestId('ft-first-loss').textContent()));

  await playground.getByLabel('Temperature (0 = greedy)').fill('0');
  await playground.getByLabel('New tokens').fill('30');
  await playground.getByLabel('Prompt (empty: start from the beginning-of-text token)').fill('Call me');
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 });
  // tokens/s shows while the text still streams: read it once the generation has ended.
  await expect(playground.getByTestId('pretrained-output')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  const tuned = await playground.getByTestId('pretrained-output').textContent();

  // Reload again: the fine-tuned weights (LoRA merged) are what generates.
  await page.reload();
  await expect(playground).toContainText('Loaded:', { timeout: 60_000 });
  await expect(ft.getByTestId('ft-done')).toContainText('Fine-tuned for 120 steps');
  await playground.getByLabel('Temperature (0 = greedy)').fill('0');
  await playground.getByLabel('New tokens').fill('30');
  await playground.getByLabel('Prompt (empty: start from the beginning-of-text token)').fill('Call me');
  await playground.getByRole('button', { name: 'Generate' }).click();
  await expect(playground).toContainText(/tokens\/s/, { timeout: 30_000 });
  await expect(playground.getByTestId('pretrained-output')).toHaveText(tuned!);
});
