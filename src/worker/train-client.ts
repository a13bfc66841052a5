/** Main-thread facade over the training worker: train with live logs, pause/resume/stop, predict. */
import type { Result } from '../core/util/result';
import type { BackendInfo, BatchLog, EpochLog } from '../core/jobs';
import { createJobBridge } from './job-client';
import type { TrainCheckpoint } from '../core/train/checkpoint';
import type { TrainEvent, TrainRequest, TrainResults } from './train-protocol';

type Omit2<R> = R extends TrainRequest ? Omit<R, 'jobId'> : never;
type TrainJob = Omit2<Extract<TrainRequest, { type: 'train' }>>;
type PredictJob = Omit2<Extract<TrainRequest, { type: 'predict' }>>;
type BatchPredictJob = Omit2<Extract<TrainRequest, { type: 'batch-predict' }>>;
type InsideJob = Omit2<Extract<TrainRequest, { type: 'inside' }>>;

export interface TrainListeners {
  backend?(info: BackendInfo): void;
  epoch?(log: EpochLog): void;
  batch?(log: BatchLog): void;
  /** A neural run's state after an epoch (about once a second), to resume from if the run is cut off. */
  checkpoint?(cp: TrainCheckpoint): void;
}

export interface TrainHandle {
  jobId: string;
  result: Promise<Result<TrainResults['train']>>;
  pause(): void;
  resume(): void;
  stop(): void;
}

export interface TrainClient {
  probe(): Promise<Result<TrainResults['probe']>>;
  train(job: TrainJob, on: TrainListeners): TrainHandle;
  predict(job: PredictJob): Promise<Result<Float32Array>>;
  /** Serves batch chunks on `job.port` (moved to the worker) until the data worker ends them. */
  batchPredict(job: BatchPredictJob): Promise<Result<TrainResults['batch-predict']>>;
  /** A decision view's job (data on `job.data.port`, moved to the worker), with its progress. */
  inside(job: InsideJob, progress: (done: number, total: number) => void): Promise<Result<TrainResults['inside']>>;
  /** Inside a text classifier (text-inspect-jobs.ts). */
  textInspect(job: Omit2<Extract<TrainRequest, { type: 'text-inspect' }>>): Promise<Result<TrainResults['text-inspect']>>;
  textEmbeddings(job: Omit2<Extract<TrainRequest, { type: 'text-embeddings' }>>): Promise<Result<TrainResults['text-embeddings']>>;
  onCrash(listener: () => void): () => void;
  simulateCrash(): void;
}

export function createTrainClient(makeWorker: () => Worker = defaultWorker): TrainClient {
  // A worker whose GPU was lost (gpu-loss.ts's code) cannot use it again: it is replaced at once.
  const bridge = createJobBridge<TrainRequest, TrainEvent>(makeWorker, { retireOn: (p) => p.code === 'gpu-lost' });
  const control = (target: string, action: 'pause' | 'resume' | 'stop') => bridge.post({ type: 'control', jobId: bridge.nextId('control'), target, action });
  return {
    probe: () => bridge.run({ type: 'probe', jobId: bridge.nextId('probe') }) as never,
    train(job, on) {
      const jobId = bridge.nextId('train');
      const onEvent = (e: TrainEvent) => {
        if (e.type === 'backend') on.backend?.(e.info);
        else if (e.type === 'epoch') on.epoch?.(e.log);
        else if (e.type === 'batch') on.batch?.(e.log);
        else if (e.type === 'checkpoint') on.checkpoint?.(e.checkpoint);
      };
      // The matrices (or the port they will come on) are moved to the worker, not copied: callers must not reuse them.
      const { data } = job;
      const transfer = 'port' in data ? [data.port] : ([data.train, data.validation, data.test].flatMap((p) => [p.x.buffer, p.y.buffer]) as Transferable[]);
      const result = bridge.run({ ...job, jobId } as TrainRequest, onEvent, transfer) as TrainHandle['result'];
      return { jobId, result, pause: () => control(jobId, 'pause'), resume: () => control(jobId, 'resume'), stop: () => control(jobId, 'stop') };
    },
    predict: (job) => bridge.run({ ...job, jobId: bridge.nextId('predict') } as TrainRequest) as never,
    batchPredict: (job) => bridge.run({ ...job, jobId: bridge.nextId('batch') } as TrainRequest, () => {}, [job.port]) as never,
    inside: (job, progress) => bridge.run({ ...job, jobId: bridge.nextId('inside') } as TrainRequest, (e) => e.type === 'progress' && progress(e.done, e.total), 'port' in job.data ? [job.data.port] : []) as never,
    textInspect: (job) => bridge.run({ ...job, jobId: bridge.nextId('inside') } as TrainRequest) as never,
    textEmbeddings: (job) => bridge.run({ ...job, jobId: bridge.nextId('inside') } as TrainRequest) as never,
    onCrash: bridge.onCrash,
    simulateCrash: bridge.crash,
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
}
