/**
 * Run comparison, framework-free: settings as a diff, metrics side by side with signed differences
 * (the better run marked by each metric's direction), and the test rows whose prediction changed
 * between two runs. Anything with this module's `ComparableRun` shape can be compared: training
 * runs today; search trials and cross-validation fold sets can map themselves to it later.
 */
import type { ClassificationReport } from './classification-report';
import type { RegressionReport } from './regression';
import { predictedClasses, type Proba } from './classification';

type Report = ClassificationReport | RegressionReport;

/** What the comparison reads of a run (a training run, a search trial, a fold set…). */
export interface ComparableRun {
  id: string;
  /** Short name shown in column heads, e.g. "#3". */
  label: string;
  /** Everything that was chosen for the run, nested as the user sees it (model, parameters, training). */
  settings: Record<string, unknown>;
  metrics?: Report;
  /** Learning curve: one point per epoch or boosting round. */
  curve?: readonly { epoch: number; trainLoss: number | null; valLoss: number | null }[];
  /** Test split predictions: cleaned-table row indices, true targets, probabilities n × K (or values n). */
  test?: { rows: ArrayLike<number>; y: ArrayLike<number>; predictions: Proba };
}

// ---------- settings ----------

export type Leaf = string | number | boolean | null;

export interface SettingRow {
  /** Dotted path, e.g. "params.maxDepth" or "training.earlyStopping.patience". */
  path: string;
  /** One per run; undefined where the run has no such setting (another model family). */
  values: (Leaf | undefined)[];
  changed: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Arrays (e.g. hidden layer sizes) are one setting, written as JSON; other non-leaves likewise. */
function leafOf(v: unknown): Leaf {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return JSON.stringify(v) ?? String(v);
}

function flatten(value: unknown, prefix: string, out: Map<string, Leaf>) {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, leafOf(value));
}

/**
 * The settings of N runs side by side, nested objects flattened to dotted paths. A row is changed
 * when any two runs differ there (a setting only some runs have counts as changed). Rows keep the
 * first run's order, then paths only later runs have.
 */
export function diffSettings(settings: readonly unknown[]): SettingRow[] {
  const flat = settings.map((s) => {
    const m = new Map<string, Leaf>();
    flatten(s, '', m);
    return m;
  });
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const m of flat) {
    for (const p of m.keys()) {
      if (seen.has(p)) continue;
      seen.add(p);
      paths.push(p);
    }
  }
  return paths.map((path) => {
    const values = flat.map((m) => (m.has(path) ? m.get(path) : undefined));
    const changed = values.some((v) => !Object.is(v, values[0]));
    return { path, values, changed };
  });
}

// ---------- metrics ----------

export type Direction = 'higher' | 'lower';

/** A compared metric; `R` is what it is read from (a test report, or e.g. a run's CV means). */
export interface MetricDef<R = Report> {
  id: string;
  label: string;
  direction: Direction;
  get: (m: R) => number | null;
}

const clf = (f: (m: ClassificationReport) => number | null) => (m: Report) => (m.kind === 'classification' ? f(m) : null);
const reg = (f: (m: RegressionReport) => number | null) => (m: Report) => (m.kind === 'regression' ? f(m) : null);

/** The compared metrics with the direction that is better (scikit-learn's meaning of each). */
export const COMPARED_METRICS: readonly MetricDef[] = [
  { id: 'accuracy', label: 'Accuracy', direction: 'higher', get: clf((m) => m.accuracy) },
  { id: 'balancedAccuracy', label: 'Balanced accuracy', direction: 'higher', get: clf((m) => m.balancedAccuracy) },
  { id: 'macroF1', label: 'Macro F1', direction: 'higher', get: clf((m) => m.macro.f1) },
  { id: 'weightedF1', label: 'Weighted F1', direction: 'higher', get: clf((m) => m.weighted.f1) },
  { id: 'logLoss', label: 'Log loss', direction: 'lower', get: clf((m) => m.logLoss) },
  { id: 'auc', label: 'ROC AUC', direction: 'higher', get: clf((m) => m.auc) },
  { id: 'averagePrecision', label: 'Average precision', direction: 'higher', get: clf((m) => m.averagePrecision) },
  { id: 'r2', label: 'R²', direction: 'higher', get: reg((m) => m.r2) },
  { id: 'mae', label: 'MAE', direction: 'lower', get: reg((m) => m.mae) },
  { id: 'rmse', label: 'RMSE', direction: 'lower', get: reg((m) => m.rmse) },
  { id: 'mse', label: 'MSE', direction: 'lower', get: reg((m) => m.mse) },
  { id: 'maxAbsError', label: 'Largest error', direction: 'lower', get: reg((m) => m.maxAbsError) },
];

export interface MetricRow {
  id: string;
  label: string;
  direction: Direction;
  values: (number | null)[];
  /** values[i] − values[0] (signed; the first run is the baseline); null where either is missing. */
  diffs: (number | null)[];
  /** Indices of the best runs by the metric's direction; empty when all runs tie or fewer than two have a value. */
  best: number[];
}

/** Metrics of N runs side by side; rows only for metrics at least one run has. */
export function compareMetrics<R = Report>(reports: readonly (R | undefined)[], defs: readonly MetricDef<R>[] = COMPARED_METRICS as unknown as readonly MetricDef<R>[]): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const d of defs) {
    const values = reports.map((m) => (m ? d.get(m) : null));
    if (values.every((v) => v === null)) continue;
    const base = values[0] ?? null;
    const diffs = values.map((v) => (v === null || base === null ? null : v - base));
    const present = values.flatMap((v, i) => (v === null ? [] : [{ v, i }]));
    let best: number[] = [];
    if (present.length >= 2) {
      const target = d.direction === 'higher' ? Math.max(...present.map((p) => p.v)) : Math.min(...present.map((p) => p.v));
      best = present.filter((p) => p.v === target).map((p) => p.i);
      if (best.length === present.length) best = []; // a tie everywhere: nobody is better
    }
    rows.push({ id: d.id, label: d.label, direction: d.direction, values, diffs, best });
  }
  return rows;
}

// ---------- test rows ----------

/** Whether two runs' test splits are the same rows in the same order with the same targets. */
export function sameTestRows(a: { rows: ArrayLike<number>; y: ArrayLike<number> }, b: { rows: ArrayLike<number>; y: ArrayLike<number> }): boolean {
  if (a.rows.length !== b.rows.length || a.y.length !== b.y.length) return false;
  for (let i = 0; i < a.rows.length; i++) if (a.rows[i] !== b.rows[i]) return false;
  for (let i = 0; i < a.y.length; i++) if (!Object.is(a.y[i], b.y[i])) return false;
  return true;
}

export interface Flip {
  /** Position in the test split (index into the prediction arrays). */
  index: number;
  truth: number;
  predA: number;
  predB: number;
}

export interface Flips {
  n: number;
  rightToWrong: Flip[];
  wrongToRight: Flip[];
  /** Predicted class changed, wrong in both runs. */
  bothWrong: Flip[];
}

/**
 * The test rows whose predicted class (arg-max of the probabilities, first on ties) differs between
 * runs A and B, by how it changed. Rows predicted the same are not listed.
 */
export function predictionFlips(yTrue: ArrayLike<number>, probaA: Proba, probaB: Proba, numClasses: number): Flips {
  const n = yTrue.length;
  if (probaA.length !== n * numClasses || probaB.length !== n * numClasses) throw new Error('prediction arrays do not match the test rows');
  const pa = predictedClasses(probaA, numClasses);
  const pb = predictedClasses(probaB, numClasses);
  const out: Flips = { n, rightToWrong: [], wrongToRight: [], bothWrong: [] };
  for (let i = 0; i < n; i++) {
    if (pa[i] === pb[i]) continue;
    const flip = { index: i, truth: yTrue[i]!, predA: pa[i]!, predB: pb[i]! };
    if (pa[i] === flip.truth) out.rightToWrong.push(flip);
    else if (pb[i] === flip.truth) out.wrongToRight.push(flip);
    else out.bothWrong.push(flip);
  }
  return out;
}

export interface ErrorChange {
  index: number;
  truth: number;
  predA: number;
  predB: number;
  /** |truth − predB| − |truth − predA|: negative when run B is closer. */
  change: number;
}

/** Regression: the test rows whose absolute error changed most between runs A and B, largest change first. */
export function errorChanges(yTrue: ArrayLike<number>, predA: ArrayLike<number>, predB: ArrayLike<number>, k: number): ErrorChange[] {
  const n = yTrue.length;
  if (predA.length !== n || predB.length !== n) throw new Error('prediction arrays do not match the test rows');
  const all: ErrorChange[] = [];
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const change = Math.abs(t - predB[i]!) - Math.abs(t - predA[i]!);
    all.push({ index: i, truth: t, predA: predA[i]!, predB: predB[i]!, change: Number.isNaN(change) ? Infinity : change });
  }
  return all.sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.index - y.index).slice(0, Math.max(0, k));
}
