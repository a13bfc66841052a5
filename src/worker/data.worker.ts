/// <reference lib="webworker" />
/**
 * Data worker entry: parsing, profiling and cleaning run here so the page never freezes.
 * Owns the table bytes; raw tables are persisted to IndexedDB so a reload or a crash loses nothing.
 */
import { createDataHandler, type TableStore } from './data-handler';
import { openStudioDB } from './db';
import type { DataEvent, DataRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const idbStore: TableStore = {
  async get(datasetId) {
    return (await (await openStudioDB()).get('tables', datasetId))?.table;
  },
  async put(datasetId, table) {
    await (await openStudioDB()).put('tables', { datasetId, savedAt: Date.now(), table });
  },
  async delete(datasetId) {
    await (await openStudioDB()).delete('tables', datasetId);
  },
};

// Training matrices are transferred, not copied: the worker has no further use for them.
const transferables = (event: DataEvent): Transferable[] => {
  if (event.type !== 'done' || event.request !== 'training-data') return [];
  const { data, testRows } = event.result;
  return [data.train, data.validation, data.test].flatMap((p) => [p.x.buffer, p.y.buffer]).concat(testRows.buffer) as Transferable[];
};
const handle = createDataHandler(idbStore, (event: DataEvent) => self.postMessage(event, transferables(event)));
self.onmessage = (e: MessageEvent<DataRequest>) => void handle(e.data);
