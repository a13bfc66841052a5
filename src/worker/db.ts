/**
 * The IndexedDB schema shared by the main thread (project documents), the data worker (table
 * bytes) and the language-model worker (token ids, checkpoints). One database so that "New
 * project" can clear everything in one place.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TablePart } from '../core/data/table-parts';
import type { TrainCheckpoint } from '../core/train/checkpoint';
import type { EpochLog } from '../core/jobs';

export const DB_NAME = 'ml-studio';
/** 1: projects, tables. 2: + lmCorpora, lmCheckpoints. 3: + trainCheckpoints. 4: + seq2seq. 5: + pretrained. 6: + tableParts (each upgrade keeps every existing store). */
export const DB_VERSION = 6;

/** A group of parts of a stored table (core/data/table-parts.ts groupParts), keyed by [datasetId, index]. */
export interface StoredTablePart {
  datasetId: string;
  index: number;
  parts: TablePart[];
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
  /** Pretrained models (worker/pretrained-storage.ts): the LM view's loaded model and fine-tune checkpoint, the Model step's BERT folder. */
  pretrained: { key: PretrainedStoredKey; value: StoredPretrainedEntry };
}

export type PretrainedStoredKey = 'model' | 'finetune' | 'bert';
export type StoredPretrainedEntry = StoredPretrainedFiles | StoredFineTune;

/** A pretrained model as the files it was read from (smaller than its float32 tensors when they are F16/BF16). */
export interface StoredPretrainedFiles {
  kind: 'model' | 'bert';
  files: [string, Uint8Array][];
  savedAt: number;
}

/** The latest checkpoint of the loaded model's fine-tune (core/lm/finetune-checkpoint.ts bytes) and its curves. */
export interface StoredFineTune {
  kind: 'finetune';
  corpusId: string;
  /** FineTuneSettings of the run. */
  settings: unknown;
  step: number;
  bytes: Uint8Array;
  /** The run's curves and sample timeline up to `step`, shown again after a reload. */
  log: { losses: [number, number][]; evals: unknown[]; samples: { step: number; text: string }[] };
  savedAt: number;
}

export interface StoredTrainCheckpoint {
  runId: string;
  savedAt: number;
  checkpoint: TrainCheckpoint;
  /** The run's curve up to the checkpoint (checkpoint-client.ts); absent in older records. */
  epochs?: EpochLog[];
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
  ids: Uint8Array | Uint16Array | Int32Array;
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

/** What a migration uses of the database being upgraded (IDBDatabase; a fake in tests). */
export interface UpgradableDB {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string, options?: { keyPath: string | string[] }): unknown;
}

/** Creates a store unless it is there (a database made by an older build may have it already). */
const create = (db: UpgradableDB, name: string, options?: { keyPath: string | string[] }) => {
  if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, options);
};

/** MIGRATIONS[v - 1] brings a database of version v - 1 to version v. */
export const MIGRATIONS: readonly ((db: UpgradableDB) => void)[] = [
  (db) => {
    create(db, 'projects');
    create(db, 'tables', { keyPath: 'datasetId' });
  },
  (db) => {
    create(db, 'lmCorpora', { keyPath: 'corpusId' });
    create(db, 'lmCheckpoints', { keyPath: 'runId' });
  },
  (db) => create(db, 'trainCheckpoints', { keyPath: 'runId' }),
  (db) => create(db, 'seq2seq'),
  (db) => create(db, 'pretrained'),
  // Tables written part by part (worker/table-db.ts); old one-record tables stay readable in `tables`.
  (db) => create(db, 'tableParts', { keyPath: ['datasetId', 'index'] }),
];

export function upgradeStudioDB(db: UpgradableDB, oldVersion: number): void {
  for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v]!(db);
}

let dbPromise: Promise<IDBPDatabase<StudioDB>> | undefined;

export function openStudioDB(): Promise<IDBPDatabase<StudioDB>> {
  if (dbPromise) return dbPromise;
  const opening = openDB<StudioDB>(DB_NAME, DB_VERSION, {
    // One migration per version, from the database's version up: a version-1 database keeps its projects and tables.
    upgrade(db, oldVersion) {
      upgradeStudioDB(db as unknown as UpgradableDB, oldVersion);
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
