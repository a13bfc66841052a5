/**
 * Sequence to sequence (issue 15) in headless Chromium, through the app's own view and worker:
 * the pronunciation sample (CMUdict, spelling → phonemes), tiny preset. For each backend the
 * training speed (tokens/s, read from the live status after ~15 s of training), then a longer WASM
 * run and its test exact match and phoneme error rate, greedy and beam search (the view's width,
 * length penalty and rows: 4, 1, the first 100 test words). Run: `npm run bench -- seq2seq`; S2S_BENCH_STEPS (default: the view's default
 * recipe, DEFAULT_TRAIN_SETTINGS.maxIters) sets the long run, S2S_BENCH_BACKENDS=wasm,webgl the
 * speed runs. The long run keeps the view's other defaults (the recipe a student gets).
 */
import type { Page } from '@playwright/test';
import { defaultS2sSettings } from '../src/core/jobs';
import { DEFAULT_TRAIN_SETTINGS } from '../src/core/seq2seq/settings';
import { openBenchPage } from './_browser';

const steps = Number(process.env.S2S_BENCH_STEPS ?? DEFAULT_TRAIN_SETTINGS.maxIters);
const backends = (process.env.S2S_BENCH_BACKENDS ?? 'wasm,cpu,webgl,webgpu').split(',');

async function openView(page: Page) {
  await page.getByRole('button', { name: /Train a sequence-to-sequence model on: Pronunciation/ }).click();
  await page.getByLabel('First pairs').waitFor({ timeout: 60_000 });
}

async function start(page: Page, backend: string, n: number) {
  await page.getByLabel('Backend').selectOption(backend);
  await page.getByLabel('Training steps').fill(String(n));
  await page.getByLabel('Validate every').fill(String(Math.min(n, DEFAULT_TRAIN_SETTINGS.evalInterval)));
  await page.getByRole('button', { name: 'Train', exact: true }).click();
}

const status = (page: Page) => page.getByTestId('s2s-train-status').textContent();

const { page, close } = await openBenchPage('/', 'h1');
try {
  for (const backend of backends) {
    const p = await page.context().browser()!.newPage();
    await p.goto(page.url());
    await openView(p);
    await start(p, backend, 100_000);
    const t0 = Date.now();
    let text = '';
    while (Date.now() - t0 < 15_000 || !/tokens\/s on/.test(text)) {
      await p.waitForTimeout(1000);
      text = (await status(p)) ?? '';
      if (Date.now() - t0 > 120_000) break;
    }
    const m = text.match(/step (\d+) of .*?, (\d+) tokens\/s on (\w+)/);
    if (m) console.log(`bench: seq2seq-train-${backend} ${m[2]} tokens/s # ran on ${m[3]}, ${m[1]} steps in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    else console.log(`# seq2seq-train-${backend}: no reading (${text})`);
    await p.close();
  }
  await openView(page);
  await start(page, 'wasm', steps);
  const t0 = Date.now();
  await page.getByText(new RegExp(`Run done after ${steps} steps`)).waitFor({ timeout: 3_600_000 });
  const cell = async (label: string, row: string, col = 1) => page.getByLabel(label).locator('tr', { hasText: row }).locator('td').nth(col - 1).textContent();
  const r = DEFAULT_TRAIN_SETTINGS;
  console.log(`# long run: ${steps} steps on wasm, ${((Date.now() - t0) / 1000).toFixed(0)} s including the test decoding; tiny preset, batch ${r.batchSize}, lr ${r.learningRate} → ${r.minLr} (warmup ${r.warmupIters}, cosine), label smoothing ${r.labelSmoothing}`);
  console.log(`bench: seq2seq-test-exact-match-target ${Number.parseFloat((await page.getByTestId('s2s-exact-match').textContent()) ?? '0') > 50 ? 'reached' : 'missed'} # the issue's > 50 % exact match on test words`);
  console.log(`bench: seq2seq-test-exact-match ${await page.getByTestId('s2s-exact-match').textContent()} # greedy, whole test split`);
  console.log(`bench: seq2seq-test-per ${await page.getByTestId('s2s-ter').textContent()}`);
  console.log(`bench: seq2seq-beam-exact-match ${await cell('Beam search against greedy', 'Exact match', 2)} # beam ${defaultS2sSettings().beamWidth}, length penalty ${defaultS2sSettings().lengthPenalty} on the first ${defaultS2sSettings().beamRows} test words; greedy there: ${await cell('Beam search against greedy', 'Exact match', 1)}`);
  console.log(`bench: seq2seq-beam-per ${await cell('Beam search against greedy', 'Token error rate', 2)} # greedy: ${await cell('Beam search against greedy', 'Token error rate', 1)}`);
} finally {
  await close();
}
