/** Autosave: the project document goes to IndexedDB (worker/project-client) shortly after every change. */
import { isQuotaExceeded } from '../core/util/storage-error';
import type { ProjectPersistence, StudioStore } from './store';

/** What the user is told when a save fails; storage full is the case they can act on. */
export function saveFailureMessage(e: unknown): string {
  if (isQuotaExceeded(e)) return 'Your project could not be saved on this device: storage is full.';
  return `Your project could not be saved on this device${e instanceof Error && e.message ? ` (${e.message})` : ''}.`;
}

/**
 * Saves `doc` after changes settle (debounced); returns a function that flushes a pending save.
 * A failed save sets `saveFailure` (the shell offers a download); the next change tries again,
 * and the first save that works clears it.
 */
export function autosave(store: StudioStore, persistence: ProjectPersistence, delayMs = 250) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: Promise<void> = Promise.resolve();
  const save = () => {
    timer = undefined;
    const { doc, restoring, live } = store.getState();
    if (restoring || live) return;
    pending = persistence.save(doc).then(
      () => {
        if (store.getState().saveFailure) store.setState({ saveFailure: undefined });
      },
      (e: unknown) => {
        console.warn('Autosave failed', e);
        store.setState({ saveFailure: { message: saveFailureMessage(e) } });
      },
    );
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
