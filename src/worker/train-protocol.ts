/**
 * The training worker's protocol. A `train` job streams epoch and batch logs and ends in one
 * `done` (with the trained model's artifacts and its test-split predictions) or `failed`.
 * Encoded matrices arrive as transferred typed arrays (row-major n × features): in the request
 * itself (small jobs: the speed test, benches), or on a MessagePort the data worker posts them on,
 * so a training set goes from worker to worker and never through the main thread.
 */
import type { TaskKind } from '../core/data/schema';
import type { Problem } from '../core/util/result';
import type { BackendChoice, BackendInfo, BatchLog, BatchModel, DeviceReport, EpochLog, Hyperparams, InitialWeights, InsideRequest, InsideResult, ModelArtifact, TrainInput, TrainOutcome } from '../core/jobs';
import type { TrainCheckpoint } from '../core/train/checkpoint';
import type { ProjectedRows, TextInternalsResult } from '../core/jobs/inspect';
import type { PretrainedEncoder } from '../core/models/types';

export type { EncodedSplit, InitialWeights, ModelArtifact, PortedData, TrainData, TrainInput, TrainOutcome } from '../core/jobs';

export type TrainRequest =
  | { type: 'probe'; jobId: string }
  // `init`: a neural run's trained weights to start from ("continue training"), instead of a fresh initialisation.
  // `resume`: an interrupted neural run's last checkpoint (core/train/checkpoint.ts): training goes on after its epoch.
  // `pretrained`: the BERT checkpoint the "Pretrained encoder (BERT)" family starts from (worker/pretrained-context.ts).
  | { type: 'train'; jobId: string; backend: BackendChoice; family: string; params: unknown; hp: Hyperparams; data: TrainInput; init?: InitialWeights; resume?: TrainCheckpoint; pretrained?: PretrainedEncoder }
  | { type: 'predict'; jobId: string; family: string; model: ModelArtifact; task: TaskKind; x: Float32Array; n: number; features: number }
  // Batch prediction: chunks of encoded rows arrive on `port` from the data worker (worker/batch-predict.ts).
  | ({ type: 'batch-predict'; jobId: string; port: MessagePort } & BatchModel)
  // Decision views (worker/inside-jobs.ts): permutation importance, decision boundary, tree counts.
  | ({ type: 'inside'; jobId: string } & InsideRequest)
  // Inside a text classifier (text-inspect-jobs.ts): one row's attention and class lens; rows' pooled vectors in 2-D.
  | { type: 'text-inspect'; jobId: string; model: ModelArtifact; x: Float32Array }
  | { type: 'text-embeddings'; jobId: string; model: ModelArtifact; x: Float32Array; n: number; features: number }
  | { type: 'control'; jobId: string; target: string; action: 'pause' | 'resume' | 'stop' };

export interface TrainResults {
  probe: { device: DeviceReport; auto: { name: BackendInfo['name']; reason: string } };
  train: TrainOutcome;
  predict: Float32Array;
  'batch-predict': { rows: number };
  'text-inspect': TextInternalsResult;
  'text-embeddings': ProjectedRows;
  control: null;
  inside: InsideResult;
}

export type TrainEvent =
  | { type: 'backend'; jobId: string; info: BackendInfo }
  | { type: 'epoch'; jobId: string; log: EpochLog }
  | { type: 'batch'; jobId: string; log: BatchLog }
  | { type: 'checkpoint'; jobId: string; checkpoint: TrainCheckpoint }
  | { type: 'progress'; jobId: string; done: number; total: number }
  | { [K in keyof TrainResults]: { type: 'done'; jobId: string; request: K; result: TrainResults[K] } }[keyof TrainResults]
  | { type: 'failed'; jobId: string; problem: Problem };
