/**
 * The csv bench's second thread (worker_threads, as the browser's data worker starts a worker):
 * reads the second half of the file (readCsvHalf) and posts its columns back, their typed arrays
 * transferred. Also reports this thread's memory peak (heap + external above its baseline), which
 * the bench adds to the main thread's: the threads have heaps of their own.
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
const sample = (): void => {
  const h = held();
  if (h > peak) peak = h;
};
const timer = setInterval(sample, 5);
const abort = new AbortController();
port.on('message', (m: string) => {
  if (m === 'abort') abort.abort();
});
const { source, close } = fileSource(path);
const result = await readCsvHalf(source, job, (bytesRead, rows) => {
  sample();
  port.postMessage({ type: 'progress', bytesRead, rows });
}, abort.signal);
sample();
clearInterval(timer);
close();
port.postMessage({ type: 'done', result, peak: peak - baseline }, halfTransfers(result));
