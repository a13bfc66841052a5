/**
 * A DataClient that runs the handler on the calling thread: for Node tests of the store and the
 * handler's event sequences. The app always uses the real worker (data-client.ts).
 */
import { createDataHandler, type TableStore } from './data-handler';
import type { DataClient } from './data-client';
import type { DataEvent, DataRequest } from './protocol';
import type { Table } from '../core/data/table';

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
