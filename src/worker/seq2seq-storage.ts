/**
 * Where the seq2seq worker keeps what a reload must not lose: the loaded pairs, the model in use
 * and the latest training checkpoint. IndexedDB (store `seq2seq` of worker/db.ts) in the worker,
 * memory in tests. Written at load, at each checkpoint and at the end of a run or an import — never
 * on the project's autosave path (the project document only names the file and the run).
 */
import { storageFailureReason } from '../core/util/storage-error';
import { openStudioDB, type S2sStoredKey, type StoredS2sCheckpoint, type StoredS2sData, type StoredS2sModel } from './db';

export interface S2sStorage {
  get(key: 'data'): Promise<StoredS2sData | undefined>;
  get(key: 'model'): Promise<StoredS2sModel | undefined>;
  get(key: 'checkpoint'): Promise<StoredS2sCheckpoint | undefined>;
  put(entry: StoredS2sData | StoredS2sModel | StoredS2sCheckpoint): Promise<void>;
  delete(key: S2sStoredKey): Promise<void>;
}

type Entry = StoredS2sData | StoredS2sModel | StoredS2sCheckpoint;

export function memoryS2sStorage(): S2sStorage & { entries: Map<S2sStoredKey, Entry> } {
  const entries = new Map<S2sStoredKey, Entry>();
  return {
    entries,
    get: (async (key: S2sStoredKey) => entries.get(key)) as S2sStorage['get'],
    put: async (e) => void entries.set(e.kind, e),
    delete: async (key) => void entries.delete(key),
  };
}

/** The worker's storage; a failing IndexedDB (private mode, quota) is reported by the caller, not fatal. */
export function idbS2sStorage(): S2sStorage {
  return {
    get: (async (key: S2sStoredKey) => (await openStudioDB()).get('seq2seq', key)) as S2sStorage['get'],
    put: async (e) => void (await (await openStudioDB()).put('seq2seq', e, e.kind)),
    delete: async (key) => (await openStudioDB()).delete('seq2seq', key),
  };
}

/**
 * What the student is told when the write of `entry` failed (the view shows it until a later write
 * of the same part works): what was not saved, why, what it costs and what to do.
 */
export function unsavedProblem(entry: Entry, e: unknown): { message: string; hint: string } {
  const why = storageFailureReason(e);
  const free = 'To make room, remove other sites\' data or old projects in the browser\'s settings (site data / storage).';
  switch (entry.kind) {
    case 'data':
      return { message: `The pairs (${entry.fileName}) could not be saved on this device: ${why}.`, hint: `They are in use until the page is reloaded; after a reload, load the file again. ${free}` };
    case 'checkpoint':
      return { message: `The checkpoint at step ${entry.step} could not be saved on this device: ${why}.`, hint: `Training goes on, but after a reload the run cannot resume from this step. ${free}` };
    case 'model':
      return { message: `The model could not be saved on this device: ${why}.`, hint: `It works until the page is reloaded: use Export bundle (.zip) below to keep it, and import the bundle after a reload. ${free}` };
  }
}

/** Reads an entry of the expected kind, or undefined for a missing or foreign one. */
export async function readS2sEntry<K extends S2sStoredKey>(storage: S2sStorage, key: K): Promise<Extract<Entry, { kind: K }> | undefined> {
  try {
    const e = (await storage.get(key as 'data')) as Entry | undefined;
    return e && typeof e === 'object' && e.kind === key ? (e as Extract<Entry, { kind: K }>) : undefined;
  } catch {
    return undefined;
  }
}
