/**
 * Training of the tabular and text families, as it crosses between the UI and the training
 * worker: the settings a run is started with (one shape for every family), the matrices it
 * trains on, and what it hands back.
 */
import type { TaskKind } from '../data/schema';
import type { ClassificationReport, RegressionReport } from '../metrics';
import type { ModelInfo } from '../models/types';
import { DEFAULT_HYPERPARAMS, type Hyperparams } from '../train/types';
import type { BackendChoice, BackendInfo } from './backends';
import type { Problem } from '../util/result';

export type { Hyperparams } from '../train/types';
export type { BatchLog, EpochLog } from '../train/types';
export { DEFAULT_HYPERPARAMS } from '../train/types';

/** The settings the user changed by hand (a family's suggestion never replaces them). */
export type TouchedSettings = { [K in keyof Hyperparams]?: true };

export interface TrainingSettings {
  backend: BackendChoice;
  hp: Hyperparams;
  /**
   * Set by the store's `setTraining` for every field the user edits. Projects saved before this flag existed
   * have none: for them, "touched" is still guessed by comparing with the previous family's rate.
   */
  touched?: TouchedSettings;
}

export const DEFAULT_TRAINING: TrainingSettings = { backend: 'auto', hp: DEFAULT_HYPERPARAMS, touched: {} };

/** The learning rate a family starts with: its own suggestion, else the studio default. */
export function familyLearningRate(fam: ModelInfo | undefined): number {
  return (fam?.kind === 'neural' ? fam.learningRate : undefined) ?? DEFAULT_HYPERPARAMS.learningRate;
}

/**
 * The touched flags of settings chosen with `family`. A project saved before the flags existed has
 * none: its rate counts as typed when it differs from the family's suggestion (the old rule).
 */
export function touchedOf(training: TrainingSettings, family: ModelInfo | undefined): TouchedSettings {
  return training.touched ?? (training.hp.learningRate !== familyLearningRate(family) ? { learningRate: true } : {});
}

/**
 * The settings for a newly chosen family: its suggested learning rate replaces the previous
 * suggestion, never a rate the user set.
 */
export function trainingForFamily(training: TrainingSettings, before: ModelInfo | undefined, next: ModelInfo): TrainingSettings {
  const touched = touchedOf(training, before);
  const hp = { ...training.hp };
  if (!touched.learningRate) hp.learningRate = familyLearningRate(next);
  // The warmup follows the family the same way (0 where it suggests none); a typed one stays.
  if (!touched.warmupFraction) {
    const warm = next.kind === 'neural' ? next.warmupFraction : undefined;
    if (warm) hp.warmupFraction = warm;
    else delete hp.warmupFraction;
  }
  return { ...training, hp };
}

export interface EncodedSplit {
  x: Float32Array;
  /** Class indices (classification) or values (regression). */
  y: Float32Array;
  n: number;
  /** Row weights, training split only (fairness reweighing, `core/jobs/fairness.ts`); none = 1 each. */
  w?: Float32Array;
}

/** The matrices of a training job (row-major n × features), transferred to the worker, not copied. */
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

/** A tfjs artifact of an earlier run of the same family and settings, to continue training from (its model.json and weight bytes). */
export interface InitialWeights {
  modelJson: unknown;
  weights: Uint8Array;
}

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
  /** The validation split's accuracy or R² (what a hyperparameter search scores a trial by); absent without validation rows. */
  validation?: { metric: 'accuracy' | 'r2'; value: number };
}
