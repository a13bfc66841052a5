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
 * While a run trains, its record changes every few hundred milliseconds (curves, checkpoint
 * epoch): it is saved at most this often instead of after each change, so a run cut off by a
 * reload is in the run history afterwards (interrupted, with Resume when it has a checkpoint).
 */
export const LIVE_SAVE_MS = 3000;

/**
 * Saves `doc` after changes settle (debounced; while a run trains, at most every LIVE_SAVE_MS);
 * returns a function that flushes a pending save. A steady stream of changes (clicks through the
 * steps) still saves within `maxWaitMs` of the first unsaved one: a reload during it must not find
 * no project at all; the end of an upload is saved at once. Saves are written in order. A failed save sets `saveFailure` (the shell
 * offers a download); the next change tries again, and the first save that works clears it.
 */
export function autosave(store: StudioStore, persistence: ProjectPersistence, delayMs = 250, liveMs = LIVE_SAVE_MS, maxWaitMs = 1000) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet saved was made (its timer is pending). */
  let firstUnsaved = 0;
  let pending: Promise<void> = Promise.resolve();
  let lastSave = -Infinity;
  /** The pending timer saves on the next tick (an upload ended). */
  let urgent = false;
  /** Writes the newest doc (read when the write starts, so a write that starts late is never older than one before it). */
  const write = () =>
    persistence.save(store.getState().doc).then(
      () => {
        if (store.getState().saveFailure) store.setState({ saveFailure: undefined });
      },
      (e: unknown) => {
        console.warn('Autosave failed', e);
        store.setState({ saveFailure: { message: saveFailureMessage(e) } });
      },
    );
  /** `now`: the page is going away (the flush): write at once, not after the save still writing. */
  const save = (now = false) => {
    timer = undefined;
    urgent = false;
    if (store.getState().restoring) return;
    lastSave = Date.now();
    // Chained: a save made while the previous one is still writing starts after it. A flush does
    // not wait: chained behind a write still in IndexedDB it would start once the page is gone (a
    // target chosen just before a reload was lost). IndexedDB runs write transactions on one store
    // in the order they are made, and each write takes the newest doc, so the last one made wins.
    pending = now ? Promise.all([pending, write()]).then(() => {}) : pending.then(write);
  };
  store.subscribe((s, prev) => {
    if (s.doc === prev.doc || s.restoring) return;
    if (s.live) {
      // A training run's growing log: one save per LIVE_SAVE_MS at most, not one per update (a
      // timer already set is kept, or a steady stream of updates would put the save off forever).
      if (!timer) {
        firstUnsaved = Date.now();
        timer = setTimeout(save, Math.max(delayMs, lastSave + liveMs - firstUnsaved));
      }
      return;
    }
    // An upload that just ended is written on the next tick (the dataset is patched in the same
    // tick as the marker goes): the saved marker alone would make a reload drop the stored table.
    if (prev.doc.upload !== undefined && s.doc.upload === undefined) urgent = true;
    if (urgent && timer) return; // the next-tick save takes this change too
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else firstUnsaved = now;
    timer = setTimeout(save, urgent ? 0 : Math.max(0, Math.min(delayMs, firstUnsaved + maxWaitMs - now)));
  });
  return async () => {
    if (timer) {
      clearTimeout(timer);
      save(true);
    }
    await pending;
  };
}
