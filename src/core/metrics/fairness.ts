/**
 * Group fairness on the test split: per group of one or more sensitive columns, the rates a
 * model's decisions have in that group, and the gaps between groups with Fairlearn's definitions
 * (fairlearn.metrics: demographic_parity_difference/ratio, equalized_odds_difference,
 * equal_opportunity_difference, all "between_groups": largest group value − smallest).
 *
 * Binary rates are about one class, the *positive* one (for several classes: that class against
 * the rest). Undefined values (no rows to divide by) are null, never NaN, so results are JSON-safe;
 * a group whose rate is undefined takes no part in that gap, and a warning says so.
 */
import type { Proba } from './classification';

/** Fewer test rows than this in a group: its rates are noisy. A rate p measured on n rows has a
 * standard error of √(p(1−p)/n), up to 0.5/√n: 0.09 at 30 rows, so two groups of 30 can differ by
 * 0.1 by chance alone. */
export const MIN_GROUP_ROWS = 30;
/** Fewer actual positives (or negatives) than this: the group's TPR (or FPR) rests on a handful of
 * rows (standard error up to 0.16 at 10). */
export const MIN_GROUP_CLASS_ROWS = 10;

/** How row groups are named: the values of the sensitive columns, joined. */
export const GROUP_JOIN = ' · ';

/** The group of each row: `values[c][i]` is column c's value in row i ('' shows as "(missing)"). */
export function groupKeys(values: readonly (readonly string[])[]): string[] {
  const n = values[0]?.length ?? 0;
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(values.map((col) => (col[i] === '' || col[i] === undefined ? '(missing)' : col[i])).join(GROUP_JOIN));
  return out;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ClassGroupStats {
  group: string;
  count: number;
  /** Share of the group's rows whose true class is the positive one. */
  baseRate: number | null;
  /** Share predicted positive. */
  selectionRate: number | null;
  /** Share predicted right (all classes, not only positive/negative). */
  accuracy: number | null;
  precision: number | null;
  /** Recall of the positive class, the true-positive rate. */
  tpr: number | null;
  fpr: number | null;
  /** Calibration: the mean predicted probability of the positive class, to compare with baseRate. */
  meanProbability: number | null;
  /** meanProbability − baseRate: positive when the model over-predicts the class for this group. */
  calibrationGap: number | null;
  confusion: Confusion;
}

export interface Gap {
  /** Largest group value − smallest (ratio: smallest / largest). */
  value: number | null;
  /** The groups with the smallest and the largest value. */
  min?: string;
  max?: string;
}

export interface ClassificationGaps {
  demographicParityDifference: Gap;
  demographicParityRatio: Gap;
  equalizedOddsDifference: Gap;
  equalOpportunityDifference: Gap;
  /** Not a Fairlearn gap: the largest − smallest FPR, one half of equalized odds. */
  fprDifference: Gap;
}

export interface ClassificationAudit {
  kind: 'classification';
  positive: number;
  groups: ClassGroupStats[];
  overall: ClassGroupStats;
  gaps: ClassificationGaps;
  warnings: string[];
}

export interface RegressionGroupStats {
  group: string;
  count: number;
  mae: number | null;
  /** Mean of actual − predicted: positive when the model under-predicts for this group. */
  meanResidual: number | null;
  meanActual: number | null;
  meanPredicted: number | null;
}

export interface RegressionAudit {
  kind: 'regression';
  groups: RegressionGroupStats[];
  overall: RegressionGroupStats;
  gaps: { maeDifference: Gap; meanResidualDifference: Gap };
  warnings: string[];
}

const div = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The decision for one row: positive when its positive-class probability reaches the group's threshold, else the argmax. */
export interface Decision {
  /** Binary post-processing: a threshold on the positive class's probability per group (others: the default). */
  thresholds?: Readonly<Record<string, number>>;
}

export interface ClassificationAuditInput extends Decision {
  yTrue: ArrayLike<number>;
  proba: Proba;
  numClasses: number;
  positive: number;
  groups: readonly string[];
}

/** Predicted class per row: argmax, or (binary, with a threshold for the row's group) positive iff p ≥ threshold. */
export function decide(input: ClassificationAuditInput): Uint32Array {
  const { proba, numClasses: k, positive, groups, thresholds } = input;
  const n = input.yTrue.length;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const t = thresholds?.[groups[i]!];
    if (t !== undefined && k === 2) {
      out[i] = proba[i * 2 + positive]! >= t ? positive : 1 - positive;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}

function classStats(group: string, rows: number[], input: ClassificationAuditInput, pred: Uint32Array): ClassGroupStats {
  const { yTrue, proba, numClasses: k, positive } = input;
  const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  let right = 0;
  let pSum = 0;
  for (const i of rows) {
    const actual = yTrue[i] === positive;
    const said = pred[i] === positive;
    if (yTrue[i] === pred[i]) right++;
    pSum += proba[i * k + positive]!;
    if (actual && said) c.tp++;
    else if (actual) c.fn++;
    else if (said) c.fp++;
    else c.tn++;
  }
  const n = rows.length;
  const baseRate = div(c.tp + c.fn, n);
  const meanProbability = div(pSum, n);
  return {
    group,
    count: n,
    baseRate,
    selectionRate: div(c.tp + c.fp, n),
    accuracy: div(right, n),
    precision: div(c.tp, c.tp + c.fp),
    tpr: div(c.tp, c.tp + c.fn),
    fpr: div(c.fp, c.fp + c.tn),
    meanProbability,
    calibrationGap: meanProbability !== null && baseRate !== null ? meanProbability - baseRate : null,
    confusion: c,
  };
}

/** Row indices per group, groups sorted by name (a stable table whatever the row order). */
export function rowsByGroup(groups: readonly string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = m.get(g);
    if (list) list.push(i);
    else m.set(g, [i]);
  });
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Largest − smallest over the groups where `value` is defined (Fairlearn's `difference(method='between_groups')`). */
export function difference<T extends { group: string }>(stats: readonly T[], value: (s: T) => number | null): Gap {
  let min: T | undefined;
  let max: T | undefined;
  for (const s of stats) {
    const v = value(s);
    if (v === null) continue;
    if (!min || v < value(min)!) min = s;
    if (!max || v > value(max)!) max = s;
  }
  if (!min || !max) return { value: null };
  return { value: value(max)! - value(min)!, min: min.group, max: max.group };
}

/** Smallest / largest (Fairlearn's `ratio`); null when the largest is 0. */
export function ratio<T extends { group: string }>(stats: readonly T[], value: (s: T) => number | null): Gap {
  const d = difference(stats, value);
  if (d.value === null) return d;
  const lo = value(stats.find((s) => s.group === d.min)!)!;
  const hi = value(stats.find((s) => s.group === d.max)!)!;
  return hi > 0 ? { value: lo / hi, min: d.min!, max: d.max! } : { value: null };
}

function maxGap(a: Gap, b: Gap): Gap {
  if (a.value === null) return b;
  if (b.value === null) return a;
  return b.value > a.value ? b : a;
}

function sizeWarnings(stats: readonly { group: string; count: number }[]): string[] {
  return stats
    .filter((s) => s.count < MIN_GROUP_ROWS)
    .map((s) => `Group "${s.group}" has only ${s.count} test row${s.count === 1 ? '' : 's'} (fewer than ${MIN_GROUP_ROWS}): its rates can be off by 0.1 or more by chance alone, so gaps involving it are not reliable.`);
}

export function auditClassification(input: ClassificationAuditInput): ClassificationAudit {
  const pred = decide(input);
  const all = Array.from({ length: input.yTrue.length }, (_, i) => i);
  const groups = [...rowsByGroup(input.groups)].map(([g, rows]) => classStats(g, rows, input, pred));
  const warnings = sizeWarnings(groups);
  for (const s of groups) {
    const pos = s.confusion.tp + s.confusion.fn;
    const neg = s.confusion.fp + s.confusion.tn;
    if (s.count >= MIN_GROUP_ROWS && (pos < MIN_GROUP_CLASS_ROWS || neg < MIN_GROUP_CLASS_ROWS)) {
      warnings.push(`Group "${s.group}" has ${pos} actual positive and ${neg} actual negative test rows: its ${pos < MIN_GROUP_CLASS_ROWS ? 'true-positive rate' : 'false-positive rate'} rests on fewer than ${MIN_GROUP_CLASS_ROWS} rows.`);
    }
    if (s.tpr === null) warnings.push(`Group "${s.group}" has no actual positives: it takes no part in the equal-opportunity and equalized-odds gaps (TPR).`);
    if (s.fpr === null) warnings.push(`Group "${s.group}" has no actual negatives: it takes no part in the equalized-odds gap (FPR).`);
  }
  if (groups.length < 2) warnings.push('There is only one group: there is nothing to compare.');
  const tprDiff = difference(groups, (s) => s.tpr);
  const fprDiff = difference(groups, (s) => s.fpr);
  return {
    kind: 'classification',
    positive: input.positive,
    groups,
    overall: classStats('all', all, input, pred),
    gaps: {
      demographicParityDifference: difference(groups, (s) => s.selectionRate),
      demographicParityRatio: ratio(groups, (s) => s.selectionRate),
      equalizedOddsDifference: maxGap(tprDiff, fprDiff),
      equalOpportunityDifference: tprDiff,
      fprDifference: fprDiff,
    },
    warnings,
  };
}

function regressionStats(group: string, rows: number[], yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionGroupStats {
  let abs = 0;
  let res = 0;
  let act = 0;
  let pre = 0;
  for (const i of rows) {
    const r = yTrue[i]! - yPred[i]!;
    abs += Math.abs(r);
    res += r;
    act += yTrue[i]!;
    pre += yPred[i]!;
  }
  const n = rows.length;
  return { group, count: n, mae: div(abs, n), meanResidual: div(res, n), meanActual: div(act, n), meanPredicted: div(pre, n) };
}

export function auditRegression(input: { yTrue: ArrayLike<number>; yPred: ArrayLike<number>; groups: readonly string[] }): RegressionAudit {
  const { yTrue, yPred } = input;
  const groups = [...rowsByGroup(input.groups)].map(([g, rows]) => regressionStats(g, rows, yTrue, yPred));
  const warnings = sizeWarnings(groups);
  if (groups.length < 2) warnings.push('There is only one group: there is nothing to compare.');
  return {
    kind: 'regression',
    groups,
    overall: regressionStats('all', Array.from({ length: yTrue.length }, (_, i) => i), yTrue, yPred),
    gaps: { maeDifference: difference(groups, (s) => s.mae), meanResidualDifference: difference(groups, (s) => s.meanResidual) },
    warnings,
  };
}
