/**
 * What the page's main thread does while a big file loads (issues 13 §4 and 17): the real studio in
 * headless Chromium, from the moment the file is chosen until the loaded table is shown and the
 * page is idle, for a generated CSV (~114 MB, bench/generate-csv.ts) and a two-file text corpus
 * (LOAD_PROFILE_TEXT_MB, default 160, one example per line). Run: `npm run bench -- load-profile`.
 * Two recordings at once: a trace (build-tools/trace-tasks.ts: each main-thread task with its
 * thread CPU time and what it ran) and a CPU profile (build-tools/cpu-profile.ts: DevTools
 * Profiler, sampled every 0.5 ms: which functions).
 *
 *   load-profile-<file>-main-cpu          the page's CPU in all its tasks, and its share of one core
 *   load-profile-<file>-longest-task-cpu  the costliest task by thread CPU time, and what it spent it on (target ≤ 50 ms)
 *   load-profile-<file>-longest-task      the longest by wall time, from the page's PerformanceObserver
 *   then the longest tasks by wall time with their CPU, the CPU by trace event, the top self-time
 *   functions of the profile (sampled wall time), and
 *   load-profile-<file>-stages            each label the progress bar showed, and for how long (s)
 *
 * On this shared 2-core machine wall time is mostly waiting for a core (a 20 ms task lasts 80 ms
 * at load 11), and so are the profile's sampled times; thread CPU time is not. "(program)" is the
 * browser's own work outside JavaScript (style, layout, paint, message dispatch); the trace names
 * it. The bench's own DevTools commands (Playwright choosing the file, reading the page) are left
 * out of the task figures; the waiting polls the page every 250 ms with a cheap query, so
 * Playwright's DOM polling stays out of the profile. The studio is built here without
 * minification (into .bench/dist-names), so functions keep their source names; the code is
 * otherwise the production build's. LOAD_PROFILE_ONLY=csv|text runs one of the two;
 * LOAD_PROFILE_SAVE=1 writes the profile and trace to .bench/load-profile-<file>.json.
 */
import { loadavg } from 'node:os';
import { statSync, writeFileSync } from 'node:fs';
import type { CDPSession, Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { openBenchPage } from './_browser';
import { benchCsvPath } from './generate-csv';
import { MB, TASK_TRACE_CATEGORIES, bigTextFiles, isHarnessTask, longTasks, watchLongTasks, type LongTasks as LongTaskLists } from '../e2e/support/big-files';
import { profileBreakdown, type CpuProfile } from '../build-tools/cpu-profile';
import { longTasks as traceLongTasks, type LongTask as TraceTask, type TraceEvent } from '../build-tools/trace-tasks';



const INTERVAL_US = 500;
/** The studio built without minification, so the profile names the functions as the source does. */
const OUT_DIR = '.bench/dist-names';

function buildWithNames(): void {
  const samples = spawnSync('npm', ['run', 'prepare-samples'], { stdio: 'inherit' });
  const build = spawnSync('npx', ['vite', 'build', '--minify', 'false', '--outDir', OUT_DIR, '--emptyOutDir'], { stdio: 'inherit' });
  if (samples.status !== 0 || build.status !== 0) throw new Error('the unminified build failed');
}

async function waitLoaded(page: Page, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await page.evaluate(() => ({
      shown: /[\d,]+ rows × \d+ columns/.test(document.querySelector('main')?.textContent ?? document.body.textContent ?? ''),
      busy: !!document.querySelector('.progress[role="status"]'),
      alert: document.querySelector('[role="alert"]')?.textContent ?? '',
    }));
    if (state.shown && !state.busy) return;
    if (state.alert && !state.busy) throw new Error(`the page said: ${state.alert}`);
    if (Date.now() > until) throw new Error('the file did not load in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Records each label the progress bar shows and when (the first word of reading labels: "1,234 rows read" → "rows read"). */
async function watchStages(page: Page): Promise<void> {
  // A string, not a function: tsx would wrap a named inner function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.stages = [];
    new MutationObserver(() => {
      const label = document.querySelector('.progress .progress-label span')?.textContent?.replace(/^[\\d,]+ /, '') ?? '(none)';
      if (window.stages.at(-1)?.label !== label) window.stages.push({ label, at: performance.now() });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}

async function stages(page: Page): Promise<string> {
  const list = await page.evaluate(() => (window as unknown as { stages: { label: string; at: number }[] }).stages);
  return list
    .slice(0, -1)
    .map((s, i) => `${s.label} ${((list[i + 1]!.at - s.at) / 1000).toFixed(1)}`)
    .join(', ');
}

async function profileLoad(name: string, paths: string[]): Promise<void> {
  const { page, close } = await openBenchPage('/', 'role=heading[name="ML Studio"]', OUT_DIR);
  try {
    await watchLongTasks(page);
    await watchStages(page);
    await page.waitForTimeout(1500); // samples prefetched, workers started
    const cdp: CDPSession = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
    const browser = page.context().browser()!;
    await browser.startTracing(page, { categories: TASK_TRACE_CATEGORIES });
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await page.getByLabel('Choose a data file').setInputFiles(paths);
    if (paths.length > 1) {
      const dialog = page.getByRole('dialog', { name: 'One example per file, or one per line?' });
      await dialog.getByText('One example per line').click();
      await dialog.getByRole('button', { name: 'Load texts' }).click();
    }
    await waitLoaded(page, 1_800_000);
    const seconds = (Date.now() - t0) / 1000;
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    await cdp.detach();
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    if (process.env.LOAD_PROFILE_SAVE) writeFileSync(`.bench/load-profile-${name}.json`, JSON.stringify({ profile, trace }));
    report(name, seconds, paths.reduce((n, p) => n + statSync(p).size, 0), profile, trace.traceEvents, await longTasks(page));
    console.log(`bench: load-profile-${name}-stages ${await stages(page)} # the progress bar's label and how long it showed (s), as the page drew it`);
  } finally {
    await close();
  }
}

const ms = (us: number) => (us / 1000).toFixed(0);
const parts = (t: TraceTask, n = 6) => t.parts.slice(0, n).map((p) => `${p.name} ${ms(p.us)}`).join(', ');

function report(name: string, seconds: number, bytes: number, profile: CpuProfile, events: TraceEvent[], observed: LongTaskLists): void {
  const b = profileBreakdown(profile);
  const tasks = traceLongTasks(events, 0).filter((t) => !isHarnessTask(t));
  const cpuUs = tasks.reduce((n, t) => n + t.cpuUs, 0);
  const byCpu = [...tasks].sort((x, y) => y.cpuUs - x.cpuUs);
  const byWall = [...tasks].sort((x, y) => y.us - x.us);
  const load = loadavg()[0]!.toFixed(1);
  console.log(`bench: load-profile-${name}-main-cpu ${ms(cpuUs)} ms # main-thread CPU in its ${tasks.length} tasks (trace, thread time) during ${seconds.toFixed(1)} s of loading ${(bytes / MB).toFixed(0)} MB (${((100 * cpuUs) / 1e6 / seconds).toFixed(1)} % of one core); the bench's own DevTools commands left out; load ${load}`);
  const top = byCpu[0];
  console.log(`bench: load-profile-${name}-longest-task-cpu ${top ? ms(top.cpuUs) : 0} ms # the task that cost the page most CPU (wall ${top ? ms(top.us) : 0} ms): ${top ? parts(top) : 'none'}; ${tasks.filter((t) => t.cpuUs > 50_000).length} tasks over 50 ms of CPU; target: none over 50 ms`);
  const all = [...observed.reading, ...observed.showing];
  console.log(`bench: load-profile-${name}-longest-task ${Math.max(0, ...all).toFixed(0)} ms # wall, PerformanceObserver: ${all.length} tasks over 50 ms (${observed.reading.length} while reading, longest ${Math.max(0, ...observed.reading).toFixed(0)}; ${observed.showing.length} drawing the table, longest ${Math.max(0, ...observed.showing).toFixed(0)}); on a busy machine mostly waiting for a core, see -cpu`);
  console.log(`the longest main-thread tasks by wall time (at ms: wall ms / CPU ms: self CPU by trace event, ms):`);
  for (const t of byWall.slice(0, 5)) console.log(`  at ${ms(t.startUs).padStart(6)}: ${ms(t.us).padStart(4)} / ${ms(t.cpuUs).padStart(3)}: ${parts(t)}`);
  const sum = new Map<string, number>();
  for (const t of tasks) for (const p of t.parts) sum.set(p.name, (sum.get(p.name) ?? 0) + p.us);
  console.log(`main-thread CPU by trace event (self ms): ${[...sum].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([n, us]) => `${n} ${ms(us)}`).join(', ')}`);
  console.log(`top self time in the CPU profile (ms of ${ms(b.busyUs)} busy, sampled wall time: JS ${ms(b.jsUs)}, GC ${ms(b.gcUs)}, (program) ${ms(b.programUs)}):`);
  for (const f of b.functions.slice(0, 15)) console.log(`  ${ms(f.us).padStart(6)}  ${((100 * f.us) / Math.max(1, b.busyUs)).toFixed(1).padStart(5)} %  ${f.label}`);
}

buildWithNames();
const only = process.env.LOAD_PROFILE_ONLY;
if (only !== 'text') await profileLoad('csv', [benchCsvPath()]);
if (only !== 'csv') await profileLoad('text', bigTextFiles(Number(process.env.LOAD_PROFILE_TEXT_MB ?? 160) * MB));
