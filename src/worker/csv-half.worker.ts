/// <reference lib="webworker" />
/**
 * A worker the data worker starts to read the second half of a large CSV file (csv-split.ts),
 * so the two halves parse on two cores at once. It reads the File itself (a File posts as a
 * reference, not a copy) and posts back the half's columns, their typed arrays transferred.
 * Cancelling terminates it (csv-half-client.ts).
 */
import { blobSource } from '../core/data/byte-source';
import { halfTransfers, readCsvHalf } from '../core/data/csv-split';
import type { CsvHalfMessage, CsvHalfRequest } from './csv-half-client';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: CsvHalfMessage, transfer: Transferable[] = []): void => self.postMessage(m, transfer);

self.onmessage = (e: MessageEvent<CsvHalfRequest>) => {
  const { file, job } = e.data;
  readCsvHalf(blobSource(file), job, (bytesRead, rows) => post({ type: 'progress', bytesRead, rows })).then(
    (result) => post({ type: 'done', result }, halfTransfers(result)),
    (error: unknown) => post({ type: 'done', result: { ok: false, reason: String(error) } }),
  );
};
