/** Main-thread facade over the data worker (see job-client.ts for the job mechanics). */
import type { DataEvent, DataRequest, DataResults } from './protocol';
import type { Result } from '../core/util/result';
import { createJobBridge } from './job-client';

/** A request as callers write it: the client assigns the jobId. Distributes over the union. */
type NewRequest = DataRequest extends infer R ? (R extends DataRequest ? Omit<R, 'jobId'> : never) : never;
/** `unit: 'bytes'`: done and total count bytes; otherwise steps. */
export interface Progress { done: number; total: number; label: string; unit?: 'bytes' }
export interface JobOptions { onProgress?: (p: Progress) => void; signal?: AbortSignal }

export interface DataClient {
  run<R extends NewRequest>(req: R, options?: JobOptions): Promise<Result<DataResults[R['type']]>>;
  onCrash(listener: () => void): () => void;
  /** For tests of crash recovery: terminates the worker as a crash would. */
  simulateCrash(): void;
}

export function createDataClient(makeWorker: () => Worker = defaultWorker): DataClient {
  const bridge = createJobBridge<DataRequest, DataEvent>(makeWorker);
  return {
    run(req, options = {}) {
      const jobId = bridge.nextId('job');
      options.signal?.addEventListener('abort', () => bridge.post({ type: 'cancel', jobId: bridge.nextId('cancel'), target: jobId }), { once: true });
      const onEvent = (e: DataEvent) => {
        if (e.type === 'progress') options.onProgress?.({ done: e.done, total: e.total, label: e.label, ...(e.unit ? { unit: e.unit } : {}) });
      };
      // A training-data or fold-data job's port moves to the worker (the matrices leave on it, worker to worker).
      const transfer = 'port' in req ? [req.port] : [];
      return bridge.run({ ...req, jobId } as DataRequest, onEvent, transfer) as never;
    },
    onCrash: bridge.onCrash,
    simulateCrash: bridge.crash,
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
}
