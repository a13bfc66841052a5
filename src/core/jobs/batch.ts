/**
 * Batch prediction, as it crosses between the UI and the workers: a new file scored by a trained
 * model (a run of this project or an imported bundle), the result CSV, and the drift report.
 *
 * The work is split between the two workers that already own its parts: the data worker reads
 * the file (the ingest path of the Upload step), checks its columns, replays the recipe in predict
 * mode, encodes chunks of rows and writes the CSV; the training worker, which has TensorFlow.js,
 * predicts each chunk. Chunks go worker to worker on a MessagePort (`BatchChunk` one way,
 * `BatchPredictions` back), never through the page.
 *
 * `BatchResult` is what other features build on (e.g. feedback from a labelled batch file): the
 * CSV, the predictions in row order, and whether the file had the target column.
 */
import type { Recipe } from '../clean/recipe';
import type { ColumnSchema, TaskKind } from '../data/schema';
import type { DataSummary, DriftReport } from '../drift';
import type { FittedEncoders } from '../features';
import type { Problem } from '../util/result';
import type { ModelArtifact } from './training';

/** Rows encoded and predicted per chunk (the progress bar moves once per chunk). */
export const BATCH_CHUNK_ROWS = 4096;

/** What the data worker's `batch` job needs besides the file and the port. */
export interface BatchPredictor {
  /** The raw columns the model was trained on (types after the user's overrides). */
  rawSchema: ColumnSchema[];
  recipe: Recipe;
  fitted: FittedEncoders;
  /** Class names in output order (classification); empty for regression. */
  labels: string[];
  /** The training data's summary, for the drift report; absent for bundles exported before it existed. */
  summary?: DataSummary;
}

/** Data worker → training worker on the batch port. */
export type BatchChunk = { type: 'rows'; x: Float32Array; n: number } | { type: 'end' };
/** Training worker → data worker: the predictions of one chunk (n × K or n), in order. */
export type BatchPredictions = { ok: true; predictions: Float32Array } | { ok: false; problem: Problem };

/** The training worker's side: the model and the width of its input rows. */
export interface BatchModel {
  model: ModelArtifact;
  task: TaskKind;
  features: number;
}

/** A column of the new file that cannot be read as the model expects (named in the message). */
export interface BatchColumnProblem {
  column: string;
  issue: 'missing' | 'type';
  expected: string;
  found?: string;
}

/** The labelled rows of a batch file, ready for the feedback dataset (core/jobs/feedback.ts). */
export interface BatchLabelledRows {
  /** The model's input columns, as text as in the file (no target). */
  records: Record<string, string>[];
  /** The target's value per record: the right answer. */
  labels: string[];
  /** What the model predicted per record (a class, or a number as text). */
  predicted: string[];
  /** Rows left out: no answer, an answer the model does not know (an unknown class, not a number), or over the limit. */
  skipped: number;
}

export interface BatchResult {
  /** The file's columns as given, then `prediction`, then one `probability_<class>` per class. */
  csv: Blob;
  /** Suggested download name. */
  fileName: string;
  rows: number;
  task: TaskKind;
  labels: string[];
  /** Row-major predictions: n × K probabilities (classification) or n values. */
  predictions: Float32Array;
  inputColumns: string[];
  predictionColumns: string[];
  /** The target column's name, when the file has it (a labelled batch). */
  target?: string;
  /** With `target`: its rows with a usable answer, as feedback rows (raw records), at most MAX_FEEDBACK_ROWS. */
  labelled?: BatchLabelledRows;
  drift?: DriftReport;
  /** Why there is no drift report, when there is none. */
  driftMissing?: string;
  /** Cleaning problems on the new rows (e.g. a value a mapping step does not know). */
  problems: Problem[];
  seconds: number;
}
