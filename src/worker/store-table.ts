/**
 * Stores a freshly read table for reloads, and says so when the browser will not: IndexedDB can
 * refuse a very large value (a 345 MB CSV's table, about 2 GB cloned, was aborted in Chromium and
 * the upload then read "Cancelled."). The table is still in the worker's memory and usable; only a
 * reload would lose it, which the warning says.
 */
import type { Problem } from '../core/util/result';
import type { Table } from '../core/data/table';
import type { TableStore } from './data-handler';

export async function storeTable(store: TableStore, datasetId: string, table: Table, onProgress?: (done: number, total: number) => void): Promise<Problem | undefined> {
  try {
    await store.put(datasetId, table, onProgress);
    return undefined;
  } catch (e) {
    const why = e instanceof DOMException ? ` (${e.name})` : '';
    return {
      message: `The table is too big for this browser to keep for the next visit${why}: it is loaded and usable now, but after a reload you will need to load the file again.`,
      hint: 'To keep it between visits, load a sample of its rows or a file with fewer columns.',
      code: 'not-stored',
    };
  }
}
