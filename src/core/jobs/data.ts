/**
 * What the data worker's jobs answer, as the store keeps it: a loaded dataset, a cleaned table's
 * summary, a window of rows, the encode artifact. Small JSON: the tables themselves stay in the worker.
 */
import type { ColumnSchema } from '../data/schema';
import type { IngestReport } from '../data/ingest';
import type { DatasetProfile } from '../data/profile';
import type { Recipe, StepReport } from '../clean/recipe';
import type { EncodingSummary, FittedEncoders } from '../features';
import type { TokenStats } from '../text';

export interface DatasetInfo {
  datasetId: string;
  fileName: string;
  report: IngestReport;
  schema: ColumnSchema[];
  profile: DatasetProfile;
}

export interface CleanResult {
  recipeKey: string;
  recipe: Recipe;
  reports: StepReport[];
  schema: ColumnSchema[];
  profile: DatasetProfile;
}

export interface RowWindow {
  start: number;
  colStart: number;
  /** cells[c][r]: the text of row start+r in column colStart+c ('' when missing). */
  cells: string[][];
  missing: boolean[][];
}

/** The encode step's artifact. */
export interface EncodeResult {
  /** The key of this artifact's inputs: cleaned table + spec (see encodeKey). */
  key: string;
  fitted: FittedEncoders;
  summary: EncodingSummary;
  sizes: { train: number; validation: number; test: number };
  preview: { featureNames: string[]; rows: number[][] };
  /** The tokenizer workbench: statistics over the training texts and a few of them. */
  text?: { stats: TokenStats; samples: string[] };
}

/**
 * What a training-data job answers (the matrices went to the training worker): the test split's
 * cleaned-table rows and targets, the SHA-256 of the cleaned training split (core/bundle/stamp.ts
 * `tableSha256`) and its row count, and how many feedback rows were added or skipped.
 */
export interface TrainingDataResult {
  testRows: Uint32Array;
  testY: Float32Array;
  trainSha256: string;
  trainRows: number;
  feedback?: { used: number; skipped: number };
  /** How many label fixes reached the training split (core/data/row-fixes.ts). */
  fixed?: { removed: number; relabelled: number };
  /** The training split's cleaned-table rows in matrix order, when asked for (`withTrainRows`). */
  trainIndex?: Uint32Array;
}
