/** Autosave: the project document goes to IndexedDB (worker/project-client) shortly after every change. */
import type { ProjectPersistence, StudioStore } from './store';

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
