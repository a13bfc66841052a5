/**
 * Where the seq2seq worker keeps what a reload must not lose: the loaded pairs, the model in use
 * and the latest training checkpoint. IndexedDB (store `seq2seq` of worker/db.ts) in the worker,
 * memory in tests. Written at load, at each checkpoint and at the end of a run or an import — never
 * on the project's autosave path (the project document only names the file and the run).
 */
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

/** Reads an entry of the expected kind, or undefined for a missing or foreign one. */
export async function readS2sEntry<K extends S2sStoredKey>(storage: S2sStorage, key: K): Promise<Extract<Entry, { kind: K }> | undefined> {
  try {
    const e = (await storage.get(key as 'data')) as Entry | undefined;
    return e && typeof e === 'object' && e.kind === key ? (e as Extract<Entry, { kind: K }>) : undefined;
  } catch {
    return undefined;
  }
}
