/**
 * The csv bench's second thread (worker_threads, as the browser's data worker keeps a csv-half
 * worker): reads the second half of the file for each job it is sent (readCsvHalf) and posts its
 * columns back, their typed arrays transferred. It stays up between jobs, so a later file finds
 * its code compiled (as the app's csv-half worker does). It also reports what it holds (heap +
 * external above its baseline) every 5 ms and with each progress report: the threads have heaps
 * of their own, and the bench adds the latest figure to the main thread's at every sample (a
 * concurrent sum, not a sum of two peaks).
 */
import { parentPort } from 'node:worker_threads';
import { halfTransfers, readCsvHalf } from '../src/core/data/csv-split';
import type { CsvHalfJob } from '../src/core/data/ingest-types';
import { fileSource, held } from './_file-source';

const port = parentPort!;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let abort = new AbortController();

async function run(path: string, job: CsvHalfJob): Promise<void> {
  gc();
  const baseline = held();
  let peak = baseline;
  const sample = (): number => {
    const h = held();
    if (h > peak) peak = h;
    return h - baseline;
  };
  const timer = setInterval(() => port.postMessage({ type: 'held', bytes: sample() }), 5);
  abort = new AbortController();
  const { source, close } = fileSource(path);
  const result = await readCsvHalf(source, job, (bytesRead, rows) => port.postMessage({ type: 'progress', bytesRead, rows, held: sample() }), abort.signal);
  port.postMessage({ type: 'held', bytes: sample() });
  clearInterval(timer);
  close();
  port.postMessage({ type: 'done', result, peak: peak - baseline }, halfTransfers(result));
}

port.on('message', (m: 'abort' | { path: string; job: CsvHalfJob }) => {
  if (m === 'abort') abort.abort();
  else void run(m.path, m.job);
});
// Loaded: the bench starts timing only now (see HalfThread.start in bench/csv.ts).
port.postMessage({ type: 'ready' });
