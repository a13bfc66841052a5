/**
 * The IndexedDB schema shared by the main thread (project documents), the data worker (table
 * bytes) and the language-model worker (token ids, checkpoints). One database so that "New
 * project" can clear everything in one place.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TablePart } from '../core/data/table-parts';
import type { NeuralCheckpoint } from '../core/train/checkpoint';

export const DB_NAME = 'ml-studio';
/** 1: projects, tables. 2: + lmCorpora, lmCheckpoints. 3: + trainCheckpoints. 4: + seq2seq. 5: + tableParts (each upgrade keeps every existing store). */
export const DB_VERSION = 5;

/** A part of a stored table (core/data/table-parts.ts), keyed by [datasetId, index]. */
export interface StoredTablePart {
  datasetId: string;
  index: number;
  part: TablePart;
}

export interface StudioDB extends DBSchema {
  /** Small JSON documents: the project (format + version inside), keyed by 'current'. */
  projects: { key: string; value: unknown };
  /**
   * Raw uploaded tables, keyed by dataset id: a TableManifest (record version 2) whose parts are in
   * `tableParts`, or a version-1 record holding the whole table (core/data/table-parts.ts reads both).
   */
  tables: { key: string; value: Record<string, unknown> & { datasetId: string } };
  /** The parts of each stored table, written one per transaction (worker/table-db.ts). */
  tableParts: { key: [string, number]; value: StoredTablePart };
  /** Language-model corpora as token ids (see worker/lm-storage.ts), keyed by corpus id. */
  lmCorpora: { key: string; value: StoredLmCorpus };
  /** Language-model checkpoints (core/lm saveCheckpoint bytes), keyed by run id: the latest one per run. */
  lmCheckpoints: { key: string; value: StoredLmCheckpoint };
  /** A tabular or text run's latest checkpoint (core/train/checkpoint.ts), keyed by run id: kept while the run may be resumed. */
  trainCheckpoints: { key: string; value: StoredTrainCheckpoint };
  /** The sequence-to-sequence view's pairs, model and latest checkpoint (worker/seq2seq-storage.ts), keyed by what they are. */
  seq2seq: { key: S2sStoredKey; value: StoredS2sEntry };
}

export interface StoredTrainCheckpoint {
  runId: string;
  savedAt: number;
  checkpoint: NeuralCheckpoint;
}

export type S2sStoredKey = 'data' | 'model' | 'checkpoint';
export type StoredS2sEntry = StoredS2sData | StoredS2sModel | StoredS2sCheckpoint;

/** The loaded pairs' columns, as text (what the seq2seq worker reads them into). */
export interface StoredS2sData {
  kind: 'data';
  fileName: string;
  columns: [string, string[]][];
  savedAt: number;
}

/** The model in use (trained or imported): a studio bundle (core/seq2seq/checkpoint.ts). */
export interface StoredS2sModel {
  kind: 'model';
  bytes: Uint8Array;
  savedAt: number;
}

/** The latest training checkpoint (weights, Adam moments, step, rngs) and what it was trained from. */
export interface StoredS2sCheckpoint {
  kind: 'checkpoint';
  /** The run's data + settings key (resume only when equal). */
  key: string;
  step: number;
  bytes: Uint8Array;
  /** The run's settings (S2sSettings), for the restored session. */
  settings: unknown;
  savedAt: number;
}

export interface StoredLmCorpus {
  corpusId: string;
  savedAt: number;
  /** Token ids of the whole corpus in order; [0, splitAt) trains, [splitAt, end) validates. */
  ids: Uint16Array | Int32Array;
  splitAt: number;
  /** serializeTokenizer JSON of the tokenizer that made `ids`. */
  tokenizer: unknown;
  charsPerToken: number;
}

export interface StoredLmCheckpoint {
  runId: string;
  corpusId: string;
  step: number;
  savedAt: number;
  bytes: Uint8Array;
  tokenizer: unknown;
}

let dbPromise: Promise<IDBPDatabase<StudioDB>> | undefined;

export function openStudioDB(): Promise<IDBPDatabase<StudioDB>> {
  if (dbPromise) return dbPromise;
  const opening = openDB<StudioDB>(DB_NAME, DB_VERSION, {
    // Creates only what is missing, so a version-1 database keeps its projects and tables.
    upgrade(db) {
      if (!db.objectStoreNames.contains('projects')) db.createObjectStore('projects');
      if (!db.objectStoreNames.contains('tables')) db.createObjectStore('tables', { keyPath: 'datasetId' });
      if (!db.objectStoreNames.contains('lmCorpora')) db.createObjectStore('lmCorpora', { keyPath: 'corpusId' });
      if (!db.objectStoreNames.contains('lmCheckpoints')) db.createObjectStore('lmCheckpoints', { keyPath: 'runId' });
      if (!db.objectStoreNames.contains('trainCheckpoints')) db.createObjectStore('trainCheckpoints', { keyPath: 'runId' });
      if (!db.objectStoreNames.contains('seq2seq')) db.createObjectStore('seq2seq');
      if (!db.objectStoreNames.contains('tableParts')) db.createObjectStore('tableParts', { keyPath: ['datasetId', 'index'] });
    },
    // Another tab (or an old service-worker-cached page) upgrading: let it, and reopen on next use.
    blocking() {
      void dbPromise?.then((db) => db.close());
      dbPromise = undefined;
    },
    // The browser closed the connection (site data cleared under the app): reopen on next use.
    terminated() {
      dbPromise = undefined;
    },
  });
  dbPromise = opening;
  // A failed open (storage unavailable) is tried again next time rather than cached.
  void opening.catch(() => {
    if (dbPromise === opening) dbPromise = undefined;
  });
  return opening;
}
