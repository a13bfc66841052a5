/**
 * The main thread's client of the saved project: the document in IndexedDB's `projects` store,
 * and "New project" clearing every store (tables and LM data too, which the workers write).
 * A client like data-client or lm-client: the store reaches IndexedDB only through it.
 */
import { openStudioDB } from './db';

const KEY = 'current';

export interface ProjectClient {
  load(): Promise<unknown>;
  save(doc: unknown): Promise<void>;
  clear(): Promise<void>;
}

export const idbPersistence: ProjectClient = {
  async load() {
    return (await openStudioDB()).get('projects', KEY);
  },
  async save(doc) {
    await (await openStudioDB()).put('projects', doc, KEY);
  },
  async clear() {
    const db = await openStudioDB();
    await db.clear('projects');
    await db.clear('tables');
    await db.clear('lmCorpora');
    await db.clear('lmCheckpoints');
  },
};
