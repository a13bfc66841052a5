/**
 * The training loop's inputs and the events it emits. The loop never owns UI state: the worker
 * forwards these logs, the store keeps them.
 */
import type { TaskKind } from '../data/schema';
import type { NeuralCheckpoint } from './checkpoint';

export interface Hyperparams {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /**
   * sgd/adam: `weightDecay` is a classic L2 term added to the kernels' gradients (PyTorch's
   * `weight_decay`). adamw: decoupled decay `w ← w − lr·wd·w` (PyTorch `AdamW`). Biases never decay.
   */
  optimizer: 'sgd' | 'adam' | 'adamw';
  weightDecay: number;
  /**
   * Linear warmup over this share of the run's update steps, then linear decay to 0 (Hugging
   * Face's get_linear_schedule_with_warmup, the usual BERT fine-tuning recipe). Absent or 0: the
   * constant `learningRate` (projects saved before it existed).
   */
  warmupFraction?: number;
  /** 'balanced': class c weighs n / (K · count_c) in the training loss (scikit-learn). */
  classWeights: 'none' | 'balanced';
  /**
   * Stops after `patience` epochs without a lower validation loss. With `restoreBest`, the run ends
   * (however it ends: epochs, early stop, user stop, NaN) with the weights of the best epoch.
   */
  earlyStopping: { enabled: boolean; patience: number; restoreBest: boolean };
  seed: number;
}

export const DEFAULT_HYPERPARAMS: Hyperparams = {
  epochs: 50,
  batchSize: 32,
  learningRate: 0.001,
  optimizer: 'adam',
  weightDecay: 0,
  classWeights: 'none',
  earlyStopping: { enabled: true, patience: 5, restoreBest: true },
  seed: 42,
};

/** One per epoch (1-based). Losses are data losses (no L2 term); valLoss is never class-weighted. */
export interface EpochLog {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Accuracy (classification) or R² (regression) on the validation split. */
  metric: number;
  metricName: string;
  seconds: number;
}

/** Emitted each time batch losses are read back (every few batches, not every batch). */
export interface BatchLog {
  epoch: number;
  /** 1-based index of the last batch read back, of `batches` in this epoch. */
  batch: number;
  batches: number;
  loss: number;
  /** Exponential moving average of batch losses (bias-corrected, as TensorBoard's smoothing). */
  smoothedLoss: number;
  samplesPerSecond: number;
}

export interface TrainControl {
  isPaused(): boolean;
  isStopped(): boolean;
  waitWhilePaused(): Promise<void>;
}

export interface TrainResult {
  stoppedBy: 'epochs' | 'early-stopping' | 'user' | 'nan';
  /** 1-based epoch with the lowest validation loss (0 when no epoch finished). */
  bestEpoch: number;
  message?: string;
}

/** x row-major n × features; y class indices (classification) or values (regression). */
export interface NeuralData {
  xTrain: Float32Array;
  yTrain: Float32Array | Int32Array;
  /** Per-row weights of the loss (fairness reweighing); none = 1 each. Multiplies class weights. */
  wTrain?: Float32Array;
  xVal: Float32Array;
  yVal: Float32Array | Int32Array;
  features: number;
  task: TaskKind;
  /** K for classification (1 or anything for regression). */
  classes: number;
}

export interface TrainCallbacks {
  epoch(log: EpochLog): void;
  batch(log: BatchLog): void;
  /** The run's state after an epoch, at most every CHECKPOINT_EVERY_MS (train-neural.ts), to resume from if the run is cut off. */
  checkpoint?(cp: NeuralCheckpoint): void;
  /** Overrides CHECKPOINT_EVERY_MS (tests: 0, after every epoch). */
  checkpointEveryMs?: number;
}
