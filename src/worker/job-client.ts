/**
 * The main-thread side of a worker: one promise per job, per-job event callbacks, abort, and
 * crash recovery (every pending job fails with a readable message, a fresh worker starts, crash
 * listeners can restore state). Components and the store never see the Worker itself.
 */
import type { Problem, Result } from '../core/util/result';
import { isLifeMessage, watchLife } from './life-lock';

interface JobEvent {
  type: string;
  jobId: string;
}
type Terminal<E> = Extract<E, { type: 'done' } | { type: 'failed' }>;

interface Pending<E> {
  resolve: (r: Result<unknown>) => void;
  onEvent: ((e: E) => void) | undefined;
}

export const WORKER_CRASHED: Problem = {
  message: 'The background worker stopped unexpectedly.',
  hint: 'Your project is safe; the studio restarted the worker. Try the last action again.',
  code: 'worker-crashed',
};

export interface JobBridge<Req extends { jobId: string }, E extends JobEvent> {
  /** Sends a job; `onEvent` sees its non-terminal events; `transfer` lists buffers to move, not copy. */
  run(req: Req, onEvent?: (e: E) => void, transfer?: Transferable[]): Promise<Result<unknown>>;
  post(req: Req): void;
  nextId(prefix: string): string;
  onCrash(listener: () => void): () => void;
  crash(): void;
}

/**
 * `retireOn`: a job failing with such a problem leaves its worker unusable (a lost GPU): the
 * worker is ended before the failure is delivered, so whatever the caller sends next (a run going on
 * on WebAssembly) reaches a fresh one.
 */
export function createJobBridge<Req extends { jobId: string }, E extends JobEvent>(makeWorker: () => Worker, options: { retireOn?: (p: Problem) => boolean } = {}): JobBridge<Req, E> {
  const pending = new Map<string, Pending<E>>();
  const crashListeners = new Set<() => void>();
  let counter = 1;
  // Started by the first job, not on creation: the store makes its clients before the first paint,
  // and a worker's script (megabytes with TensorFlow.js) must not compete with the page's own.
  let worker: Worker | undefined;
  let unwatch = () => {};
  const live = (): Worker => (worker ??= start());

  function start(): Worker {
    const w = makeWorker();
    w.onmessage = (e: MessageEvent<E>) => {
      // A worker ended by the browser (out of memory, terminated) says nothing: its lock tells (life-lock.ts).
      if (isLifeMessage(e.data)) unwatch = watchLife(e.data.lock, () => w === worker && crash());
      else receive(e.data);
    };
    w.onerror = (e) => {
      e.preventDefault();
      crash();
    };
    w.onmessageerror = () => crash();
    return w;
  }

  function crash() {
    unwatch(); // this worker's end is known: its lock must not report it again
    unwatch = () => {};
    worker?.terminate();
    for (const job of pending.values()) job.resolve({ ok: false, error: WORKER_CRASHED });
    pending.clear();
    worker = start();
    for (const l of crashListeners) l();
  }

  /** Ends the current worker; the next job starts a fresh one. Other jobs it had fail as a crash. */
  function retire() {
    unwatch();
    unwatch = () => {};
    const w = worker;
    worker = undefined;
    w?.terminate();
    if (pending.size === 0) return;
    for (const job of pending.values()) job.resolve({ ok: false, error: WORKER_CRASHED });
    pending.clear();
    for (const l of crashListeners) l();
  }

  function receive(event: E) {
    const job = pending.get(event.jobId);
    if (!job) return;
    if (event.type !== 'done' && event.type !== 'failed') {
      job.onEvent?.(event);
      return;
    }
    pending.delete(event.jobId);
    const t = event as unknown as Terminal<{ type: 'done'; result: unknown } | { type: 'failed'; problem: Problem }>;
    if (t.type === 'failed' && options.retireOn?.(t.problem)) retire();
    job.resolve(t.type === 'done' ? { ok: true, value: t.result } : { ok: false, error: t.problem });
  }

  return {
    run(req, onEvent, transfer = []) {
      return new Promise((resolve) => {
        pending.set(req.jobId, { resolve, onEvent });
        live().postMessage(req, transfer);
      });
    },
    post: (req) => live().postMessage(req),
    nextId: (prefix) => `${prefix}-${counter++}`,
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    crash,
  };
}
