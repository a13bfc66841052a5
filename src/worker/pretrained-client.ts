/**
 * The page's side of the `pretrained` IndexedDB store (worker/db.ts): whether the LM worker stored
 * a model (so the worker starts only when there is one to restore), and the Model step's BERT
 * folder, which the page reads itself (store/bert-encoder.ts). A worker client as project-client.ts is: the store reads IndexedDB only through these.
 */
import { openStudioDB, type PretrainedStoredKey, type StoredPretrainedFiles } from './db';

/** False where IndexedDB is missing or fails (Node tests, private modes): nothing to restore. */
export async function hasStoredPretrained(key: PretrainedStoredKey): Promise<boolean> {
  try {
    return (await (await openStudioDB()).getKey('pretrained', key)) !== undefined;
  } catch {
    return false;
  }
}

export async function readStoredBert(): Promise<Map<string, Uint8Array> | undefined> {
  try {
    const e = await (await openStudioDB()).get('pretrained', 'bert');
    return e && e.kind === 'bert' ? new Map((e as StoredPretrainedFiles).files) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores the dropped BERT folder; throws what IndexedDB threw (the caller words it). */
export async function storeBert(files: Map<string, Uint8Array>): Promise<void> {
  await (await openStudioDB()).put('pretrained', { kind: 'bert', files: [...files], savedAt: Date.now() }, 'bert');
}

export async function forgetStoredBert(): Promise<void> {
  try {
    await (await openStudioDB()).delete('pretrained', 'bert');
  } catch {
    // Nothing stored or no storage: nothing to forget.
  }
}
