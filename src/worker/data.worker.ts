/// <reference lib="webworker" />
/**
 * Data worker entry: parsing, profiling and cleaning run here so the page never freezes.
 * Owns the table bytes; raw tables are persisted to IndexedDB so a reload or a crash loses nothing.
 */
import { createDataHandler } from './data-handler';
import { openStudioDB } from './db';
import { idbTableStore } from './table-db';
import type { DataEvent, DataRequest } from './protocol';
import { announceLife } from './life-lock';
import { csvHalfWorker } from './csv-half-client';

declare const self: DedicatedWorkerGlobalScope;

announceLife((m) => self.postMessage(m));

const idbStore = idbTableStore(openStudioDB);

// The test rows and targets are moved, not copied (the matrices themselves went to the training
// worker on the job's port).
const transferables = (event: DataEvent): Transferable[] => {
  if (event.type !== 'done' || event.request !== 'training-data') return [];
  return [event.result.testRows.buffer, event.result.testY.buffer] as Transferable[];
};
const handle = createDataHandler(idbStore, (event: DataEvent) => self.postMessage(event, transferables(event)), csvHalfWorker);
self.onmessage = (e: MessageEvent<DataRequest>) => void handle(e.data);
