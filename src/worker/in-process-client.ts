/**
 * A DataClient that runs the handler on the calling thread: for Node tests of the store and the
 * handler's event sequences. The app always uses the real worker (data-client.ts).
 */
import { createDataHandler, type TableStore } from './data-handler';
import type { DataClient } from './data-client';
import type { DataEvent, DataRequest } from './protocol';
import type { Table } from '../core/data/table';
import * as tf from '@tensorflow/tfjs';
import { createTrainHandler } from './train-handler';
import type { TrainClient } from './train-client';
import type { TrainEvent, TrainRequest } from './train-protocol';

export function memoryTableStore(): TableStore & { tables: Map<string, Table> } {
  const tables = new Map<string, Table>();
  return {
    tables,
    get: async (id) => tables.get(id),
    put: async (id, t) => void tables.set(id, t),
    delete: async (id) => void tables.delete(id),
  };
}

export function createInProcessClient(store: TableStore = memoryTableStore()): DataClient & { events: DataEvent[] } {
  const events: DataEvent[] = [];
  const listeners = new Map<string, (e: DataEvent) => void>();
  const handle = createDataHandler(store, (e) => {
    events.push(e);
    listeners.get(e.jobId)?.(e);
  });
  const crash = new Set<() => void>();
  let next = 1;
  return {
    events,
    run(req, options = {}) {
      const jobId = `t${next++}`;
      return new Promise((resolve) => {
        listeners.set(jobId, (e) => {
          if (e.type === 'progress') return options.onProgress?.(e);
          listeners.delete(jobId);
          resolve((e.type === 'done' ? { ok: true, value: e.result } : { ok: false, error: e.problem }) as never);
        });
        void handle({ ...req, jobId } as DataRequest);
      });
    },
    onCrash(l) {
      crash.add(l);
      return () => crash.delete(l);
    },
    simulateCrash() {
      for (const l of crash) l();
    },
  };
}

/** A TrainClient running the training handler on this thread (tfjs cpu backend), for Node tests. */
export function createInProcessTrainClient(): TrainClient {
  const listeners = new Map<string, (e: TrainEvent) => void>();
  const handle = createTrainHandler(
    {
      probe: async () => ({ device: NO_GPU, auto: { name: 'cpu', reason: 'tests run on the cpu backend' } }),
      start: async () => {
        await tf.setBackend('cpu');
        return { name: 'cpu', reason: 'tests run on the cpu backend', device: NO_GPU };
      },
      candidates: () => ['cpu'], // nothing to time: automatic runs start at once
    },
    (e) => listeners.get(e.jobId)?.(e),
    { checkpointEveryMs: 0 }, // a checkpoint after every epoch: store tests cut runs off after a few fast ones
  );
  let next = 1;
  const run = (req: TrainRequest, on?: (e: TrainEvent) => void) =>
    new Promise<never>((resolve) => {
      listeners.set(req.jobId, (e) => {
        if (e.type !== 'done' && e.type !== 'failed') return on?.(e);
        listeners.delete(req.jobId);
        resolve((e.type === 'done' ? { ok: true, value: e.result } : { ok: false, error: e.problem }) as never);
      });
      void handle(req);
    });
  const control = (target: string, action: 'pause' | 'resume' | 'stop') => void handle({ type: 'control', jobId: `c${next++}`, target, action });
  return {
    probe: () => run({ type: 'probe', jobId: `p${next++}` }),
    train(job, on) {
      const jobId = `t${next++}`;
      const result = run({ ...job, jobId } as TrainRequest, (e) => {
        if (e.type === 'backend') on.backend?.(e.info);
        else if (e.type === 'epoch') on.epoch?.(e.log);
        else if (e.type === 'batch') on.batch?.(e.log);
        else if (e.type === 'checkpoint') on.checkpoint?.(e.checkpoint);
      });
      return { jobId, result, pause: () => control(jobId, 'pause'), resume: () => control(jobId, 'resume'), stop: () => control(jobId, 'stop') };
    },
    predict: (job) => run({ ...job, jobId: `q${next++}` } as TrainRequest),
    batchPredict: (job) => run({ ...job, jobId: `b${next++}` } as TrainRequest),
    inside: (job, progress) => run({ ...job, jobId: `i${next++}` } as TrainRequest, (e) => e.type === 'progress' && progress(e.done, e.total)),
    textInspect: (job) => run({ ...job, jobId: `i${next++}` } as TrainRequest),
    textEmbeddings: (job) => run({ ...job, jobId: `i${next++}` } as TrainRequest),
    onCrash: () => () => undefined,
    simulateCrash: () => undefined,
  };
}

const NO_GPU = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: 'none' }, webgl: { available: false, software: false, description: 'none' } };
