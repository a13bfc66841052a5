import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openFreshStudio } from '../support/studio';

/**
 * The whole tabular flow with the keyboard alone: the file picker opened with Enter, then only
 * Tab / Shift+Tab, Enter, Space, arrows and typing — no mouse, no `.click()`, no `.focus()`.
 * Every control the journey reaches must show a visible focus ring, and after each step change
 * focus must land on the new step's heading.
 */
test.use({ viewport: { width: 1280, height: 720 } });

const IRIS = readFileSync(new URL('../../public/samples/iris.csv', import.meta.url));

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/**
 * Presses Tab until `target` has focus (Shift+Tab when `back`), failing if it is never reached —
 * an unreachable control or a focus trap. Then checks the focus ring is visible.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 150 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) {
      const ring = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: el.matches(':focus-visible') };
      });
      expect(ring.visible, 'focus is :focus-visible after a key press').toBe(true);
      expect(ring.style, 'a visible focus outline').not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`not reached by ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses: ${target.toString()}`);
}

/** Goes to pipeline step n with the keyboard: back up to the stepper, Enter; focus lands on the step's heading. */
async function stepTo(page: Page, n: number, title: string) {
  await tabTo(page, page.getByRole('button', { name: new RegExp(`^Step ${n}: ${title}`) }), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: title, exact: true })).toBeFocused();
}

/** Types into a field reached by Tab, replacing its value. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

test('keyboard only: upload by file picker → clean → encode → model → train → evaluate → export (download)', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openFreshStudio(page);

  // Upload: the file picker opens from the keyboard.
  await tabTo(page, page.getByRole('button', { name: 'Choose a file…' }));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles({ name: 'iris.csv', mimeType: 'text/csv', buffer: IRIS });
  await expect(page.getByText(/150 rows × 5 columns/)).toBeVisible({ timeout: 30_000 });

  // Target: a select chosen by typing the option's name.
  const target = page.getByLabel('Target column');
  await tabTo(page, target, { back: true });
  if ((await target.inputValue()) !== 'species') await page.keyboard.type('species');
  await expect(target).toHaveValue('species');
  await expect(page.getByText(/Proposed task: classification/)).toBeVisible();

  // Tabs (Profile / Preview) move with the arrow keys.
  const selected = page.getByRole('tab', { selected: true });
  await tabTo(page, selected);
  const before = await selected.textContent();
  await page.keyboard.press('ArrowRight');
  await expect(selected).not.toHaveText(before!);
  await expect(selected).toBeFocused();

  // Clean: add a step with the keyboard.
  await stepTo(page, 2, 'Clean');
  await tabTo(page, page.getByLabel('Operation'));
  await page.keyboard.type('Drop rows with');
  await expect(page.getByLabel('Operation')).toHaveValue(/.+/);
  await tabTo(page, page.getByRole('button', { name: 'Add step' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('listitem', { name: /Step 1:/ })).toBeVisible();

  await stepTo(page, 3, 'Encode');
  await expect(page.getByText(/The model will see 4 features/)).toBeVisible();

  await stepTo(page, 4, 'Model');
  await tabTo(page, page.getByRole('button', { name: /Choose Neural network|Choose MLP|Choose .*MLP/ }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: /Choose Neural network|Choose MLP|Choose .*MLP/ })).toHaveCount(0);

  await stepTo(page, 5, 'Train');
  const runOn = page.getByLabel('Run on');
  await tabTo(page, runOn);
  await page.keyboard.type('WebAssembly');
  await expect(runOn.locator('option:checked')).toHaveText('WebAssembly (CPU)');
  await typeInto(page, page.getByLabel('Epochs', { exact: true }), '6');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue('6');
  await tabTo(page, page.getByRole('button', { name: 'Start training' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 240_000 });
  // A chart's table view, from the keyboard.
  await tabTo(page, page.getByRole('button', { name: /^Show as table: Loss per epoch/ }), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Loss per epoch/ })).toBeVisible();

  await stepTo(page, 6, 'Evaluate');
  const accuracy = Number(await page.getByTestId('metric-Accuracy').textContent());
  expect(accuracy).toBeGreaterThan(0.6);
  await tabTo(page, page.getByRole('button', { name: /rows of true class setosa predicted as setosa/ }));
  await page.keyboard.press('Space');
  await expect(page.getByText(/True setosa, predicted setosa: \d+ rows/)).toBeVisible();

  await stepTo(page, 7, 'Export');
  await tabTo(page, page.getByRole('button', { name: 'Download bundle (.zip)' }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  await download.saveAs(testInfo.outputPath('bundle.zip'));
});
