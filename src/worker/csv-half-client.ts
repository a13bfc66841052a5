/**
 * The data worker's side of csv-half.worker.ts: a CsvHalfRunner that reads a CSV file's second
 * half in a worker of its own. The worker is kept between files: a fresh one runs the parser
 * uncompiled at first, and a second file read by a warm worker takes about half the CPU time.
 * Cancelling or a failure ends it (a later file starts a new one).
 */
import type { CsvHalfJob, CsvHalfResult, CsvHalfRunner } from '../core/data/ingest-types';

export interface CsvHalfRequest {
  file: Blob;
  job: CsvHalfJob;
}

export type CsvHalfMessage = { type: 'progress'; bytesRead: number; rows: number } | { type: 'done'; result: CsvHalfResult };

/** The worker between files (none while one is reading, or after a cancel). */
let idle: Worker | null = null;

/**
 * At least this many cores for a second parsing worker. With two, both cores were busy parsing and
 * the page's own tasks grew: the large-file journey's longest task was 120–712 ms with the split
 * and 67–97 ms without, on the same loaded 2-core machine.
 */
export const SPLIT_MIN_CORES = 3;

/** Undefined where a second worker cannot start or would crowd the page (see SPLIT_MIN_CORES): the file is read in one go. */
export function csvHalfWorker(file: Blob): CsvHalfRunner | undefined {
  if (typeof Worker === 'undefined' || (navigator.hardwareConcurrency ?? 1) < SPLIT_MIN_CORES) return undefined;
  return (job, progress, signal) =>
    new Promise<CsvHalfResult>((resolve) => {
      const worker = idle ?? new Worker(new URL('./csv-half.worker.ts', import.meta.url), { type: 'module', name: 'csv-half' });
      idle = null;
      const end = (result: CsvHalfResult, keep: boolean): void => {
        signal.removeEventListener('abort', cancel);
        worker.onmessage = null;
        worker.onerror = null;
        if (keep && idle === null) idle = worker;
        else worker.terminate();
        resolve(result);
      };
      const cancel = (): void => end({ ok: false, reason: 'cancelled' }, false);
      signal.addEventListener('abort', cancel);
      worker.onmessage = (e: MessageEvent<CsvHalfMessage>) => {
        if (e.data.type === 'progress') progress(e.data.bytesRead, e.data.rows);
        else end(e.data.result, true);
      };
      worker.onerror = (e) => {
        e.preventDefault();
        end({ ok: false, reason: e.message || 'the worker failed' }, false);
      };
      worker.postMessage({ file, job } satisfies CsvHalfRequest);
    });
}
