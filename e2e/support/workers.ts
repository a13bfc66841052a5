import type { Page } from '@playwright/test';
import { expect } from './studio';

/**
 * Fault injection: a worker ended mid-run the way the browser ends one (out of memory, a crashed
 * GPU process) — `terminate()`, no error event, no message. The journey records the page's workers
 * (a wrapped `Worker` constructor, installed by the test only) and terminates the one named.
 */
declare global {
  interface Window {
    __workers?: { name: string; worker: Worker; dead?: boolean }[];
  }
}

export async function recordWorkers(page: Page) {
  await page.addInitScript(() => {
    const Native = window.Worker;
    const seen: NonNullable<Window['__workers']> = (window.__workers = []);
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        seen.push({ name: options?.name ?? '', worker: this });
      }
    };
  });
}

/** Waits until every live recorded worker has started (holds its life lock): one ended before its script runs cannot be told from a slow one. */
export async function allWorkersStarted(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const held = (await navigator.locks.query()).held ?? [];
        return held.filter((l) => l.name?.startsWith('ml-studio-worker-')).length - window.__workers!.filter((w) => !w.dead).length;
      }),
    )
    .toBe(0);
}

/** Terminates the newest live worker called `name`; returns how many such workers had been made. */
export const killWorker = (page: Page, name: string) =>
  page.evaluate((n) => {
    const all = window.__workers!.filter((w) => w.name === n);
    const w = all.filter((x) => !x.dead).at(-1);
    if (!w) throw new Error(`no live worker named ${n}`);
    w.dead = true;
    w.worker.terminate();
    return all.length;
  }, name);

export interface SavedRun {
  number: number;
  status: string;
  checkpoint?: { epoch: number };
  epochs: { epoch: number; trainLoss: number }[];
}

/** The runs of the autosaved project (IndexedDB `ml-studio` → `projects` → `current`); autosave writes it every few seconds while a run trains and once it has ended. */
export const savedRuns = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const q = indexedDB.open('ml-studio');
      q.onsuccess = () => ok(q.result);
      q.onerror = () => fail(q.error);
    });
    const doc = await new Promise<{ runs?: SavedRun[] } | undefined>((ok, fail) => {
      const q = db.transaction('projects').objectStore('projects').get('current');
      q.onsuccess = () => ok(q.result as { runs?: SavedRun[] } | undefined);
      q.onerror = () => fail(q.error);
    });
    db.close();
    return doc?.runs ?? [];
  });

