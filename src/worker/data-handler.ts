/**
 * Routes data requests to core and emits events. Independent of Worker/postMessage so it can be
 * tested in Node with an in-memory table store; data.worker.ts wires it to the real thing.
 */
import { ingest, blobSource } from '../core/data/ingest';
import type { CsvHalfRunner } from '../core/data/ingest-types';
import { inferSchema } from '../core/data/infer-type';
import { profileTable, type DatasetProfile } from '../core/data/profile';
import { summarizeTarget } from '../core/data/target';
import { ingestTexts, textSchema } from '../core/data/text-ingest';
import { storeTable } from './store-table';
import { profileText } from '../core/data/text-profile';
import { runRecipe } from '../core/clean/recipe';
import { cellText, isMissing, type Table } from '../core/data/table';
import { textExamples } from './text-examples-jobs';
import type { ColumnSchema } from '../core/data/schema';
import { recipeKey } from '../core/clean/recipe-key';
import { assertNever } from '../core/util/assert';
import { problem, type Problem, type Result } from '../core/util/result';
import { foldData, FoldProblem, foldToPort } from './experiment-jobs';
import { defaultSpec, encode, encodeRecords, recordsAt, trainingData } from './encode-jobs';
import { encodeFeedback } from './feedback-jobs';
import { exportDataset } from './dataset-export-jobs';
import { tableSha256 } from '../core/bundle/stamp';
import { canonicalJson, stableKey } from '../core/util/hash';
import { sha256Hex } from '../core/util/sha256';
import type { FeatureSpec } from '../core/features';
import { batchPredictFile, batchSummary } from './batch-jobs';
import { sensitiveRows } from './fairness-jobs';
import type { DataEvent, DataRequest, DataResults, RowWindow, TableRef } from './protocol';
import type { PortedData, TrainData } from './train-protocol';

export interface TableStore {
  get(datasetId: string): Promise<Table | undefined>;
  /** `onProgress(done, total)`: columns written so far, as the writing goes. */
  put(datasetId: string, table: Table, onProgress?: (done: number, total: number) => void): Promise<void>;
  delete(datasetId: string): Promise<void>;
}

/**
 * Reading progress reaches the page at most this often. The readers report every 64 KB, and each
 * report re-renders the page: reading a 1 GB text corpus on a busy 2-core machine, the page's
 * main thread used more CPU than the worker reading the file (56 s against 50 s, top -H).
 */
export const PROGRESS_MS = 100;

/** Profiles of very wide tables are cut to this many columns; the preview scrolls through all. */
export const PROFILE_COLUMN_LIMIT = 500;

class Failure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** `csvHalf`: reads a large CSV file's second half in another worker (data.worker.ts gives csvHalfWorker). */
export function createDataHandler(store: TableStore, emit: (event: DataEvent) => void, csvHalf?: (file: Blob) => CsvHalfRunner | undefined) {
  const raw = new Map<string, Table>();
  // Only the latest cleaned table per dataset is kept: it is recomputable from raw + recipe.
  const cleaned = new Map<string, { key: string; table: Table }>();
  const aborts = new Map<string, AbortController>();
  // Training-split hashes by cleaned table and split settings: 1,000,000 rows take seconds to hash, and runs repeat.
  const trainHashes = new Map<string, string>();
  function trainHash(table: Table, recipeKey: string, spec: FeatureSpec, rows: Uint32Array): string {
    const key = stableKey({ recipeKey, target: spec.target, task: spec.task, split: spec.split });
    let h = trainHashes.get(key);
    if (h === undefined) {
      h = tableSha256(table, rows);
      if (trainHashes.size >= 8) trainHashes.clear();
      trainHashes.set(key, h);
    }
    return h;
  }

  async function rawTable(datasetId: string): Promise<Table> {
    const cached = raw.get(datasetId);
    if (cached) return cached;
    const stored = await store.get(datasetId);
    if (!stored) throw new Failure(problem('This dataset is no longer stored on this device.', 'Load the file again.'));
    raw.set(datasetId, stored);
    return stored;
  }

  async function tableFor(ref: TableRef): Promise<Table> {
    if (ref.stage === 'raw') return rawTable(ref.datasetId);
    const entry = cleaned.get(ref.datasetId);
    if (!entry || entry.key !== ref.recipeKey) {
      throw new Failure({ message: 'The cleaned data is being recomputed.', hint: 'Try again in a moment.', code: 'stale' });
    }
    return entry.table;
  }

  /** Dataset-level figures cover every column; per-column profiles stop at the limit to keep messages small. */
  function profileOf(table: Table, schema: ColumnSchema[], onProgress?: (done: number, total: number) => void): DatasetProfile {
    const profile = profileTable(table, schema, onProgress);
    if (profile.columnProfiles.length <= PROFILE_COLUMN_LIMIT) return profile;
    return { ...profile, columnProfiles: profile.columnProfiles.slice(0, PROFILE_COLUMN_LIMIT) };
  }

  const unwrap = <T>(r: Result<T>): T => {
    if (!r.ok) throw new Failure(r.error);
    return r.value;
  };
  /** A signal that `cancel` aborts. */
  const track = (jobId: string): AbortSignal => {
    const abort = new AbortController();
    aborts.set(jobId, abort);
    return abort.signal;
  };

  /** A progress callback for `jobId` that passes a report on when PROGRESS_MS has gone by since the last one, or the reading is done. */
  const readingProgress = (jobId: string, total: number, what: string) => {
    let last = -Infinity;
    return (p: { bytesRead: number; rows: number }) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS && p.bytesRead < total) return;
      last = now;
      emit({ type: 'progress', jobId, done: p.bytesRead, total, label: `${p.rows.toLocaleString('en-US')} ${what} read`, unit: 'bytes' });
    };
  };

  /**
   * A stage's progress for `jobId` under `label`, passed on when it starts, then at most every
   * PROGRESS_MS, and when it is done: what follows the reading of a big file takes seconds (a
   * 114 MB CSV: types 0.7 s, profile 2.4 s in Node, plus the writes to IndexedDB), and a bar
   * standing at 100 % "Profiling columns" meanwhile said neither what nor how far.
   */
  const stageProgress = (jobId: string, label: string) => {
    let last = -Infinity;
    return (done: number, total: number) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS && done > 0 && done < total) return;
      last = now;
      emit({ type: 'progress', jobId, done, total, label });
    };
  };

  /** After the reading: column types, the table stored for reloads, the profile, each a stage of its own. */
  async function adoptRead(jobId: string, datasetId: string, table: Table, report: { warnings: Problem[] }, typesOf: (table: Table, onColumn: (done: number, total: number) => void) => ColumnSchema[]) {
    const schema = typesOf(table, stageProgress(jobId, 'Finding column types'));
    const notStored = await storeTable(store, datasetId, table, stageProgress(jobId, 'Saving the table on this device'));
    if (notStored) report.warnings.push(notStored);
    raw.set(datasetId, table);
    cleaned.delete(datasetId);
    return { schema, profile: profileOf(table, schema, stageProgress(jobId, 'Profiling columns')) };
  }

  // Each branch returns the result for its own request type; `handle` pairs them in the done event.
  async function run(req: DataRequest): Promise<DataResults[keyof DataResults]> {
    switch (req.type) {
      case 'ingest': {
        const abort = new AbortController();
        aborts.set(req.jobId, abort);
        const total = req.file.size;
        const result = await ingest(
          blobSource(req.file),
          { ...req.options, csvHalf: csvHalf?.(req.file) },
          readingProgress(req.jobId, total, 'rows'),
          abort.signal,
        );
        if (!result.ok) throw new Failure(result.error);
        const { table, report } = result.value;
        return { datasetId: req.datasetId, fileName: req.options.fileName, report, ...(await adoptRead(req.jobId, req.datasetId, table, report, inferSchema)) };
      }
      case 'restore': {
        const stored = raw.get(req.datasetId) ?? (await store.get(req.datasetId));
        if (stored) raw.set(req.datasetId, stored);
        return { found: !!stored, rowCount: stored?.rowCount ?? 0 };
      }
      case 'clean': {
        const table = await rawTable(req.datasetId);
        const out = runRecipe(table, req.schema, req.recipe, { refit: req.refit, mode: 'fit' });
        const key = recipeKey(req.datasetId, req.schema, req.recipe);
        cleaned.set(req.datasetId, { key, table: out.table });
        return { recipeKey: key, recipe: out.recipe, reports: out.reports, schema: out.schema, profile: profileOf(out.table, out.schema) };
      }
      case 'rows':
        return rowWindow(await tableFor(req.table), req.start, req.end, req.colStart, req.colEnd);
      case 'target': {
        const table = await tableFor(req.table);
        if (!table.columns.some((c) => c.name === req.column)) throw new Failure(problem(`There is no column named "${req.column}".`));
        return summarizeTarget(table, req.column, req.columnType);
      }
      case 'profile':
        return profileOf(await tableFor(req.table), req.schema);
      case 'ingest-texts': {
        const abort = new AbortController();
        aborts.set(req.jobId, abort);
        const sources = req.files.map((f) => ({ path: f.path, source: blobSource(f.file) }));
        const total = sources.reduce((n, s) => n + s.source.size, 0);
        const result = await ingestTexts(
          sources,
          req.mode,
          readingProgress(req.jobId, total, 'texts'),
          abort.signal,
        );
        if (!result.ok) throw new Failure(result.error);
        const { table, report } = result.value;
        return { datasetId: req.datasetId, fileName: req.fileName, report, ...(await adoptRead(req.jobId, req.datasetId, table, report, textSchema)) };
      }
      case 'text-profile': {
        const profile = profileText(await tableFor(req.table), req.column, req.labelColumn !== undefined ? { labelColumn: req.labelColumn } : {});
        if (!profile) throw new Failure(problem(`There is no column named "${req.column}".`));
        return profile;
      }
      case 'drop':
        raw.delete(req.datasetId);
        cleaned.delete(req.datasetId);
        await store.delete(req.datasetId);
        return null;
      case 'feature-defaults':
        return defaultSpec(await tableFor(req.table), req.schema, req.target, req.task);
      case 'encode': {
        const res = encode(await tableFor(req.table), req.schema, req.spec, req.table.recipeKey, {
          onProgress: (done, total) => emit({ type: 'progress', jobId: req.jobId, done, total, label: 'Training the tokenizer' }),
        });
        if (!res.ok) throw new Failure(res.error);
        return res.value;
      }
      case 'training-data':
        return toPort(req.port, req.withTrainRows === true, async () => {
          const table = await tableFor(req.table);
          const fb = req.feedback && encodeFeedback(req.feedback, req.fitted, raw.get(req.table.datasetId));
          const res = await trainingData(table, req.spec, req.fitted, fb?.rows, req.reweigh, req.fixes);
          if ('error' in res) throw new Failure(res.error);
          // Hashed after the matrices left, so training does not wait for it. Fixed labels are part of the training data, so of its hash.
          const hash = () => (req.fixes?.length ? sha256Hex(`${tableSha256(table, res.trainRows)}:${canonicalJson(req.fixes)}`) : trainHash(table, req.table.recipeKey, req.spec, res.trainRows));
          return { ...res, hash, ...(fb ? { feedback: { used: fb.used, skipped: fb.skipped } } : {}) };
        });
      case 'fold-data':
        return runFold(req);
      case 'encode-record': {
        const like = req.like ? raw.get(req.like) : undefined;
        return encodeRecords(req.records, req.rawSchema, req.recipe, req.fitted, like);
      }
      case 'text-examples':
        return textExamples(req.fitted, req.source, req.source.kind === 'rows' && req.table ? await tableFor(req.table) : req.like ? raw.get(req.like) : undefined);
      case 'records':
        return recordsAt(await tableFor(req.table), req.rows);
      case 'export-dataset': {
        const cleanedTable = await tableFor(req.table);
        const res = exportDataset(
          cleanedTable,
          await rawTable(req.table.datasetId),
          req.spec,
          req.fitted,
          req.options,
          req.stamp,
          (done, total) => emit({ type: 'progress', jobId: req.jobId, done, total, label: 'Writing rows' }),
          (rows) => trainHash(cleanedTable, req.table.recipeKey, req.spec, rows),
        );
        if (!res.ok) throw new Failure(res.error);
        return res.value;
      }
      case 'batch':
        return unwrap(await batchPredictFile(req, (done, total, label) => emit({ type: 'progress', jobId: req.jobId, done, total, label }), track(req.jobId)));
      case 'batch-summary':
        return unwrap(batchSummary(await tableFor(req.table), req.spec, req.fitted));
      case 'sensitive-rows': {
        const res = sensitiveRows(await tableFor(req.table), req);
        if (!res.ok) throw new Failure(res.error);
        return res.value;
      }
      case 'cancel':
        aborts.get(req.target)?.abort();
        return null;
      default:
        return assertNever(req, 'request');
    }
  }

  async function runFold(req: Extract<DataRequest, { type: 'fold-data' }>) {
    const inputs = { raw: await rawTable(req.table.datasetId), rawSchema: req.rawSchema, recipe: req.recipe, cleaned: await tableFor(req.table), spec: req.spec, fitted: req.fitted };
    return foldToPort(req.port, () => foldData(inputs, req.job)).catch((e: unknown) => {
      throw e instanceof FoldProblem ? new Failure(e.problem) : e;
    });
  }

  return async function handle(req: DataRequest): Promise<void> {
    try {
      const result = await run(req);
      emit({ type: 'done', jobId: req.jobId, request: req.type, result } as DataEvent);
    } catch (e) {
      emit({ type: 'failed', jobId: req.jobId, problem: problemOf(e) });
    } finally {
      aborts.delete(req.jobId);
    }
  };
}

/**
 * Sends the training matrices straight to the training worker on `port` (transferred: this worker
 * keeps no copy, the main thread never holds them) — or, when they cannot be built, why, so the
 * training job ends too. Returns what the main thread keeps: the test rows and their targets.
 */
async function toPort(
  port: MessagePort,
  withTrainRows: boolean,
  build: () => Promise<{ data: TrainData; testRows: Uint32Array; trainRows: Uint32Array; hash: () => string; feedback?: { used: number; skipped: number }; fixed?: { removed: number; relabelled: number } }>,
): Promise<DataResults['training-data']> {
  try {
    const { data, testRows, trainRows, hash, feedback, fixed } = await build();
    const testY = data.test.y.slice(); // the original goes with the matrices
    const buffers = [data.train, data.validation, data.test].flatMap((p) => [p.x.buffer, p.y.buffer]) as ArrayBuffer[];
    port.postMessage({ ok: true, data } satisfies PortedData, buffers);
    return { testRows, testY, trainSha256: hash(), trainRows: trainRows.length, ...(feedback ? { feedback } : {}), ...(fixed ? { fixed } : {}), ...(withTrainRows ? { trainIndex: trainRows.slice() } : {}) };
  } catch (e) {
    port.postMessage({ ok: false, problem: problemOf(e) } satisfies PortedData);
    throw e;
  } finally {
    port.close();
  }
}

function problemOf(e: unknown): Problem {
  return e instanceof Failure ? e.problem : unexpected(e);
}

function unexpected(e: unknown): Problem {
  if (e instanceof DOMException && e.name === 'AbortError') return { message: 'Cancelled.', code: 'cancelled' };
  const detail = e instanceof Error ? e.message : String(e);
  return problem('Something went wrong while working on the data.', `Details for a bug report: ${detail}`);
}

/** Preview cells: rows [start, end) × columns [colStart, colEnd), capped so a window stays small. */
export function rowWindow(table: Table, start: number, end: number, colStart = 0, colEnd = table.columns.length): RowWindow {
  const s = Math.max(0, Math.min(start, table.rowCount));
  const e = Math.max(s, Math.min(end, table.rowCount, s + 500));
  const cs = Math.max(0, Math.min(colStart, table.columns.length));
  const ce = Math.max(cs, Math.min(colEnd, table.columns.length, cs + 200));
  const cells: string[][] = [];
  const missing: boolean[][] = [];
  for (const col of table.columns.slice(cs, ce)) {
    const texts: string[] = [];
    const miss: boolean[] = [];
    for (let r = s; r < e; r++) {
      texts.push(cellText(col, r));
      miss.push(isMissing(col, r));
    }
    cells.push(texts);
    missing.push(miss);
  }
  return { start: s, colStart: cs, cells, missing };
}
