/**
 * Big-file load checks (issue 13 §4), shared by the big-files journey (small sizes, in CI) and
 * `npm run bench -- reliability` (full sizes): generated files (never committed, cached under
 * .bench/), the longest main-thread task while a file loads, and memory above what was held
 * before the file was chosen, two ways:
 * - JavaScript memory of the page and its workers (sampleJsMemory): what the ingest holds; the
 *   figure held to ≤ 3× the file.
 * - The resident set (RSS, /proc/<pid>/statm) summed over every process this Node process
 * started (the browser, its renderer, where the page and the data worker run, GPU and utility
 * processes), sampled every 100 ms: what the operating system sees the browser take, so garbage not
 * yet collected and heap pages kept after a collection count too (an upper bound on what the ingest
 * holds, and the browser's own copies: the file as it is read, IndexedDB's copy of the table).
 *   Linux only; elsewhere `sampleBrowserMemory` returns undefined. Reported, not asserted.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createRng } from '../../src/core/util/rng';
import { longTasks as traceTasks, type LongTask as TraceTask, type TraceEvent } from '../../build-tools/trace-tasks';

export const MB = 2 ** 20;

const WORDS = (
  'the a of to and in is it that for on with as was be at by this had not are but from or have an they which one you were her all she there ' +
  'would their we him been has when who will more no if out so said what up its about into than them can only other new some could time ' +
  'these two may then do first any my now such like our over man me even most made after also did many before must through back years where'
).split(' ');

/**
 * Two plain-text files (`pos.txt`, `neg.txt`) of about `bytes / 2` each, one sentence of 4–24 words
 * a line, seeded: a corpus to load with "one example per line" (the label is the file name).
 */
export function bigTextFiles(bytes: number, seed = 3): string[] {
  return ['pos', 'neg'].map((label, k) => cached(`text-v1-${bytes}-${seed}-${label}.txt`, (write) => {
    const rng = createRng(seed + k);
    let buf = '';
    for (let written = 0; written < bytes / 2; ) {
      const n = 4 + rng.int(21);
      const words: string[] = [];
      for (let w = 0; w < n; w++) words.push(WORDS[rng.int(WORDS.length)]!);
      const line = `${words.join(' ')}.\n`;
      buf += line;
      written += line.length;
      if (buf.length > 1 << 20) {
        write(buf);
        buf = '';
      }
    }
    write(buf);
  }));
}

function cached(name: string, fill: (write: (s: string) => void) => void): string {
  const dir = join(process.cwd(), '.bench');
  const path = join(dir, name);
  if (existsSync(path) && statSync(path).size > 0) return path;
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  fill((s) => writeSync(fd, s));
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}

/**
 * Starts recording main-thread long tasks (over 50 ms) in the page, and the moment the loaded
 * table's preview first appears (the render that shows the result), to tell the tasks while the
 * file is read in the worker from those that draw the loaded table.
 */
export async function watchLongTasks(page: Page, shown = '.data-table-scroll'): Promise<void> {
  await page.evaluate((shown) => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[]; shownAt: number };
    w.longTasks = [];
    w.shownAt = Infinity;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask' });
    const seen = new MutationObserver(() => {
      if (document.querySelector(shown)) {
        w.shownAt = performance.now();
        seen.disconnect();
      }
    });
    seen.observe(document.body, { childList: true, subtree: true });
  }, shown);
}

export interface LongTasks {
  /** Tasks that ended before the loaded table was first drawn: while the worker read the file. */
  reading: number[];
  /** The task that drew the loaded table, and those after it. */
  showing: number[];
}

export async function longTasks(page: Page): Promise<LongTasks> {
  const { tasks, shownAt } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[]; shownAt: number };
    return { tasks: w.longTasks, shownAt: w.shownAt };
  });
  return {
    reading: tasks.filter((t) => t.start + t.duration < shownAt).map((t) => t.duration),
    showing: tasks.filter((t) => t.start + t.duration >= shownAt).map((t) => t.duration),
  };
}

/** Trace categories for main-thread tasks: each task (toplevel), what it ran (devtools.timeline). */
export const TASK_TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** A task the test caused itself: most of its CPU went to DevTools commands (Playwright choosing the file, reading the page). */
export const isHarnessTask = (t: TraceTask) => (t.parts.find((p) => p.name.endsWith('DevToolsSession'))?.us ?? 0) > t.cpuUs / 2;

/**
 * Records a trace of the browser from now (Chromium; undefined elsewhere); `stop` gives the page's
 * main-thread tasks, the test's own DevTools commands left out, with their thread CPU time: what a
 * task cost the page whatever else the machine ran. A wall-time long task on a machine with more
 * runnable processes than cores is mostly waiting for a core (a 20 ms task lasted 80 ms at load 11
 * on 2 cores); its CPU time is the figure that says whether the page's own work is too long.
 */
export async function traceMainThread(page: Page): Promise<{ stop(): Promise<TraceTask[]> } | undefined> {
  const browser = page.context().browser();
  if (!browser || browser.browserType().name() !== 'chromium') return undefined;
  await browser.startTracing(page, { categories: TASK_TRACE_CATEGORIES });
  return {
    async stop() {
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
      return traceTasks(trace.traceEvents, 0, 'cpu').filter((t) => !isHarnessTask(t));
    },
  };
}

/**
 * JavaScript memory of the page and every worker it runs (V8 heap in use, garbage not yet collected
 * included, plus ArrayBuffer backing stores), through the DevTools protocol's Runtime.getHeapUsage
 * on each target, sampled every 100 ms. Chromium only. This is what the ingest itself holds, like
 * the Node figure `csv-ingest-peak`; the browser's own buffers (the file as it is read, IndexedDB's
 * copy of the stored table) are outside it and show in the RSS figure.
 */
export async function sampleJsMemory(page: Page): Promise<{ stop(): Promise<number> }> {
  const cdp = await page.context().newCDPSession(page);
  const replies = new Map<number, (m: { id: number; result?: { usedSize: number; backingStorageSize?: number } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id: number; result?: { usedSize: number; backingStorageSize?: number } };
    replies.get(m.id)?.(m);
    replies.delete(m.id);
  });
  let nextId = 1;
  const sessions = new Map<string, string>(); // targetId → sessionId
  const attachWorkers = async () => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    for (const t of targetInfos) {
      if (t.type !== 'worker' || sessions.has(t.targetId)) continue;
      try {
        const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
        sessions.set(t.targetId, sessionId);
      } catch {
        // ended
      }
    }
  };
  const workerUsage = (sessionId: string) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => (replies.delete(id), resolve(0)), 2000);
      replies.set(id, (m: { result?: { usedSize: number; backingStorageSize?: number } }) => {
        clearTimeout(timer);
        resolve(m.result ? m.result.usedSize + (m.result.backingStorageSize ?? 0) : 0);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => (clearTimeout(timer), resolve(0)));
    });
  const total = async () => {
    const page0 = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    const workers = await Promise.all([...sessions.values()].map(workerUsage));
    return page0.usedSize + (page0.backingStorageSize ?? 0) + workers.reduce((a, b) => a + b, 0);
  };
  await attachWorkers();
  const baseline = await total();
  let peak = baseline;
  let running = true;
  const loop = (async () => {
    while (running) {
      // Every tick: a worker started for the load (a JSON file's reader) can end within a second.
      await attachWorkers();
      peak = Math.max(peak, await total());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => {});
      return peak - baseline;
    },
  };
}

const PAGE_BYTES = 4096;

/** Pids of every process below `root` (its children, their children …). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const wanted = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (wanted.has(ppid) && !wanted.has(pid)) {
        wanted.add(pid);
        out.push(pid);
        grew = true;
      }
    }
  }
  return out;
}

function rssOf(pids: readonly number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      sum += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
    } catch {
      // ended
    }
  }
  return sum;
}

export interface MemorySampler {
  /** Stops sampling; the highest total RSS above the baseline taken at the start, in bytes. */
  stop(): number;
}

/** Samples the RSS of the browser's processes every 100 ms from now (see the module comment). */
export function sampleBrowserMemory(): MemorySampler | undefined {
  if (!existsSync('/proc/self/statm')) return undefined;
  let pids = descendants(process.pid);
  const baseline = rssOf(pids);
  let peak = baseline;
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 10 === 0) pids = descendants(process.pid); // a process started mid-load (a worker's utility process)
    peak = Math.max(peak, rssOf(pids));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rssOf(pids));
      return peak - baseline;
    },
  };
}

export interface LoadFigures {
  bytes: number;
  seconds: number;
  /** Longest main-thread task while the worker read the file, ms (0: none over 50 ms). */
  longestReading: number;
  /** Longest main-thread task drawing the loaded table or after it, ms. */
  longestShowing: number;
  longTaskCount: number;
  /**
   * The page's main-thread task that took the most CPU time while the file loaded (traceMainThread),
   * ms, and what it spent it on; undefined when not traced (another browser, or `cpuTrace: false`).
   */
  longestCpu: { ms: number; wallMs: number; what: string } | undefined;
  /** Peak JavaScript memory of the page and its workers above the baseline, bytes (sampleJsMemory). */
  jsPeak: number;
  /** Peak RSS of the browser's processes above the baseline, bytes; undefined off Linux. */
  rssPeak: number | undefined;
}

/**
 * Loads `paths` through the upload step's file picker (several files: "one example per line") and
 * measures (see the module comment). `cpuTrace: false` skips the trace (a load of many minutes
 * makes one too big to read back: about 2,000 events a second).
 */
export async function loadAndMeasure(page: Page, paths: readonly string[], timeoutMs: number, { cpuTrace = true } = {}): Promise<LoadFigures> {
  return measureLoad(page, paths, '.data-table-scroll', cpuTrace, async () => {
    await page.getByLabel('Choose a data file').setInputFiles([...paths]);
    if (paths.length > 1) {
      const dialog = page.getByRole('dialog', { name: 'One example per file, or one per line?' });
      await dialog.getByText('One example per line').click();
      await dialog.getByRole('button', { name: 'Load texts' }).click();
    }
    await page.getByText(/[\d,]+ rows × \d+ columns/).waitFor({ timeout: timeoutMs });
    // The cleaned table and its profile follow the raw one; wait for the page to be idle again.
    await page.getByRole('status').getByRole('progressbar').waitFor({ state: 'detached', timeout: timeoutMs });
  });
}

/**
 * Loads `paths` as a language model's corpus (the Language model view's file picker, its default
 * character tokenizer) and measures the same way, until the corpus summary shows the token count:
 * the text read, the tokenizer trained, the text encoded and the ids stored, all in the LM worker.
 */
export async function loadCorpusAndMeasure(page: Page, paths: readonly string[], timeoutMs: number, { cpuTrace = true } = {}): Promise<LoadFigures> {
  await page.getByRole('button', { name: 'Language model', exact: true }).click();
  await page.getByLabel('Choose text files').waitFor({ state: 'attached' });
  return measureLoad(page, paths, '.lm-summary', cpuTrace, async () => {
    await page.getByLabel('Choose text files').setInputFiles([...paths]);
    await page.getByTestId('lm-token-count').waitFor({ timeout: timeoutMs });
  });
}

async function measureLoad(page: Page, paths: readonly string[], shown: string, cpuTrace: boolean, load: () => Promise<void>): Promise<LoadFigures> {
  const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);
  await watchLongTasks(page, shown);
  // Let the page settle (samples prefetched, workers started) before the baselines.
  await page.waitForTimeout(1500);
  const rss = sampleBrowserMemory();
  const js = await sampleJsMemory(page);
  const trace = cpuTrace ? await traceMainThread(page) : undefined;
  const t0 = Date.now();
  try {
    await load();
  } catch (e) {
    // A browser traces once at a time: a trace left running would fail the next test's.
    await trace?.stop().catch(() => undefined);
    throw e;
  }
  const seconds = (Date.now() - t0) / 1000;
  const jsPeak = await js.stop();
  const rssPeak = rss?.stop();
  const top = (await trace?.stop())?.[0];
  const tasks = await longTasks(page);
  return {
    bytes,
    seconds,
    longestReading: Math.max(0, ...tasks.reading),
    longestShowing: Math.max(0, ...tasks.showing),
    longTaskCount: tasks.reading.length + tasks.showing.length,
    longestCpu: top && { ms: top.cpuUs / 1000, wallMs: top.us / 1000, what: top.parts.slice(0, 4).map((p) => `${p.name} ${(p.us / 1000).toFixed(0)}`).join(', ') },
    jsPeak,
    rssPeak,
  };
}
