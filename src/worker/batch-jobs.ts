/**
 * Batch prediction in the data worker (see core/jobs/batch.ts for the split between workers):
 * read the new file with the Upload step's ingest, check its columns against the model's raw
 * schema (every problem named before anything is predicted), replay the recipe in predict mode,
 * then per chunk: encode → the training worker predicts (on the port) → CSV lines. The drift
 * report compares the cleaned rows and the predictions with the training summary.
 * Also the training summary itself (`batchSummary`), made from the cleaned table's training split.
 */
import { blobSource, ingest } from '../core/data/ingest';
import { isMissingText, NOT_A_NUMBER, parseCell } from '../core/data/column-builder';
import { ingestTexts, isTextFile } from '../core/data/text-ingest';
import { effectiveType, type ColumnSchema, type ColumnType } from '../core/data/schema';
import { cellText, numberColumn, stringColumn, type Column, type Table } from '../core/data/table';
import { runRecipe, type Recipe } from '../core/clean/recipe';
import { encodeRows, splitForSpec, type FeatureSpec, type FittedEncoders } from '../core/features';
import { dataSummary, driftReport, type DataSummary } from '../core/drift';
import { BATCH_CHUNK_ROWS, type BatchChunk, type BatchColumnProblem, type BatchPredictions, type BatchPredictor, type BatchResult } from '../core/jobs';
import { err, ok, type Problem, type Result } from '../core/util/result';
import { labelledRows } from './batch-labelled';
import { csvCell } from '../core/data/csv-cell';

export interface BatchJob extends BatchPredictor {
  file: Blob;
  fileName: string;
  /** To the training worker's `batch-predict` job. */
  port: MessagePort;
}

type Emit = (done: number, total: number, label: string) => void;

const TYPE_WORDS: Record<ColumnType, string> = {
  numeric: 'numbers',
  categorical: 'categories',
  boolean: 'true/false values',
  date: 'dates',
  text: 'text',
  identifier: 'identifiers',
};

/** The raw columns the encoders read, followed back through the recipe's renames. */
export function neededColumns(fitted: FittedEncoders, recipe: Recipe): Set<string> {
  const needed = new Set([...fitted.columns.map((c) => c.name), ...(fitted.text?.columns ?? [])]);
  for (const step of [...recipe.steps].reverse()) {
    if (!step.enabled || step.op !== 'rename-column') continue;
    const p = step.params as { from?: unknown; to?: unknown };
    if (typeof p.from === 'string' && typeof p.to === 'string' && needed.delete(p.to)) needed.add(p.from);
  }
  return needed;
}

/** A value of a text column that is not a number (as ingest reads numbers), if any. */
function firstText(col: Column): string | undefined {
  if (col.kind !== 'string') return undefined;
  return col.dict.find((v) => !isMissingText(v) && parseCell(v) === NOT_A_NUMBER);
}

/** A text column whose values are all numbers (e.g. JSON strings "5.1") as a number column. */
function asNumbers(col: Column): Column {
  if (col.kind === 'number') return col;
  const parsed = col.dict.map((v) => (isMissingText(v) ? NaN : parseCell(v)));
  return { kind: 'number', name: col.name, values: Float64Array.from(col.codes, (c) => (c < 0 ? NaN : parsed[c]!)) };
}

/**
 * The new table with the raw schema's columns, in its order: a needed column that is absent, or
 * that holds text where numbers are expected, is a problem; an unneeded absent one (the target,
 * a column the encoders leave out) is all missing. Extra columns of the file are left out here
 * (they stay in the CSV).
 */
export function conformColumns(table: Table, rawSchema: readonly ColumnSchema[], needed: ReadonlySet<string>): { ok: true; table: Table } | { ok: false; problems: BatchColumnProblem[] } {
  const problems: BatchColumnProblem[] = [];
  const columns: Column[] = [];
  for (const s of rawSchema) {
    const type = effectiveType(s);
    const col = table.columns.find((c) => c.name === s.name);
    if (!col) {
      if (needed.has(s.name)) problems.push({ column: s.name, issue: 'missing', expected: TYPE_WORDS[type] });
      else columns.push(type === 'numeric' ? numberColumn(s.name, new Array<null>(table.rowCount).fill(null)) : stringColumn(s.name, new Array<null>(table.rowCount).fill(null)));
      continue;
    }
    const text = type === 'numeric' && needed.has(s.name) ? firstText(col) : undefined;
    if (text !== undefined) problems.push({ column: s.name, issue: 'type', expected: 'numbers', found: `text such as “${text.length > 40 ? `${text.slice(0, 40)}…` : text}”` });
    columns.push(type === 'numeric' ? asNumbers(col) : col);
  }
  return problems.length ? { ok: false, problems } : { ok: true, table: { columns, rowCount: table.rowCount } };
}

/** The message that names every column problem (shown before anything is predicted). */
export function columnsProblem(problems: readonly BatchColumnProblem[], fileName: string): Problem {
  const missing = problems.filter((p) => p.issue === 'missing');
  const typed = problems.filter((p) => p.issue === 'type');
  const parts = [
    missing.length ? `${missing.length === 1 ? 'a column is' : `${missing.length} columns are`} missing: ${missing.map((p) => `“${p.column}” (${p.expected})`).join(', ')}` : '',
    typed.length ? `${typed.map((p) => `“${p.column}” should hold ${p.expected} but has ${p.found}`).join('; ')}` : '',
  ].filter(Boolean);
  return {
    message: `${fileName} does not fit this model: ${parts.join('; ')}.`,
    hint: 'Use a file with the same columns as the training data (names are case-sensitive); other columns may be added, they are copied to the result.',
    code: 'batch-columns',
  };
}

async function readFile(job: BatchJob, emit: Emit, signal: AbortSignal): Promise<Result<Table>> {
  const source = blobSource(job.file);
  const progress = (p: { bytesRead: number; rows: number }) => emit(p.bytesRead, job.file.size, `Reading the file: ${p.rows.toLocaleString('en-US')} rows`);
  if (!isTextFile(job.fileName)) {
    const res = await ingest(source, { fileName: job.fileName }, progress, signal);
    return res.ok ? ok(res.value.table) : res;
  }
  // A .txt file: one text per line, into the model's text column (its label column is the file name: dropped).
  const res = await ingestTexts([{ path: job.fileName, source }], 'line', progress, signal);
  if (!res.ok) return res;
  const textColumn = job.fitted.text?.columns.length === 1 ? job.fitted.text.columns[0]! : 'text';
  const text = res.value.table.columns.find((c) => c.name === 'text')!;
  return ok({ columns: [{ ...text, name: textColumn }], rowCount: res.value.table.rowCount });
}

const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : '');

/** Sends chunks on the port and resolves their predictions in order (two may be in flight). */
function predictionsOn(port: MessagePort, signal: AbortSignal) {
  const waiting: ((r: BatchPredictions) => void)[] = [];
  port.onmessage = (e: MessageEvent<BatchPredictions>) => waiting.shift()?.(e.data);
  signal.addEventListener('abort', () => waiting.splice(0).forEach((w) => w({ ok: false, problem: { message: 'Cancelled.', code: 'cancelled' } })), { once: true });
  return {
    ask(x: Float32Array, n: number): Promise<BatchPredictions> {
      return new Promise((resolve) => {
        waiting.push(resolve);
        port.postMessage({ type: 'rows', x, n } satisfies BatchChunk, [x.buffer]);
      });
    },
    end() {
      port.postMessage({ type: 'end' } satisfies BatchChunk);
      port.close();
    },
  };
}

export async function batchPredictFile(job: BatchJob, emit: Emit, signal: AbortSignal): Promise<Result<BatchResult>> {
  const t0 = performance.now();
  const port = predictionsOn(job.port, signal);
  try {
    const read = await readFile(job, emit, signal);
    if (!read.ok) return read;
    const input = read.value;
    if (input.rowCount === 0) return err({ message: `${job.fileName} has no rows to predict.`, hint: 'Choose a file with a header and at least one row.' });
    const conformed = conformColumns(input, job.rawSchema, neededColumns(job.fitted, job.recipe));
    if (!conformed.ok) return err(columnsProblem(conformed.problems, job.fileName));
    const cleaned = runRecipe(conformed.table, job.rawSchema, job.recipe, { mode: 'predict' });
    // Predict mode filters no rows, so row i of the result is row i of the file.
    if (cleaned.table.rowCount !== input.rowCount) return err({ message: 'The cleaning recipe changed the number of rows of the new file.', hint: 'This is a bug: please report it with the recipe.' });
    const { fitted, labels } = job;
    const k = fitted.task === 'classification' ? labels.length : 1;
    const n = input.rowCount;
    const predictions = new Float32Array(n * k);
    const predictionColumns = ['prediction', ...(fitted.task === 'classification' ? labels.map((l) => `probability_${l}`) : [])];
    const parts: string[] = [[...input.columns.map((c) => c.name), ...predictionColumns].map(csvCell).join(',') + '\n'];
    const encode = (start: number) => {
      const rows = Uint32Array.from({ length: Math.min(BATCH_CHUNK_ROWS, n - start) }, (_, i) => start + i);
      const enc = encodeRows(cleaned.table, fitted, rows);
      return port.ask(enc.x, enc.n);
    };
    let pending = encode(0);
    for (let start = 0; start < n; start += BATCH_CHUNK_ROWS) {
      const next = start + BATCH_CHUNK_ROWS < n ? encode(start + BATCH_CHUNK_ROWS) : undefined;
      const res = await pending;
      if (!res.ok) return err(res.problem);
      predictions.set(res.predictions, start * k);
      parts.push(csvLines(input, res.predictions, start, labels, fitted.task === 'classification'));
      emit(start + res.predictions.length / k, n, `${(start + res.predictions.length / k).toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows predicted`);
      if (next) pending = next;
    }
    emit(n, n, 'Comparing with the training data');
    const drift = job.summary ? driftReport(job.summary, cleaned.table, fitted, predictions) : undefined;
    const target = input.columns.some((c) => c.name === fitted.target.name) ? fitted.target.name : undefined;
    const labelled = target ? labelledRows(input, job.rawSchema, target, fitted.task === 'classification' ? labels : [], predictions) : undefined;
    return ok({
      csv: new Blob(parts, { type: 'text/csv' }),
      fileName: `${job.fileName.replace(/\.[^.]+$/, '')}-predictions.csv`,
      rows: n,
      task: fitted.task,
      labels,
      predictions,
      inputColumns: input.columns.map((c) => c.name),
      predictionColumns,
      ...(target ? { target } : {}),
      ...(labelled ? { labelled } : {}),
      ...(drift ? { drift } : { driftMissing: 'This model carries no summary of its training data (it was exported by an older ML Studio), so new data cannot be compared with it. Export the model again from the project that trained it to get drift reports.' }),
      problems: cleaned.reports.flatMap((r) => r.problems).slice(0, 5),
      seconds: (performance.now() - t0) / 1000,
    });
  } finally {
    port.end();
  }
}

/** CSV lines of rows [start, start + m): the file's cells as given, the prediction, the probabilities. */
function csvLines(input: Table, predictions: Float32Array, start: number, labels: readonly string[], classification: boolean): string {
  const k = classification ? labels.length : 1;
  const m = predictions.length / k;
  const lines: string[] = [];
  for (let i = 0; i < m; i++) {
    const r = start + i;
    const cells = input.columns.map((c) => csvCell(cellText(c, r)));
    if (classification) {
      let best = 0;
      for (let c = 1; c < k; c++) if (predictions[i * k + c]! > predictions[i * k + best]!) best = c;
      cells.push(csvCell(labels[best]!));
      for (let c = 0; c < k; c++) cells.push(num(predictions[i * k + c]!));
    } else cells.push(num(predictions[i]!));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The training summary of a cleaned table: the columns the encoders read, over the training split. */
export function batchSummary(table: Table, spec: FeatureSpec, fitted: FittedEncoders): Result<DataSummary> {
  const split = splitForSpec(table, spec);
  if (!split.ok) return split;
  return ok(dataSummary(table, fitted, split.value.train));
}
