/** Main-thread facade over the language-model worker: jobs as promises, live events, pause/resume/stop. */
import type { Result } from '../core/util/result';
import type { BackendChoice, BackendInfo } from '../core/jobs';
import type { PretrainedExportFormat, StorageFault } from '../core/jobs/pretrained';
import { createJobBridge, type JobBridge } from './job-client';
import type { LmEvalPoint, LmEvent, LmRequest, LmResults } from './lm-protocol';

type Job<T extends LmRequest['type']> = Omit<Extract<LmRequest, { type: T }>, 'jobId' | 'type'>;

export interface LmTrainListeners {
  backend?(info: BackendInfo): void;
  steps?(points: [number, number][], tokensPerSec: number, lr: number): void;
  eval?(point: LmEvalPoint, sample: string): void;
  /** notStored: the checkpoint is kept in memory only (the browser's storage refused it). */
  checkpoint?(step: number, notStored?: StorageFault): void;
}

export interface LmTrainHandle {
  jobId: string;
  result: Promise<Result<LmResults['train']>>;
  pause(): void;
  resume(): void;
  stop(): void;
}

export interface LmGenerateHandle {
  result: Promise<Result<LmResults['generate']>>;
  stop(): void;
}

export type LmProgress = (label: string, done: number, total: number) => void;

export interface LmClient {
  prepare(job: Job<'prepare'>, onProgress?: LmProgress): Promise<Result<LmResults['prepare']>>;
  probe(job: Job<'probe'>, onProgress?: LmProgress): Promise<Result<LmResults['probe']>>;
  train(job: Job<'train'>, on: LmTrainListeners): LmTrainHandle;
  generate(job: Job<'generate'>, onText: (text: string) => void): LmGenerateHandle;
  exportZip(job: Job<'export'>): Promise<Result<LmResults['export']>>;
  importZip(job: Job<'import'>): Promise<Result<LmResults['import']>>;
  forget(keepRunIds: string[]): Promise<Result<null>>;
  /** Drops every stored corpus but `corpusId` (all when absent). */
  keepCorpus(corpusId: string | undefined): Promise<Result<null>>;
  inspect(job: Job<'inspect'>): Promise<Result<LmResults['inspect']>>;
  embeddings(job: Job<'lm-embeddings'>): Promise<Result<LmResults['lm-embeddings']>>;
  /** Pretrained models (worker/pretrained-jobs.ts). */
  pretrained: PretrainedClient;
  onCrash(listener: () => void): () => void;
  simulateCrash(): void;
}

export interface PretrainedClient {
  inspect(job: Job<'pretrained-inspect'>, onProgress?: LmProgress): Promise<Result<LmResults['pretrained-inspect']>>;
  load(): Promise<Result<LmResults['pretrained-load']>>;
  /** After a reload: the stored model and its fine-tune checkpoint back in the worker. */
  restore(backend: BackendChoice): Promise<Result<LmResults['pretrained-restore']>>;
  exportZip(format: PretrainedExportFormat): Promise<Result<LmResults['pretrained-export']>>;
  /** Fine-tunes the loaded model (worker/pretrained-finetune.ts): a train job's events and controls. */
  fineTune(job: Job<'pretrained-finetune'>, on: LmTrainListeners): { jobId: string; result: Promise<Result<LmResults['pretrained-finetune']>>; pause(): void; resume(): void; stop(): void };
  lookInside(text: string): Promise<Result<LmResults['pretrained-look-inside']>>;
  generate(job: Job<'pretrained-generate'>, onText: (text: string) => void): { result: Promise<Result<LmResults['pretrained-generate']>>; stop(): void };
}

/** The worker starts on the first job (it loads TensorFlow.js: no cost for pages that never open the LM view). */
export function createLmClient(makeWorker: () => Worker = defaultWorker): LmClient {
  let started: JobBridge<LmRequest, LmEvent> | undefined;
  const crashListeners = new Set<() => void>();
  const lazy = (): JobBridge<LmRequest, LmEvent> => {
    if (started) return started;
    // A worker whose GPU was lost (gpu-loss.ts's code; not imported: it would pull TensorFlow.js into
    // the page) cannot use it again: it is replaced at once.
    const b = createJobBridge<LmRequest, LmEvent>(makeWorker, { retireOn: (p) => p.code === 'gpu-lost' });
    b.onCrash(() => crashListeners.forEach((l) => l()));
    started = b;
    return b;
  };
  const bridge: Pick<JobBridge<LmRequest, LmEvent>, 'run' | 'post' | 'nextId' | 'crash'> = {
    run: (req, onEvent, transfer) => lazy().run(req, onEvent, transfer),
    post: (req) => lazy().post(req),
    nextId: (prefix) => lazy().nextId(prefix),
    crash: () => lazy().crash(),
  };
  const control = (target: string, action: 'pause' | 'resume' | 'stop') => bridge.post({ type: 'control', jobId: bridge.nextId('control'), target, action });
  const trainEvents = (on: LmTrainListeners) => (e: LmEvent) => {
    if (e.type === 'backend') on.backend?.(e.info);
    else if (e.type === 'steps') on.steps?.(e.points, e.tokensPerSec, e.lr);
    else if (e.type === 'eval') on.eval?.(e.point, e.sample);
    else if (e.type === 'checkpoint') on.checkpoint?.(e.step, e.notStored);
  };
  const progressOf = (onProgress?: LmProgress) => (e: LmEvent) => {
    if (e.type === 'progress') onProgress?.(e.label, e.done, e.total);
  };
  return {
    prepare: (job, onProgress) => bridge.run({ ...job, type: 'prepare', jobId: bridge.nextId('prepare') }, progressOf(onProgress)) as never,
    probe: (job, onProgress) => bridge.run({ ...job, type: 'probe', jobId: bridge.nextId('probe') }, progressOf(onProgress)) as never,
    train(job, on) {
      const jobId = bridge.nextId('lm-train');
      const result = bridge.run({ ...job, type: 'train', jobId }, trainEvents(on)) as LmTrainHandle['result'];
      return { jobId, result, pause: () => control(jobId, 'pause'), resume: () => control(jobId, 'resume'), stop: () => control(jobId, 'stop') };
    },
    generate(job, onText) {
      const jobId = bridge.nextId('generate');
      const result = bridge.run({ ...job, type: 'generate', jobId }, (e) => {
        if (e.type === 'token') onText(e.text);
      }) as LmGenerateHandle['result'];
      return { result, stop: () => control(jobId, 'stop') };
    },
    exportZip: (job) => bridge.run({ ...job, type: 'export', jobId: bridge.nextId('export') }) as never,
    importZip: (job) => bridge.run({ ...job, type: 'import', jobId: bridge.nextId('import') }) as never,
    inspect: (job) => bridge.run({ ...job, type: 'inspect', jobId: bridge.nextId('inspect') }) as never,
    embeddings: (job) => bridge.run({ ...job, type: 'lm-embeddings', jobId: bridge.nextId('lm-embeddings') }) as never,
    pretrained: {
      inspect: (job, onProgress) => bridge.run({ ...job, type: 'pretrained-inspect', jobId: bridge.nextId('pretrained-inspect') }, progressOf(onProgress)) as never,
      load: () => bridge.run({ type: 'pretrained-load', jobId: bridge.nextId('pretrained-load') }) as never,
      restore: (backend) => bridge.run({ type: 'pretrained-restore', jobId: bridge.nextId('pretrained-restore'), backend }) as never,
      exportZip: (format) => bridge.run({ type: 'pretrained-export', jobId: bridge.nextId('pretrained-export'), format }) as never,
      lookInside: (text) => bridge.run({ type: 'pretrained-look-inside', jobId: bridge.nextId('pretrained-look-inside'), text }) as never,
      fineTune(job, on) {
        const jobId = bridge.nextId('pretrained-finetune');
        const result = bridge.run({ ...job, type: 'pretrained-finetune', jobId }, trainEvents(on)) as never;
        return { jobId, result, pause: () => control(jobId, 'pause'), resume: () => control(jobId, 'resume'), stop: () => control(jobId, 'stop') };
      },
      generate(job, onText) {
        const jobId = bridge.nextId('pretrained-generate');
        const result = bridge.run({ ...job, type: 'pretrained-generate', jobId }, (e) => {
          if (e.type === 'token') onText(e.text);
        }) as never;
        return { result, stop: () => control(jobId, 'stop') };
      },
    },
    forget: (keepRunIds) => bridge.run({ type: 'forget', jobId: bridge.nextId('forget'), keepRunIds }) as never,
    keepCorpus: (corpusId) => bridge.run({ type: 'keep-corpus', jobId: bridge.nextId('keep-corpus'), ...(corpusId !== undefined ? { corpusId } : {}) }) as never,
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    simulateCrash: bridge.crash,
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./lm.worker.ts', import.meta.url), { type: 'module', name: 'lm' });
}
