/**
 * CSV ingest benchmark: the studio's ingest path over a ~100 MB, 1,000,000-row file read in
 * chunks through a ByteSource (as the worker reads a File), against papaparse alone reading,
 * decoding and parsing the same file in a process of its own (bench/_papaparse-raw.ts), cold
 * against cold and warm against warm. Run: `npm run bench -- csv`.
 *
 * Peak memory is heapUsed + external (external includes arrayBuffers and strings kept outside
 * the V8 heap, which Node's TextDecoder can return) above a post-GC baseline, sampled at every progress
 * callback and every 5 ms: that is what the ingest itself holds (strings, Maps, typed arrays).
 * RSS is not used because V8 keeps freed heap pages mapped, so it would also count memory that
 * is garbage and reusable, and it never returns to a baseline between phases.
 *
 * Then the same file loads in the real studio (headless Chromium, bench/_browser.ts) through the
 * file picker, while a PerformanceObserver records main-thread long tasks: `csv-app-longest-task`
 * is the longest by wall time (target: none over 50 ms), `csv-app-longest-task-cpu` the costliest by
 * thread CPU time (a browser trace: what the page spent, whatever the machine's load), `csv-app-load`
 * the seconds until the table shows. `npm run bench -- load-profile` says what those tasks run.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ingest, type IngestResult } from '../src/core/data/ingest';
import type { CsvHalfResult, CsvHalfRunner } from '../src/core/data/ingest-types';
import { benchCsvPath } from './generate-csv';
import { openBenchPage } from './_browser';
import { fileSource, held } from './_file-source';
import { traceMainThread } from '../e2e/support/big-files';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const MB = 1024 * 1024;
const fmt = (n: number) => n.toFixed(2);

interface PapaTiming {
  seconds: number;
  cpu: number;
  parseSeconds: number;
}

/** papaparse alone over the file, cold then warm, read and decoded inside the timing, in a fresh process (bench/_papaparse-raw.ts). */
function papaparseRaw(path: string): { cold: PapaTiming; warm: PapaTiming; rows: number } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/_papaparse-raw.ts', path], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`papaparse reference failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { cold: PapaTiming; warm: PapaTiming; rows: number };
}

/**
 * The second half in a worker thread (bench/_csv-half-thread.ts), as the app's data worker reads
 * it in a worker of its own; the thread is kept for the next read, as the app keeps its worker.
 * `thread` gets that thread's held memory as it reports it, and its peak.
 */
class HalfThread {
  private worker: Worker | null = null;
  /** The current job's handlers (one job at a time); the worker's listeners stay as start() set them. */
  private onMessage: ((m: HalfMessage) => void) | null = null;
  private onError: ((e: unknown) => void) | null = null;
  held = 0;
  peak = 0;

  /**
   * Starts the thread and waits until its modules are loaded, untimed: in the app the csv-half
   * worker's script is bundled JavaScript, while here tsx compiles the TypeScript at load time
   * (about a second, a cost of the bench, not of the ingest). Its code is still cold: none of it
   * has run.
   */
  start(): Promise<void> {
    // A worker thread does not inherit tsx's loader (Node 20): it registers it, then loads the TypeScript.
    const url = new URL('./_csv-half-thread.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
    const worker = (this.worker = new Worker(boot, { eval: true }));
    return new Promise((resolve, reject) => {
      this.onMessage = () => resolve();
      this.onError = reject;
      worker.on('message', (m: HalfMessage) => this.onMessage?.(m));
      worker.on('error', (e) => {
        console.error(`(the worker thread failed: ${String(e)})`);
        this.worker = null;
        this.onError?.(e);
      });
    });
  }

  runner(path: string): CsvHalfRunner {
    return (job, progress, signal) =>
      new Promise<CsvHalfResult>((resolve, reject) => {
        const worker = this.worker;
        if (!worker) return reject(new Error('the worker thread is not running'));
        signal.addEventListener('abort', () => worker.postMessage('abort'));
        this.onError = reject;
        this.onMessage = (m) => {
          if (m.type === 'held') this.held = m.bytes;
          else if (m.type === 'progress') {
            this.held = m.held;
            progress(m.bytesRead, m.rows);
          } else if (m.type === 'done') {
            // Its buffers now belong to this thread (transferred) and count in its own figure.
            this.held = 0;
            this.peak = m.peak;
            resolve(m.result);
          }
        };
        worker.postMessage({ path, job });
      });
  }

  close(): Promise<number> | undefined {
    return this.worker?.terminate();
  }
}

type HalfMessage =
  | { type: 'ready' }
  | { type: 'progress'; bytesRead: number; rows: number; held: number }
  | { type: 'held'; bytes: number }
  | { type: 'done'; result: CsvHalfResult; peak: number };

interface Run {
  result: IngestResult;
  seconds: number;
  cpu: number;
  peak: number;
}

/** One ingest of the file; peak = this thread's held memory above its baseline plus the worker thread's at the same moment. */
async function timedIngest(path: string, thread: HalfThread | null): Promise<Run> {
  gc();
  const baseline = held();
  let peak = baseline;
  const sample = () => {
    const h = held() + (thread?.held ?? 0);
    if (h > peak) peak = h;
  };
  const timer = setInterval(sample, 5);
  const { source, close } = fileSource(path);
  const t0 = performance.now();
  // process.cpuUsage() counts every thread of the process, the worker's too.
  const c0 = process.cpuUsage();
  const result = await ingest(source, { fileName: 'bench.csv', ...(thread ? { csvHalf: thread.runner(path) } : {}) }, sample);
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  sample();
  clearInterval(timer);
  close();
  if (!result.ok) throw new Error(`ingest failed: ${result.error.message}`);
  console.error(`(${thread ? 2 : 1} thread(s): baseline ${fmt(baseline / MB)} MB, peak of both threads together +${fmt((peak - baseline) / MB)} MB, the worker thread's own peak +${fmt((thread?.peak ?? 0) / MB)} MB)`);
  return { result, seconds, cpu: (c.user + c.system) / 1e6, peak: peak - baseline };
}

/** A digest of every cell and dictionary value: the two-thread table must be the one-thread table. */
function fingerprint(result: IngestResult): string {
  if (!result.ok) return 'failed';
  let h = 0x811c9dc5;
  const mixIn = (x: number) => (h = Math.imul(h ^ x, 16777619));
  const parts: string[] = [];
  for (const c of result.value.table.columns) {
    h = 0x811c9dc5;
    if (c.kind === 'number') {
      const bits = new Int32Array(c.values.buffer, c.values.byteOffset, c.values.length * 2);
      for (let i = 0; i < bits.length; i++) mixIn(bits[i]!);
    } else {
      for (let i = 0; i < c.codes.length; i++) mixIn(c.codes[i]!);
      for (const v of c.dict) for (let k = 0; k < v.length; k++) mixIn(v.charCodeAt(k));
    }
    parts.push(`${c.name}:${c.kind}:${h >>> 0}`);
  }
  return parts.join(',');
}

async function main(): Promise<void> {
  const path = benchCsvPath();
  const bytes = statSync(path).size;
  const papa = papaparseRaw(path);
  const count = papa.rows;

  // The measured (two-thread) read first, on a clean heap and cold, as a first file in the app;
  // only digests of the tables are kept. Then one thread and two again, both warm (compiled code),
  // against papaparse's warm run.
  const thread = new HalfThread();
  await thread.start();
  const two = await timedIngest(path, thread);
  const got = fingerprint(two.result);
  const rows = two.result.ok ? two.result.value.table.rowCount : 0;
  two.result = { ok: false, error: { message: 'dropped', code: 'dropped' } };
  const one = await timedIngest(path, null);
  if (fingerprint(one.result) !== got) throw new Error('the two-thread table differs from the one-thread table');
  one.result = two.result;
  const warm = await timedIngest(path, thread);
  if (fingerprint(warm.result) !== got) throw new Error('the warm two-thread table differs from the one-thread table');
  warm.result = two.result;
  await thread.close();

  console.log(`bench: csv-ingest ${fmt(bytes / MB / two.seconds)} MB/s # two threads (the file's second half in a worker thread)`);
  console.log(`bench: csv-ingest-rows ${fmt(rows / two.seconds)} rows/s`);
  console.log(`bench: csv-ingest-peak ${fmt(two.peak / MB)} MB # both threads at once (this thread's heap + external, plus the worker thread's latest)`);
  // No peaks for the warm reads: V8 has not let go of all of the earlier table by then.
  console.log(`bench: csv-ingest-warm ${fmt(bytes / MB / warm.seconds)} MB/s # two threads again, code compiled (a second file in the app)`);
  console.log(`bench: csv-ingest-one-thread-warm ${fmt(bytes / MB / one.seconds)} MB/s # one thread, code compiled`);

  // Like with like: cold against cold (each the first read in a fresh process), warm against
  // warm, and both sides read and decode the file inside their timing (bench/_papaparse-raw.ts).
  const { cold, warm: papaWarm } = papa;
  console.log(`bench: csv-papaparse-raw ${fmt(bytes / MB / cold.seconds)} MB/s # cold, first parse in a fresh process, reading and decoding the file included (${cold.seconds.toFixed(2)} s, of which parse ${cold.parseSeconds.toFixed(2)} s)`);
  console.log(`bench: csv-papaparse-raw-warm ${fmt(bytes / MB / papaWarm.seconds)} MB/s # the second run (${papaWarm.seconds.toFixed(2)} s; parse alone ${fmt(bytes / MB / papaWarm.parseSeconds)} MB/s, the reference before 2026-12-04)`);
  console.log(`bench: csv-ingest-ratio ${(cold.seconds / two.seconds).toFixed(2)}x # papaparse s / ingest s, both cold (${cold.seconds.toFixed(2)} / ${two.seconds.toFixed(2)}); target ≥ 0.7x`);
  console.log(`bench: csv-ingest-warm-ratio ${(papaWarm.seconds / warm.seconds).toFixed(2)}x # both warm: two threads (${papaWarm.seconds.toFixed(2)} / ${warm.seconds.toFixed(2)}); one thread ${(papaWarm.seconds / one.seconds).toFixed(2)}x; against the parse alone ${(papaWarm.parseSeconds / warm.seconds).toFixed(2)}x`);
  // CPU seconds too: on a shared machine wall time mostly measures the other processes.
  console.log(`bench: csv-ingest-cpu-ratio ${(cold.cpu / two.cpu).toFixed(2)}x # papaparse CPU s / ingest CPU s, both threads, both cold (${cold.cpu.toFixed(2)} / ${two.cpu.toFixed(2)}; warm: papaparse ${papaWarm.cpu.toFixed(2)}, two threads ${warm.cpu.toFixed(2)}, one thread ${one.cpu.toFixed(2)}); the target is on wall time`);
  console.error(`(${(bytes / MB).toFixed(1)} MB, ${rows} rows ingested, ${count} rows by papaparse; ingest ${two.seconds.toFixed(2)} s (warm: two threads ${warm.seconds.toFixed(2)} s, one thread ${one.seconds.toFixed(2)} s), papaparse ${cold.seconds.toFixed(2)} s (warm ${papaWarm.seconds.toFixed(2)} s); load ${loadavg()[0]!.toFixed(1)})`);
}

/** The bench file loaded in the real app: longest main-thread task and load time. */
async function inApp(): Promise<void> {
  const path = benchCsvPath();
  const { page, close } = await openBenchPage('/', 'role=heading[name="ML Studio"]');
  try {
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    const trace = await traceMainThread(page);
    const t0 = Date.now();
    await page.getByLabel('Choose a data file').setInputFiles(path);
    await page.getByText(/1,000,000 rows × 12 columns/).waitFor({ timeout: 300_000 });
    const seconds = (Date.now() - t0) / 1000;
    const top = (await trace?.stop())?.[0];
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`bench: csv-app-longest-task ${Math.max(0, ...tasks).toFixed(0)} ms # wall time, ${tasks.length} tasks over 50 ms; target: none; load ${loadavg()[0]!.toFixed(1)} (on a busy machine mostly waiting for a core, see -cpu)`);
    console.log(`bench: csv-app-longest-task-cpu ${top ? `${(top.cpuUs / 1000).toFixed(0)} ms # thread CPU time of the costliest main-thread task (wall ${(top.us / 1000).toFixed(0)} ms): ${top.parts.slice(0, 4).map((p) => `${p.name} ${(p.us / 1000).toFixed(0)}`).join(', ')}` : 'n/a ms # not traced'}; target: none over 50 ms`);
    console.log(`bench: csv-app-load ${seconds.toFixed(2)} s # file picked → table shown, in Chromium`);
  } finally {
    await close();
  }
}

await main();
if (!process.env.CSV_NO_APP) await inApp();
