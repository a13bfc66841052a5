/**
 * The training worker's protocol. A `train` job streams epoch and batch logs and ends in one
 * `done` (with the trained model's artifacts and its test-split predictions) or `failed`.
 * Encoded matrices arrive as transferred typed arrays (row-major n × features).
 */
import type { TaskKind } from '../core/data/schema';
import type { Problem } from '../core/util/result';
import type { BackendChoice, BackendInfo, BatchLog, DeviceReport, EpochLog, Hyperparams, ModelArtifact, TrainData, TrainOutcome } from '../core/jobs';

export type { EncodedSplit, ModelArtifact, TrainData, TrainOutcome } from '../core/jobs';

export type TrainRequest =
  | { type: 'probe'; jobId: string }
  | { type: 'train'; jobId: string; backend: BackendChoice; family: string; params: unknown; hp: Hyperparams; data: TrainData }
  | { type: 'predict'; jobId: string; family: string; model: ModelArtifact; task: TaskKind; x: Float32Array; n: number; features: number }
  | { type: 'control'; jobId: string; target: string; action: 'pause' | 'resume' | 'stop' };

export interface TrainResults {
  probe: { device: DeviceReport; auto: { name: BackendInfo['name']; reason: string } };
  train: TrainOutcome;
  predict: Float32Array;
  control: null;
}

export type TrainEvent =
  | { type: 'backend'; jobId: string; info: BackendInfo }
  | { type: 'epoch'; jobId: string; log: EpochLog }
  | { type: 'batch'; jobId: string; log: BatchLog }
  | { [K in keyof TrainResults]: { type: 'done'; jobId: string; request: K; result: TrainResults[K] } }[keyof TrainResults]
  | { type: 'failed'; jobId: string; problem: Problem };
