/**
 * The data worker's side of csv-half.worker.ts: a CsvHalfRunner that reads a CSV file's second
 * half in a worker of its own, started per file and ended when the half is back or cancelled.
 */
import type { CsvHalfJob, CsvHalfResult, CsvHalfRunner } from '../core/data/ingest-types';

export interface CsvHalfRequest {
  file: Blob;
  job: CsvHalfJob;
}

export type CsvHalfMessage = { type: 'progress'; bytesRead: number; rows: number } | { type: 'done'; result: CsvHalfResult };

/** Workers cannot start here (no Worker in this scope, or a single core): null, and the file is read in one go. */
export function csvHalfWorker(file: Blob): CsvHalfRunner | undefined {
  if (typeof Worker === 'undefined' || (navigator.hardwareConcurrency ?? 1) < 2) return undefined;
  return (job, progress, signal) =>
    new Promise<CsvHalfResult>((resolve) => {
      const worker = new Worker(new URL('./csv-half.worker.ts', import.meta.url), { type: 'module', name: 'csv-half' });
      const end = (result: CsvHalfResult): void => {
        signal.removeEventListener('abort', cancel);
        worker.terminate();
        resolve(result);
      };
      const cancel = (): void => end({ ok: false, reason: 'cancelled' });
      signal.addEventListener('abort', cancel);
      worker.onmessage = (e: MessageEvent<CsvHalfMessage>) => {
        if (e.data.type === 'progress') progress(e.data.bytesRead, e.data.rows);
        else end(e.data.result);
      };
      worker.onerror = (e) => {
        e.preventDefault();
        end({ ok: false, reason: e.message || 'the worker failed' });
      };
      worker.postMessage({ file, job } satisfies CsvHalfRequest);
    });
}
