/**
 * The IndexedDB schema shared by the main thread (project documents) and the data worker
 * (table bytes). One database so that "New project" can clear everything in one place.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Table } from '../core/data/table';

export const DB_NAME = 'ml-studio';
export const DB_VERSION = 1;

export interface StoredTable {
  datasetId: string;
  savedAt: number;
  table: Table;
}

export interface StudioDB extends DBSchema {
  /** Small JSON documents: the project (format + version inside), keyed by 'current'. */
  projects: { key: string; value: unknown };
  /** Raw uploaded tables, keyed by dataset id. Typed arrays are stored as they are (structured clone). */
  tables: { key: string; value: StoredTable };
}

let dbPromise: Promise<IDBPDatabase<StudioDB>> | undefined;

export function openStudioDB(): Promise<IDBPDatabase<StudioDB>> {
  dbPromise ??= openDB<StudioDB>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('projects')) db.createObjectStore('projects');
      if (!db.objectStoreNames.contains('tables')) db.createObjectStore('tables', { keyPath: 'datasetId' });
    },
  });
  return dbPromise;
}
