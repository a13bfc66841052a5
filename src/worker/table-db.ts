/**
 * The data worker's table store in IndexedDB: a table is written part by part
 * (core/data/table-parts.ts), about 8 MB of parts a record, each record in a transaction of its own
 * that is awaited before the next is made, so the browser never holds more than one record's
 * serialised copy; the
 * manifest goes last, so a write cut off by a reload or a crash leaves no record that reads as a
 * whole table (its parts are removed by the next write or drop of that dataset, or New project).
 */
import type { IDBPDatabase } from 'idb';
import type { Table } from '../core/data/table';
import { DamagedTable, PART_BYTES, groupParts, readStoredTable, tableManifest, tableParts, type TableManifest, type TablePart } from '../core/data/table-parts';
import type { TableStore } from './data-handler';
import type { StudioDB } from './db';

/** Every part key of one dataset: [id, -∞ … +∞]. */
const partRange = (datasetId: string) => IDBKeyRange.bound([datasetId, -Infinity], [datasetId, Infinity]);

async function* readParts(db: IDBPDatabase<StudioDB>, manifest: TableManifest): AsyncIterable<TablePart> {
  // One get per group: the parts are never all in memory next to the table being rebuilt.
  const records = manifest.records ?? manifest.parts;
  for (let index = 0; index < records; index++) {
    const stored = await db.get('tableParts', [manifest.datasetId, index]);
    if (!stored || !Array.isArray(stored.parts)) throw new DamagedTable(`record ${index + 1} of ${records} is missing`);
    yield* stored.parts;
  }
}

export function idbTableStore(open: () => Promise<IDBPDatabase<StudioDB>>): TableStore {
  async function remove(db: IDBPDatabase<StudioDB>, datasetId: string) {
    const tx = db.transaction(['tables', 'tableParts'], 'readwrite');
    await Promise.all([tx.objectStore('tables').delete(datasetId), tx.objectStore('tableParts').delete(partRange(datasetId)), tx.done]);
  }
  return {
    async get(datasetId) {
      const db = await open();
      const record = await db.get('tables', datasetId);
      if (!record) return undefined;
      try {
        return await readStoredTable(record, (manifest) => readParts(db, manifest));
      } catch (e) {
        // A damaged or newer record is not a table this page can use: as if none were stored (the page asks for the file again).
        if (e instanceof DamagedTable) return undefined;
        throw e;
      }
    },
    async put(datasetId, table: Table, onProgress) {
      const db = await open();
      await remove(db, datasetId);
      let index = 0;
      let count = 0;
      const columns = table.columns.length;
      onProgress?.(0, columns);
      // Reused part buffers (tableParts' `reuse`): each group is cloned by put before the next one is made.
      for (const parts of groupParts(tableParts(table, PART_BYTES, true), PART_BYTES)) {
        await db.put('tableParts', { datasetId, index: index++, parts });
        count += parts.length;
        // Parts go column by column: every column before the last one in this record is written.
        onProgress?.(parts.at(-1)!.column, columns);
      }
      await db.put('tables', { ...tableManifest(datasetId, table, count), records: index });
      onProgress?.(columns, columns);
    },
    async delete(datasetId) {
      await remove(await open(), datasetId);
    },
  };
}
