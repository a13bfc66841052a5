/**
 * Main-thread facade over the data worker: a promise per job, progress callbacks, AbortSignal.
 * Components and the store never see the Worker. If the worker crashes, every pending job fails
 * with a readable message, a fresh worker is started, and crash listeners can restore state.
 */
import type { DataEvent, DataRequest, DataResults } from './protocol';
import type { Result, Problem } from '../core/util/result';

/** A request as callers write it: the client assigns the jobId. Distributes over the union. */
type NewRequest = DataRequest extends infer R ? (R extends DataRequest ? Omit<R, 'jobId'> : never) : never;
export interface Progress { done: number; total: number; label: string }
export interface JobOptions { onProgress?: (p: Progress) => void; signal?: AbortSignal }

interface Pending {
  resolve: (r: Result<unknown>) => void;
  onProgress: ((p: Progress) => void) | undefined;
}

export interface DataClient {
  run<R extends NewRequest>(req: R, options?: JobOptions): Promise<Result<DataResults[R['type']]>>;
  onCrash(listener: () => void): () => void;
  /** For tests of crash recovery: terminates the worker as a crash would. */
  simulateCrash(): void;
}

const CRASH: Problem = {
  message: 'The background worker stopped unexpectedly.',
  hint: 'Your project is safe; the studio restarted the worker. Try the last action again.',
  code: 'worker-crashed',
};

export function createDataClient(makeWorker: () => Worker = defaultWorker): DataClient {
  const pending = new Map<string, Pending>();
  const crashListeners = new Set<() => void>();
  let nextId = 1;
  let worker = start();

  function start(): Worker {
    const w = makeWorker();
    w.onmessage = (e: MessageEvent<DataEvent>) => receive(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      crash();
    };
    w.onmessageerror = () => crash();
    return w;
  }

  function crash() {
    worker.terminate();
    for (const job of pending.values()) job.resolve({ ok: false, error: CRASH });
    pending.clear();
    worker = start();
    for (const l of crashListeners) l();
  }

  function receive(event: DataEvent) {
    const job = pending.get(event.jobId);
    if (!job) return;
    if (event.type === 'progress') {
      job.onProgress?.({ done: event.done, total: event.total, label: event.label });
      return;
    }
    pending.delete(event.jobId);
    job.resolve(event.type === 'done' ? { ok: true, value: event.result } : { ok: false, error: event.problem });
  }

  return {
    run(req, options = {}) {
      const jobId = `job-${nextId++}`;
      return new Promise((resolve) => {
        pending.set(jobId, { resolve: resolve as Pending['resolve'], onProgress: options.onProgress });
        options.signal?.addEventListener('abort', () => worker.postMessage({ type: 'cancel', jobId: `cancel-${jobId}`, target: jobId }), { once: true });
        worker.postMessage({ ...req, jobId } as DataRequest);
      });
    },
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    simulateCrash: crash,
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
}
