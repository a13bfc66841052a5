/**
 * Feedback: predictions a user marked wrong, with the right label, kept in the project as a small
 * dataset of raw rows (as typed, before cleaning). Corrections from the prediction views and
 * labelled rows of a batch file (core/jobs/batch.ts) are the same kind of row, so a batch result
 * is appended with `source: 'batch'`.
 *
 * Retraining with feedback appends these rows to the *training* split only (each repeated
 * `weight` times); the validation and test splits come from the project's data as before, so
 * feedback never reaches the test rows the old and new models are compared on.
 */
import type { ColumnSchema } from '../data/schema';
import type { Recipe } from '../clean/recipe';

export interface FeedbackRow {
  id: string;
  /** The raw input values, column → text (as in the original file; the target column is not used). */
  record: Record<string, string>;
  /** The right answer: a class name, or a number as text for regression. */
  label: string;
  /** What the model said when the row was flagged (for the record; not used in training). */
  predicted?: string;
  source: 'prediction' | 'batch';
  /** The file a batch row came from. */
  fileName?: string;
  addedAt: number;
}

/** The project's feedback dataset (`doc.feedback`, optional). */
export interface FeedbackDoc {
  rows: FeedbackRow[];
  /** The weight last chosen for "Retrain with feedback" (each row counts this many times). */
  weight: number;
}

export const DEFAULT_FEEDBACK_WEIGHT = 5;
export const MAX_FEEDBACK_WEIGHT = 100;
/** More rows than this are refused (the feedback dataset lives in the saved project document). */
export const MAX_FEEDBACK_ROWS = 5000;

/** What a training-data job needs to add feedback rows to the training split. */
export interface FeedbackData {
  records: Record<string, string>[];
  labels: string[];
  /** Raw columns with their effective types, the recipe to replay in predict mode. */
  rawSchema: ColumnSchema[];
  recipe: Recipe;
  /** Each row is repeated this many times (a whole number ≥ 1). */
  weight: number;
}

/** Weight typed by a user → a whole number in [1, MAX_FEEDBACK_WEIGHT]. */
export function feedbackWeight(v: unknown): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : DEFAULT_FEEDBACK_WEIGHT;
  return Math.min(MAX_FEEDBACK_WEIGHT, Math.max(1, n));
}

/**
 * How "Retrain with feedback" trains: again from a fresh initialisation (`restart`), or from the
 * base run's trained weights for a number of further epochs (`continue`, neural families only).
 */
export type FeedbackMode = 'restart' | 'continue';
