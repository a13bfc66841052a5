/** Autosave: the project document goes to IndexedDB shortly after every change. */
import { openStudioDB } from '../worker/db';
import type { ProjectPersistence, StudioStore } from './store';

const KEY = 'current';

export const idbPersistence: ProjectPersistence = {
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

/** Saves `doc` after changes settle (debounced); returns a function that flushes a pending save. */
export function autosave(store: StudioStore, persistence: ProjectPersistence, delayMs = 250) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: Promise<void> = Promise.resolve();
  const save = () => {
    timer = undefined;
    const { doc, restoring, live } = store.getState();
    if (restoring || live) return;
    pending = persistence.save(doc).catch((e: unknown) => console.warn('Autosave failed', e));
  };
  store.subscribe((s, prev) => {
    // While a run trains, its growing log is not worth a save per update: the project is saved
    // when the run ends (live becomes undefined, which also changes doc).
    if (s.doc === prev.doc || s.restoring || s.live) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  });
  return async () => {
    if (timer) {
      clearTimeout(timer);
      save();
    }
    await pending;
  };
}
