/**
 * Where pretrained models are kept across reloads (IndexedDB store `pretrained` of worker/db.ts;
 * memory in tests): the LM view's loaded model as the files it was read from, its fine-tune's
 * latest checkpoint with the curves, and the Model step's BERT folder. Written when a model is
 * loaded and at each fine-tune checkpoint, never on the project's autosave path.
 */
import { openStudioDB, type PretrainedStoredKey, type StoredFineTune, type StoredPretrainedEntry, type StoredPretrainedFiles } from './db';

export interface PretrainedStorage {
  get(key: 'model' | 'bert'): Promise<StoredPretrainedFiles | undefined>;
  get(key: 'finetune'): Promise<StoredFineTune | undefined>;
  put(entry: StoredPretrainedEntry): Promise<void>;
  delete(key: PretrainedStoredKey): Promise<void>;
}

export function memoryPretrainedStorage(): PretrainedStorage & { entries: Map<PretrainedStoredKey, StoredPretrainedEntry> } {
  const entries = new Map<PretrainedStoredKey, StoredPretrainedEntry>();
  return {
    entries,
    get: (async (key: PretrainedStoredKey) => entries.get(key)) as PretrainedStorage['get'],
    put: async (e) => void entries.set(e.kind, e),
    delete: async (key) => void entries.delete(key),
  };
}

export function idbPretrainedStorage(): PretrainedStorage {
  return {
    get: (async (key: PretrainedStoredKey) => (await openStudioDB()).get('pretrained', key)) as PretrainedStorage['get'],
    put: async (e) => void (await (await openStudioDB()).put('pretrained', e, e.kind)),
    delete: async (key) => (await openStudioDB()).delete('pretrained', key),
  };
}

/** An entry of the expected kind, or undefined for a missing, foreign or unreadable one. */
type EntryOf<K extends PretrainedStoredKey> = K extends 'finetune' ? StoredFineTune : StoredPretrainedFiles;

export async function readPretrainedEntry<K extends PretrainedStoredKey>(storage: PretrainedStorage, key: K): Promise<EntryOf<K> | undefined> {
  try {
    const e = (await storage.get(key as 'model')) as StoredPretrainedEntry | undefined;
    return e && typeof e === 'object' && e.kind === key ? (e as EntryOf<K>) : undefined;
  } catch {
    return undefined;
  }
}
