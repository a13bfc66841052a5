/**
 * For the LM worker's tests: the handler on the cpu backend in process, and a job runner that
 * returns a job's events and result (or throws its problem), like the page's client does.
 */
import * as tf from '@tensorflow/tfjs';
import { createLmHandler } from './lm-handler';
import type { LmStorage } from './lm-ports';
import type { LmEvent, LmRequest } from './lm-protocol';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };
export const cpuBackends = {
  start: async () => {
    await tf.setBackend('cpu');
    return { name: 'cpu' as const, reason: 'test', device };
  },
};

type NoId<R> = R extends LmRequest ? Omit<R, 'jobId'> : never;
export type LmJobs = <T>(req: NoId<LmRequest>) => Promise<{ events: LmEvent[]; result: T }>;

/** The handler in process with its events, and the job runner over it. */
export function lmHarness(storage: LmStorage) {
  const events: LmEvent[] = [];
  const handle = createLmHandler(cpuBackends, storage, (e) => events.push(e));
  let n = 0;
  const job: LmJobs = async <T,>(req: NoId<LmRequest>): Promise<{ events: LmEvent[]; result: T }> => {
    const jobId = `j${n++}`;
    await handle({ ...req, jobId } as LmRequest);
    const mine = events.filter((e) => e.jobId === jobId);
    const end = mine.at(-1)!;
    if (end.type === 'failed') throw new Error(end.problem.message);
    if (end.type !== 'done') throw new Error(`no terminal event for ${jobId}`);
    return { events: mine, result: end.result as T };
  };
  return { job, handle, events, storage };
}

export function lmJobs(storage: LmStorage): LmJobs {
  return lmHarness(storage).job;
}

/** Dropped files as the page sends them. */
export const asFiles = (files: Map<string, Uint8Array>) => [...files].map(([name, b]) => ({ name, blob: new Blob([b as Uint8Array<ArrayBuffer>]) }));

/** A corpus the tiny test models learn in a few steps. */
export const HELLO_TEXT = Array.from({ length: 300 }, (_, i) => `hello world ${i % 5 === 0 ? 'hello' : 'world'} `).join('');
