/**
 * The classroom challenge (issue 16 §4), files only. From one dataset a teacher writes:
 * - `<name>-train.csv`: the training part, labels included (students load it like any CSV);
 * - `<name>-test.csv`: the test part with a `row_id` column and the target column replaced by
 *   sha256(salt : row_id : label), first 16 hex digits. The salt never leaves the teacher's key, and
 *   every row has its own hash input, so equal labels do not give equal hashes (no grouping by hash);
 * - `<name>-teacher-key.json`: the salt, the test rows and their labels.
 * Students submit a model bundle; the teacher's studio predicts the key's test rows with it and
 * scores the predictions against the hidden labels: accuracy (classification) or R² (regression),
 * the same functions as the Evaluate step's metrics.
 */
import { csvLine } from '../data/write-rows';
import { accuracy, r2Score } from '../metrics';
import { sha256Hex } from '../util/sha256';

export const CHALLENGE_KEY_FORMAT = 'ml-studio-challenge-key';

export interface ChallengeKey {
  format: typeof CHALLENGE_KEY_FORMAT;
  version: 1;
  name: string;
  target: string;
  task: 'classification' | 'regression';
  salt: string;
  /** Column names of the test rows (target excluded), in file order. */
  columns: string[];
  test: { rowId: string; record: Record<string, string>; label: string }[];
  createdAt: string;
}

export interface ChallengeFiles {
  trainCsv: string;
  testCsv: string;
  key: ChallengeKey;
}

export const labelHash = (salt: string, rowId: string, label: string): string => sha256Hex(`${salt}:${rowId}:${label}`).slice(0, 16);

export function makeChallenge(opts: {
  name: string;
  target: string;
  task: 'classification' | 'regression';
  columns: string[];
  train: Record<string, string>[];
  test: Record<string, string>[];
  salt: string;
  createdAt: string;
}): ChallengeFiles {
  const { columns, target, salt } = opts;
  const features = columns.filter((c) => c !== target);
  const trainCsv = csvLine(columns) + opts.train.map((r) => csvLine(columns.map((c) => r[c] ?? ''))).join('');
  const test = opts.test.map((r, i) => ({ rowId: `t${String(i + 1).padStart(5, '0')}`, record: Object.fromEntries(features.map((c) => [c, r[c] ?? ''])), label: r[target] ?? '' }));
  const testColumns = ['row_id', ...columns.map((c) => (c === target ? `${target}_hash` : c))];
  const testCsv = csvLine(testColumns) + test.map((t) => csvLine([t.rowId, ...columns.map((c) => (c === target ? labelHash(salt, t.rowId, t.label) : t.record[c]!))])).join('');
  return { trainCsv, testCsv, key: { format: CHALLENGE_KEY_FORMAT, version: 1, name: opts.name, target, task: opts.task, salt, columns: features, test, createdAt: opts.createdAt } };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A teacher key read from a file: checked field by field (a student's test file, or a damaged key, is refused with a reason). */
export function readChallengeKey(v: unknown): { ok: true; value: ChallengeKey } | { ok: false; error: { message: string; hint?: string } } {
  const bad = (why: string) => ({ ok: false as const, error: { message: `This is not a challenge teacher key: ${why}.`, hint: 'Choose the “…-teacher-key.json” file the studio wrote with the challenge.' } });
  if (!isObject(v) || v.format !== CHALLENGE_KEY_FORMAT) return bad('its format is not ml-studio-challenge-key');
  if (v.version !== 1) return bad(`version ${String(v.version)} is not supported`);
  if (typeof v.name !== 'string' || typeof v.target !== 'string' || typeof v.salt !== 'string' || (v.task !== 'classification' && v.task !== 'regression')) return bad('a field is missing');
  if (!Array.isArray(v.columns) || !v.columns.every((c) => typeof c === 'string')) return bad('the columns are damaged');
  if (!Array.isArray(v.test) || v.test.length === 0) return bad('it has no test rows');
  const test: ChallengeKey['test'] = [];
  for (const t of v.test) {
    if (!isObject(t) || typeof t.rowId !== 'string' || typeof t.label !== 'string' || !isObject(t.record)) return bad('a test row is damaged');
    const record = Object.create(null) as Record<string, string>;
    for (const [k, cell] of Object.entries(t.record)) if (typeof cell === 'string') record[k] = cell;
    test.push({ rowId: t.rowId, record, label: t.label });
  }
  return { ok: true, value: { format: CHALLENGE_KEY_FORMAT, version: 1, name: v.name, target: v.target, task: v.task, salt: v.salt, columns: v.columns as string[], test, createdAt: typeof v.createdAt === 'string' ? v.createdAt : '' } };
}

/** True when every hash of a student test file's rows matches the key (the key belongs to that file). */
export function keyMatchesHashes(key: ChallengeKey, hashes: Record<string, string>): boolean {
  return key.test.every((t) => hashes[t.rowId] === labelHash(key.salt, t.rowId, t.label));
}

export interface ChallengeScore {
  metric: 'accuracy' | 'R²';
  score: number;
  rows: number;
}

/**
 * Scores predictions of the key's test rows, in key order: predicted class names (classification)
 * or values (regression). A class the key does not know counts as wrong.
 */
export function scoreChallenge(key: ChallengeKey, predicted: readonly (string | number)[]): ChallengeScore {
  if (predicted.length !== key.test.length) throw new Error(`expected ${key.test.length} predictions, got ${predicted.length}`);
  if (key.task === 'classification') {
    const names = [...new Set(key.test.map((t) => t.label))].sort();
    const index = (s: string) => names.indexOf(s);
    const yTrue = key.test.map((t) => index(t.label));
    const yPred = predicted.map((p) => index(String(p)));
    return { metric: 'accuracy', score: accuracy(yTrue, yPred) ?? 0, rows: yTrue.length };
  }
  const yTrue = key.test.map((t) => Number(t.label));
  return { metric: 'R²', score: r2Score(yTrue, predicted.map(Number)) ?? 0, rows: yTrue.length };
}
