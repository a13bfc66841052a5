/**
 * The data worker's protocol: the single source of truth of the boundary (architecture rule 2).
 * Every request carries a jobId and ends in exactly one `done` or `failed` (rule 1).
 *
 * Tables are large, so the worker owns their bytes (one copy, persisted to IndexedDB) and the
 * main thread refers to them by key; results that cross the boundary are small (profiles, reports,
 * a window of rows for the preview).
 */
import type { Column, Table } from '../core/data/table';
import type { ColumnSchema, ColumnType, TaskKind } from '../core/data/schema';
import type { FeatureSpec, FittedEncoders } from '../core/features';
import type { IngestOptions } from '../core/data/ingest';
import type { DatasetProfile } from '../core/data/profile';
import type { TargetSummary } from '../core/data/target';
import type { TextMode } from '../core/data/text-ingest';
import type { TextProfile } from '../core/data/text-profile';
import type { Recipe } from '../core/clean/recipe';
import type { RowFix } from '../core/data/row-fixes';
import type { Problem } from '../core/util/result';
import type { DatasetExportOptions, DatasetExportResult, ExportStampBase } from '../core/jobs';
import type { BatchPredictor, BatchResult, CleanResult, DatasetInfo, EncodeResult, FeedbackData, FoldDataResult, FoldJob, RowWindow, SensitiveRows, SensitiveRowsRequest, TableRef, TextFileRef, TrainingDataResult } from '../core/jobs';
import type { DataSummary } from '../core/drift';
import type { TextExamples } from '../core/jobs/inspect';
import type { TextExamplesSource } from './text-examples-jobs';
export type { CleanResult, DatasetInfo, RowWindow, TableRef, TextFileRef } from '../core/jobs';

export type DataRequest =
  | { type: 'ingest'; jobId: string; datasetId: string; file: Blob; options: IngestOptions }
  | { type: 'restore'; jobId: string; datasetId: string }
  | { type: 'clean'; jobId: string; datasetId: string; schema: ColumnSchema[]; recipe: Recipe; refit: boolean }
  | { type: 'rows'; jobId: string; table: TableRef; start: number; end: number; colStart: number; colEnd: number }
  | { type: 'target'; jobId: string; table: TableRef; column: string; columnType: ColumnType }
  | { type: 'profile'; jobId: string; table: TableRef; schema: ColumnSchema[] }
  | { type: 'drop'; jobId: string; datasetId: string }
  // Text data: .txt files (one example per file or per line) or pasted lines → a text/label table; a text column's profile.
  | { type: 'ingest-texts'; jobId: string; datasetId: string; files: TextFileRef[]; mode: TextMode; fileName: string }
  | { type: 'text-profile'; jobId: string; table: TableRef; column: string; labelColumn?: string }
  | { type: 'feature-defaults'; jobId: string; table: TableRef; schema: ColumnSchema[]; target: string; task: TaskKind }
  | { type: 'encode'; jobId: string; table: TableRef & { stage: 'clean' }; schema: ColumnSchema[]; spec: FeatureSpec }
  // The matrices go on `port` (to the training worker, transferred); `done` carries only what the run record keeps.
  // `reweigh`: weigh the training rows by these columns' groups (fairness, Kamiran & Calders).
  | { type: 'training-data'; jobId: string; table: TableRef & { stage: 'clean' }; spec: FeatureSpec; fitted: FittedEncoders; port: MessagePort; feedback?: FeedbackData; reweigh?: string[]; fixes?: RowFix[]; withTrainRows?: boolean }
  // Cross-validation: one fold's matrices on `port`, recipe and encoders refitted on the fold's training rows (experiment-jobs.ts).
  | { type: 'fold-data'; jobId: string; table: TableRef & { stage: 'clean' }; rawSchema: ColumnSchema[]; recipe: Recipe; spec: FeatureSpec; fitted: FittedEncoders; job: FoldJob; port: MessagePort }
  | { type: 'records'; jobId: string; table: TableRef; rows: number[] }
  | ({ type: 'sensitive-rows'; jobId: string } & SensitiveRowsRequest)
  | { type: 'encode-record'; jobId: string; records: Record<string, string>[]; rawSchema: ColumnSchema[]; recipe: Recipe; fitted: FittedEncoders; like?: string }
  | { type: 'export-dataset'; jobId: string; table: TableRef & { stage: 'clean' }; spec: FeatureSpec; fitted?: FittedEncoders; options: DatasetExportOptions; stamp: ExportStampBase }
  // Batch prediction (worker/batch-jobs.ts): a new file scored with the training worker on `port`; the training data's summary for drift.
  | ({ type: 'batch'; jobId: string; file: Blob; fileName: string; port: MessagePort } & BatchPredictor)
  | { type: 'batch-summary'; jobId: string; table: TableRef & { stage: 'clean' }; spec: FeatureSpec; fitted: FittedEncoders }
  // Inside a text classifier (text-examples-jobs.ts): model inputs with token texts, for typed texts or cleaned rows.
  | { type: 'text-examples'; jobId: string; fitted: FittedEncoders; source: TextExamplesSource; table?: TableRef & { stage: 'clean' }; like?: string }
  | { type: 'cancel'; jobId: string; target: string };

/** What `done` carries for each request type. */
export interface DataResults {
  ingest: DatasetInfo;
  restore: { found: boolean; rowCount: number };
  clean: CleanResult;
  rows: RowWindow;
  target: TargetSummary;
  profile: DatasetProfile;
  drop: null;
  'ingest-texts': DatasetInfo;
  'text-profile': TextProfile;
  cancel: null;
  'feature-defaults': FeatureSpec;
  encode: EncodeResult;
  /** The test split's row indices in the cleaned table and its targets (the matrices went on the port). */
  'training-data': TrainingDataResult;
  'fold-data': FoldDataResult;
  records: Record<string, string>[];
  'export-dataset': DatasetExportResult;
  'sensitive-rows': SensitiveRows;
  'encode-record': { x: Float32Array; n: number; features: number; problems: Problem[] };
  batch: BatchResult;
  'batch-summary': DataSummary;
  'text-examples': TextExamples;
}

export type DataEvent =
  // `unit: 'bytes'`: done and total count bytes (the page shows megabytes); otherwise steps (a percentage).
  | { type: 'progress'; jobId: string; done: number; total: number; label: string; unit?: 'bytes' }
  | { [K in keyof DataResults]: { type: 'done'; jobId: string; request: K; result: DataResults[K] } }[keyof DataResults]
  | { type: 'failed'; jobId: string; problem: Problem };

export type { Column, Table };
