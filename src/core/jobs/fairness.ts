/**
 * The fairness audit as it crosses between the UI and the data worker: the sensitive columns'
 * values for the rows of one split (the test rows a run kept predictions for, or the validation
 * rows per-group thresholds are chosen on), and what the audit keeps in the project.
 */
import type { FeatureSpec, FittedEncoders } from '../features';
import type { ClassificationAudit, RegressionAudit } from '../metrics/fairness';
import type { ThresholdGoal } from '../metrics/fairness-mitigation';
import type { SwapPair } from '../words/swaps';
import type { TableRef } from './refs';

export interface SensitiveRowsRequest {
  table: TableRef & { stage: 'clean' };
  spec: FeatureSpec;
  fitted: FittedEncoders;
  split: 'validation' | 'test';
  /** Columns of the cleaned table, used as features or not. */
  columns: string[];
  /** Also the encoded rows (validation: the model's predictions on them are needed). */
  encode: boolean;
}

export interface SensitiveRows {
  /** The split's rows in the cleaned table, in the order the run's predictions use. */
  rows: Uint32Array;
  /** Their targets, encoded as in training (class index or value). */
  y: Float32Array;
  /** values[c][i]: column c's value in row i, '' when missing; numbers with many values come as quartile bins. */
  values: string[][];
  /** Columns given as bins ("age 18–26"), for the table's note. */
  binned: string[];
  x?: Float32Array;
  features: number;
}

/** A numeric column with more distinct values than this is audited by quartile bins, not value by value. */
export const MAX_GROUP_VALUES = 12;

export type FairnessMitigation =
  | { kind: 'reweigh'; columns: string[] }
  | { kind: 'thresholds'; goal: ThresholdGoal; target: number; thresholds: Record<string, number> };

/** One audit of one run, as the Evaluate step and the model card show it. */
export interface FairnessAuditRecord {
  id: string;
  runId: string;
  runNumber: number;
  columns: string[];
  /** Binary rates are about this class (classification). */
  positiveLabel?: string;
  /** The audit this one is the "after" of (a mitigation), by id. */
  before?: string;
  mitigation?: FairnessMitigation;
  audit: ClassificationAudit | RegressionAudit;
  binned: string[];
  createdAt: number;
}

export interface SwapExample {
  row: number;
  column: string;
  original: string;
  swapped: string;
  before: string;
  after: string;
  /** The probability of the originally predicted class, before and after the swap. */
  pBefore: number;
  pAfter: number;
}

/** Counterfactual swaps on a text model's test texts. */
export interface SwapReport {
  runId: string;
  runNumber: number;
  pairs: SwapPair[];
  /** Test texts read, and those that contained at least one term of the list (the only ones re-predicted). */
  texts: number;
  changed: number;
  flips: number;
  /** Over the changed texts: the mean and largest change (absolute) of the originally predicted class's probability. */
  meanChange: number;
  maxChange: number;
  /** Flipped texts first, then the largest changes; at most 50. */
  examples: SwapExample[];
  createdAt: number;
}
