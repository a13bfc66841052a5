import type { Page } from '@playwright/test';
import { test, expect, openFreshStudio, chooseFile, savedCheckpointEpoch, toTrainStep } from '../support/studio';
import { killWorker, recordWorkers, savedRuns } from '../support/workers';

/**
 * Resume after a fault for the runs worker-faults.spec.ts does not cover: a text classifier whose
 * training worker is ended mid-run, and a gradient-boosting run and a random-forest run, each cut
 * off by a reload and then by its worker's death, which resume from their saved trees each time.
 */

/** Short reviews whose label follows from one word (as text-models.spec.ts makes them). */
function reviews(): string {
  let s = 11;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const good = ['great', 'wonderful', 'loved', 'superb'];
  const bad = ['awful', 'boring', 'hated', 'dull'];
  const filler = ['the', 'film', 'was', 'a', 'plot', 'actors', 'really', 'and', 'story'];
  const lines = ['review,label'];
  for (let i = 0; i < 200; i++) {
    const words = Array.from({ length: 4 + Math.floor(rand() * 6) }, () => pick(filler));
    words.splice(Math.floor(rand() * words.length), 0, pick(i % 2 ? bad : good));
    lines.push(`${words.join(' ')},${i % 2 ? 'neg' : 'pos'}`);
  }
  return lines.join('\n') + '\n';
}

/** The number in the live "Epoch N of …" / "Round N of …" line (0 while there is none). */
const shown = (page: Page, unit: 'Epoch' | 'Round', total = 5000) => async () => Number((await page.getByText(new RegExp(`^${unit} \\d+ of ${total}`)).textContent({ timeout: 1000 }).catch(() => ''))?.match(/(\d+) of/)?.[1] ?? 0);

/**
 * 30,000 rows of 8 numeric columns and a value made of three of them: a 500-tree forest on it takes
 * a tenth of a second or more per tree (a minute or more in all), far longer than the few
 * checkpoints the journey waits for, so every cut lands mid-fit.
 */
function forestRows(): string {
  let s = 5;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['a,b,c,d,e,f,g,h,y'];
  for (let i = 0; i < 30_000; i++) {
    const v = Array.from({ length: 8 }, () => rand() * 4 - 2);
    lines.push([...v.map((x) => x.toFixed(3)), (v[0]! + v[1]! * v[2]! + 0.3 * rand()).toFixed(3)].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The saved run's rounds or epochs are numbered 1, 2, 3 … with none missing or twice. */
async function expectOneUnbrokenRun(page: Page, status: string, length?: number) {
  await expect.poll(async () => (await savedRuns(page))[0]?.status, { timeout: 30_000 }).toBe(status);
  const runs = await savedRuns(page);
  expect(runs).toHaveLength(1);
  const epochs = runs[0]!.epochs.map((e) => e.epoch);
  expect(epochs).toEqual(epochs.map((_, i) => i + 1));
  if (length !== undefined) expect(epochs).toHaveLength(length);
  return runs[0]!;
}

test('text classifier: the training worker ended mid-run → Resume goes on from its saved weights', async ({ page }) => {
  await recordWorkers(page);
  await openFreshStudio(page);
  await chooseFile(page, 'reviews.csv', reviews());
  await page.getByLabel('Target column').selectOption('label');
  await page.getByRole('button', { name: /Step 3: Encode/ }).click();
  const text = page.getByRole('region', { name: 'Text settings' });
  await text.getByLabel('The model reads').selectOption('tokens', { timeout: 60_000 });
  await text.getByLabel('Maximum length (tokens)').fill('12');
  await expect(page.getByText(/review → 12 token ids per text/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  await page.getByRole('button', { name: 'Choose 1D CNN (Kim-style)' }).click();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByLabel('Run on').selectOption({ label: 'WebAssembly (CPU)' });
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('5000'); // far more than the journey waits for
  await page.getByRole('checkbox', { name: /Stop early/ }).uncheck();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await killWorker(page, 'train');

  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Run #1 was interrupted\. Training was interrupted: the background worker stopped .* Its \d+ finished epochs are kept in the curves\. Resume goes on after epoch \d+ with its saved weights, or train again\./);
  const at = Number((await notice.textContent())!.match(/after epoch (\d+)/)![1]);
  await notice.getByRole('button', { name: `Resume run #1 after epoch ${at}` }).click();
  await expect.poll(shown(page, 'Epoch'), { timeout: 60_000 }).toBeGreaterThan(at + 2);
  await page.getByRole('button', { name: 'Stop (keep the best model so far)' }).click();
  await expect(page.getByText(/Run #1 finished \(user/)).toBeVisible({ timeout: 30_000 });
  const run = await expectOneUnbrokenRun(page, 'done');
  expect(run.epochs.length).toBeGreaterThanOrEqual(at + 2); // the epoch shown is the one in progress when Stop lands
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  expect(Number(await page.getByTestId('metric-Accuracy').textContent())).toBeGreaterThan(0.6);
});

/**
 * A tree run (boosting or forest) of `total` rounds, training: cut off by a reload once it has a
 * saved checkpoint, resumed, then its worker ended once a newer checkpoint is saved, and resumed
 * again; each Resume names the round it goes on after (before the last round). The rounds Resume went on after.
 */
async function cutTwiceAndResume(page: Page, total: number): Promise<{ first: number; second: number }> {
  await expect.poll(async () => (await savedRuns(page))[0]?.checkpoint?.epoch ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.reload();
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/Run #1 was interrupted\. Training was interrupted: the page was closed or reloaded while it trained\. Its \d+ finished rounds are kept in the curves\. Resume goes on after round \d+ with its saved trees, or train again\./, { timeout: 30_000 });
  const first = Number((await notice.textContent())!.match(/after round (\d+)/)![1]);
  expect(first).toBeLessThan(total);
  await notice.getByRole('button', { name: `Resume run #1 after round ${first}` }).click();

  // Resumed: rounds go on from there (not from 1); once a newer checkpoint is saved, the worker is ended.
  await expect.poll(() => savedCheckpointEpoch(page), { timeout: 60_000 }).toBeGreaterThan(first);
  expect(await shown(page, 'Round', total)()).toBeGreaterThan(first);
  await killWorker(page, 'train');
  await expect(notice).toContainText(/the background worker stopped .* Resume goes on after round \d+ with its saved trees, or train again\./);
  const second = Number((await notice.textContent())!.match(/after round (\d+)/)![1]);
  expect(second).toBeGreaterThan(first);
  expect(second).toBeLessThan(total);
  await notice.getByRole('button', { name: `Resume run #1 after round ${second}` }).click();
  return { first, second };
}

test('gradient boosting: a reload mid-run, then the worker ended → Resume after round K each time, and the run finishes', async ({ page }) => {
  await recordWorkers(page);
  await openFreshStudio(page);
  await page.getByRole('button', { name: 'Load sample: Cars (fuel economy)' }).click();
  await expect(page.getByLabel('Target column')).toHaveValue('Miles_per_Gallon');
  await toTrainStep(page, 'Choose Gradient boosting', /The model will see \d+ features/);
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  const settings = page.getByRole('region', { name: 'Model settings' });
  await settings.getByLabel(/Boosting rounds/).fill('5000');
  await settings.getByLabel(/Depth of each tree/).fill('6'); // a few ms a round: long enough to be cut off twice
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByRole('button', { name: 'Start training' }).click();

  await cutTwiceAndResume(page, 5000);
  await expect(page.getByText(/Run #1 finished/)).toBeVisible({ timeout: 90_000 });
  await expectOneUnbrokenRun(page, 'done', 5000);
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  expect(Number(await page.getByTestId('metric-R²').textContent())).toBeGreaterThan(0.5);
});

test('random forest: a reload mid-fit, then the worker ended → Resume after tree K each time grows only the trees after it', async ({ page }) => {
  await recordWorkers(page);
  await openFreshStudio(page);
  await chooseFile(page, 'forest.csv', forestRows());
  await page.getByLabel('Target column').selectOption('y');
  await toTrainStep(page, 'Choose Random forest', /The model will see 8 features/);
  await page.getByRole('button', { name: /Step 4: Model/ }).click();
  const settings = page.getByRole('region', { name: 'Model settings' });
  await settings.getByLabel(/Number of trees/).fill('500');
  // Depth 8 (at most 511 nodes a tree), not 12: a checkpoint posts every tree so far, and the
  // finished forest is saved with the project; the rows keep each tree slow enough.
  await settings.getByLabel(/Maximum depth/).fill('8');
  await page.getByRole('button', { name: /Step 5: Train/ }).click();
  await page.getByRole('button', { name: 'Start training' }).click();
  // A tree a round: the progress counts trees.
  await expect.poll(shown(page, 'Round', 500), { timeout: 60_000 }).toBeGreaterThan(0);

  const { second } = await cutTwiceAndResume(page, 500);
  await expect.poll(shown(page, 'Round', 500), { timeout: 60_000 }).toBeGreaterThan(second + 2);
  await page.getByRole('button', { name: 'Stop (keep the rounds so far)' }).click();
  await expect(page.getByText(/Run #1 finished \(user/)).toBeVisible({ timeout: 30_000 });
  const run = await expectOneUnbrokenRun(page, 'done');
  expect(run.epochs.length).toBeGreaterThanOrEqual(second + 2); // the tree shown is the one growing when Stop lands
  expect(run.epochs.length).toBeLessThan(500);
  await page.getByRole('button', { name: /Step 6: Evaluate/ }).click();
  expect(Number(await page.getByTestId('metric-R²').textContent())).toBeGreaterThan(0.5);
});
