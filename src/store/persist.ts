/** Autosave: the project document goes to IndexedDB (worker/project-client) shortly after every change. */
import { isQuotaExceeded } from '../core/util/storage-error';
import type { ProjectPersistence, StudioStore } from './store';

/** What the user is told when a save fails; storage full is the case they can act on. */
export function saveFailureMessage(e: unknown): string {
  return storageFailureMessage('Your project', e);
}

/**
 * The same words for anything else kept in this browser (`what`: "The pretrained model", …).
 * `e` may be a DOMException, or a worker's { name, message } (DOMExceptions do not cross as such).
 */
export function storageFailureMessage(what: string, e: unknown): string {
  if (isQuotaExceeded(e)) return `${what} could not be saved on this device: storage is full.`;
  const message = e !== null && typeof e === 'object' && 'message' in e && typeof e.message === 'string' ? e.message : '';
  return `${what} could not be saved on this device${message ? ` (${message})` : ''}.`;
}

/** The hint beside a storage failure of something that stays in this tab until it is closed. */
export const STORAGE_FULL_HINT = 'It works in this tab until you reload or close it. Free space (delete other sites’ data or old projects in the browser’s settings), then do it again to keep it.';

/**
 * Saves `doc` after changes settle (debounced); returns a function that flushes a pending save.
 * A steady stream of changes (clicks through the steps) still saves within `maxWaitMs` of the
 * first unsaved one: a reload during it must not find no project at all.
 * A failed save sets `saveFailure` (the shell offers a download); the next change tries again,
 * and the first save that works clears it.
 */
export function autosave(store: StudioStore, persistence: ProjectPersistence, delayMs = 250, maxWaitMs = 1000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet saved was made (its timer is pending). */
  let firstUnsaved = 0;
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
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else firstUnsaved = now;
    timer = setTimeout(save, Math.max(0, Math.min(delayMs, firstUnsaved + maxWaitMs - now)));
  });
  return async () => {
    if (timer) {
      clearTimeout(timer);
      save();
    }
    await pending;
  };
}
