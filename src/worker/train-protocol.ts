/**
 * The training worker's protocol. A `train` job streams epoch and batch logs and ends in one
 * `done` (with the trained model's artifacts and its test-split predictions) or `failed`.
 * Encoded matrices arrive as transferred typed arrays (row-major n × features): in the request
 * itself (small jobs: the speed test, benches), or on a MessagePort the data worker posts them on,
 * so a training set goes from worker to worker and never through the main thread.
 */
import type { TaskKind } from '../core/data/schema';
import type { Hyperparams, EpochLog, BatchLog } from '../core/train/types';
import type { Problem } from '../core/util/result';
import type { ClassificationReport, RegressionReport } from '../core/metrics';
import type { BackendChoice, BackendInfo, DeviceReport } from './backend';

export interface EncodedSplit {
  x: Float32Array;
  /** Class indices (classification) or values (regression). */
  y: Float32Array;
  n: number;
}

export interface TrainData {
  features: number;
  classes: number;
  /** Class names (classification), index = class id. */
  labels?: string[];
  task: TaskKind;
  /** Tokenizer vocabulary size when x holds token ids (text models' embedding rows). */
  vocabSize?: number;
  train: EncodedSplit;
  validation: EncodedSplit;
  test: EncodedSplit;
}

/** A train job's data: the matrices, or the port they come on (one `PortedData` message). */
export type TrainInput = TrainData | { port: MessagePort };

/** The one message on a training-data port: the matrices (transferred), or why there are none. */
export type PortedData = { ok: true; data: TrainData } | { ok: false; problem: Problem };

export type ModelArtifact = { type: 'tfjs'; modelJson: unknown; weights: Uint8Array } | { type: 'tree'; json: unknown };

export interface TrainOutcome {
  stoppedBy: 'epochs' | 'early-stopping' | 'user' | 'nan' | 'fitted';
  bestEpoch: number;
  message?: string;
  model: ModelArtifact;
  /** Test-split predictions: probabilities n × classes, or values n. */
  testPredictions: Float32Array;
  /** Test-split metrics (classificationReport or regressionReport), JSON. */
  metrics: ClassificationReport | RegressionReport;
  backend: BackendInfo;
  seconds: number;
}

export type TrainRequest =
  | { type: 'probe'; jobId: string }
  | { type: 'train'; jobId: string; backend: BackendChoice; family: string; params: unknown; hp: Hyperparams; data: TrainInput }
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
