/** Main-thread facade over the sequence-to-sequence worker: jobs as promises, live events, pause/resume/stop. */
import type { Result } from '../core/util/result';
import type { BackendInfo, S2sEvalPoint, S2sEvent, S2sRequest, S2sResults } from '../core/jobs';
import { createJobBridge, type JobBridge } from './job-client';

type Job<T extends S2sRequest['type']> = Omit<Extract<S2sRequest, { type: T }>, 'jobId' | 'type'>;
export type S2sProgress = (label: string, done: number, total: number) => void;
export type S2sStorageEvent = Extract<S2sEvent, { type: 'storage' }>;

export interface S2sTrainListeners {
  backend?(info: BackendInfo): void;
  steps?(points: [number, number][], tokensPerSec: number): void;
  eval?(point: S2sEvalPoint): void;
  checkpoint?(step: number): void;
  progress?: S2sProgress;
}

export interface S2sTrainHandle {
  jobId: string;
  result: Promise<Result<S2sResults['train']>>;
  pause(): void;
  resume(): void;
  stop(): void;
}

export interface S2sClient {
  load(job: Job<'load'>, onProgress?: S2sProgress): Promise<Result<S2sResults['load']>>;
  loadLines(job: Job<'load-lines'>): Promise<Result<S2sResults['load-lines']>>;
  train(job: Job<'train'>, on: S2sTrainListeners): S2sTrainHandle;
  generate(job: Job<'generate'>, onText: (text: string) => void): Promise<Result<S2sResults['generate']>>;
  exportBundle(job: Job<'export'>): Promise<Result<S2sResults['export']>>;
  importBundle(job: Job<'import'>): Promise<Result<S2sResults['import']>>;
  probe(job: Job<'probe'>, onProgress?: S2sProgress): Promise<Result<S2sResults['probe']>>;
  /** After a reload: the stored pairs, model and checkpoint back into the worker. */
  restore(job: Job<'restore'>): Promise<Result<S2sResults['restore']>>;
  /** Every job's storage writes (worker/seq2seq-storage.ts), failed or not; returns an unsubscribe. */
  onStorage(listener: (e: S2sStorageEvent) => void): () => void;
}

/** The worker starts on the first job (it loads TensorFlow.js only then). */
export function createS2sClient(makeWorker: () => Worker = defaultWorker): S2sClient {
  let started: JobBridge<S2sRequest, S2sEvent> | undefined;
  // A worker whose GPU was lost (gpu-loss.ts's code; not imported: it would pull TensorFlow.js into
  // the page) cannot use it again: it is replaced at once.
  const bridged = (): JobBridge<S2sRequest, S2sEvent> => (started ??= createJobBridge<S2sRequest, S2sEvent>(makeWorker, { retireOn: (p) => p.code === 'gpu-lost' }));
  const storageListeners = new Set<(e: S2sStorageEvent) => void>();
  // Storage events can come from any job: they go to the storage listeners, the rest to the job's own.
  const wrapped = {
    run: (req: S2sRequest, onEvent?: (e: S2sEvent) => void) =>
      bridged().run(req, (e) => {
        if (e.type === 'storage') for (const l of storageListeners) l(e);
        else onEvent?.(e);
      }),
    post: (req: S2sRequest) => bridged().post(req),
    nextId: (prefix: string) => bridged().nextId(prefix),
  };
  const bridge = () => wrapped;
  const id = (p: string) => bridge().nextId(p);
  const control = (target: string, action: 'pause' | 'resume' | 'stop') => bridge().post({ type: 'control', jobId: id('control'), target, action });
  const progressOf = (on?: S2sProgress) => (e: S2sEvent) => {
    if (e.type === 'progress') on?.(e.label, e.done, e.total);
  };
  return {
    load: (job, onProgress) => bridge().run({ ...job, type: 'load', jobId: id('load') }, progressOf(onProgress)) as never,
    loadLines: (job) => bridge().run({ ...job, type: 'load-lines', jobId: id('load-lines') }) as never,
    train(job, on) {
      const jobId = id('s2s-train');
      const result = bridge().run({ ...job, type: 'train', jobId }, (e) => {
        if (e.type === 'backend') on.backend?.(e.info);
        else if (e.type === 'steps') on.steps?.(e.points, e.tokensPerSec);
        else if (e.type === 'eval') on.eval?.(e.point);
        else if (e.type === 'checkpoint') on.checkpoint?.(e.step);
        else if (e.type === 'progress') on.progress?.(e.label, e.done, e.total);
      }) as S2sTrainHandle['result'];
      return { jobId, result, pause: () => control(jobId, 'pause'), resume: () => control(jobId, 'resume'), stop: () => control(jobId, 'stop') };
    },
    generate: (job, onText) =>
      bridge().run({ ...job, type: 'generate', jobId: id('generate') }, (e) => {
        if (e.type === 'token') onText(e.text);
      }) as never,
    exportBundle: (job) => bridge().run({ ...job, type: 'export', jobId: id('export') }) as never,
    importBundle: (job) => bridge().run({ ...job, type: 'import', jobId: id('import') }) as never,
    restore: (job) => bridge().run({ ...job, type: 'restore', jobId: id('restore') }) as never,
    probe: (job, onProgress) =>
      bridge().run({ ...job, type: 'probe', jobId: id('probe') }, (e) => {
        if (e.type === 'progress') onProgress?.(e.label, e.done, e.total);
      }) as never,
    onStorage(listener) {
      storageListeners.add(listener);
      return () => void storageListeners.delete(listener);
    },
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./seq2seq.worker.ts', import.meta.url), { type: 'module', name: 'seq2seq' });
}
