/**
 * The csv bench's second thread (worker_threads, as the browser's data worker starts a worker):
 * reads the second half of the file (readCsvHalf) and posts its columns back, their typed arrays
 * transferred. Also reports what this thread holds (heap + external above its baseline) every
 * 5 ms and with each progress report: the threads have heaps of their own, and the bench adds the
 * latest figure to the main thread's at every sample (a concurrent sum, not a sum of two peaks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { halfTransfers, readCsvHalf } from '../src/core/data/csv-split';
import type { CsvHalfJob } from '../src/core/data/ingest-types';
import { fileSource, held } from './_file-source';

const { path, job } = workerData as { path: string; job: CsvHalfJob };
const port = parentPort!;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
gc();
const baseline = held();
let peak = baseline;
const sample = (): number => {
  const h = held();
  if (h > peak) peak = h;
  return h - baseline;
};
const timer = setInterval(() => port.postMessage({ type: 'held', bytes: sample() }), 5);
const abort = new AbortController();
port.on('message', (m: string) => {
  if (m === 'abort') abort.abort();
});
const { source, close } = fileSource(path);
const result = await readCsvHalf(source, job, (bytesRead, rows) => {
  port.postMessage({ type: 'progress', bytesRead, rows, held: sample() });
}, abort.signal);
port.postMessage({ type: 'held', bytes: sample() });
clearInterval(timer);
close();
port.postMessage({ type: 'done', result, peak: peak - baseline }, halfTransfers(result));
