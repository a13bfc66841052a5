/**
 * The main thread's client of the saved project: the document in IndexedDB's `projects` store,
 * and "New project" clearing every store (tables and LM data too, which the workers write).
 * A client like data-client or lm-client: the store reaches IndexedDB only through it.
 */
import { openStudioDB } from './db';

const KEY = 'current';
/** A record that could not be restored (store/unreadable.ts), kept beside the project until the user dismisses it. */
const UNREADABLE_KEY = 'unreadable';

export interface ProjectClient {
  load(): Promise<unknown>;
  save(doc: unknown): Promise<void>;
  clear(): Promise<void>;
  keepUnreadable(kept: unknown): Promise<void>;
  loadUnreadable(): Promise<unknown>;
}

export const idbPersistence: ProjectClient = {
  async load() {
    return (await openStudioDB()).get('projects', KEY);
  },
  async save(doc) {
    await (await openStudioDB()).put('projects', doc, KEY);
  },
  async keepUnreadable(kept) {
    const db = await openStudioDB();
    if (kept === undefined) await db.delete('projects', UNREADABLE_KEY);
    else await db.put('projects', kept, UNREADABLE_KEY);
  },
  async loadUnreadable() {
    return (await openStudioDB()).get('projects', UNREADABLE_KEY);
  },
  async clear() {
    const db = await openStudioDB();
    await db.delete('projects', KEY); // an unreadable record kept for download stays until dismissed
    await db.clear('tables');
    await db.clear('tableParts');
    await db.clear('lmCorpora');
    await db.clear('lmCheckpoints');
    await db.clear('trainCheckpoints');
    await db.clear('seq2seq');
    await db.clear('pretrained');
  },
};
