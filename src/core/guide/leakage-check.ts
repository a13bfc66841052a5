/**
 * Target leakage: a feature that predicts the target almost perfectly on its own. Checked on a
 * sample of the cleaned rows (records as text), one feature at a time, with a rule a student can
 * follow by hand:
 * - classification: map each value of the feature to its most common class (numbers: value ranges
 *   in sorted order, one class per range, at most two ranges per class); flagged when that rule is
 *   right for ≥ 98 % of the rows and removes ≥ 80 % of the errors of always guessing the biggest class;
 * - regression: |Pearson correlation| ≥ 0.95 for a number column, or the per-value means explain
 *   ≥ 95 % of the target's variance for a category column.
 * Category columns need ≥ 5 rows per distinct value on average, so an id-like column that can
 * memorise every row is not called a leak (the encode step already leaves identifiers out).
 */
import { pct, type GuideWarning } from './warning';

export interface LeakageFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** One text per sampled row, '' when missing. */
  values: string[];
}

export interface LeakageSample {
  task: 'classification' | 'regression';
  targetName: string;
  /** One text per sampled row, '' when missing. */
  target: string[];
  features: LeakageFeature[];
}

export const LEAK_ACCURACY = 0.98;
export const LEAK_CORRELATION = 0.95;
const MIN_ROWS = 20;
const ROWS_PER_VALUE = 5;

export interface LeakFinding {
  feature: string;
  /** Share of rows the one-feature rule gets right (classification) or |r| / η² (regression). */
  score: number;
  rule: string;
}

export function findLeaks(sample: LeakageSample): LeakFinding[] {
  const out: LeakFinding[] = [];
  for (const f of sample.features) {
    const pairs: [string, string][] = [];
    for (let i = 0; i < f.values.length; i++) {
      const x = f.values[i]!;
      const y = sample.target[i] ?? '';
      if (x !== '' && y !== '') pairs.push([x, y]);
    }
    if (pairs.length < MIN_ROWS) continue;
    const finding = sample.task === 'classification' ? classLeak(f, pairs) : regressionLeak(f, pairs);
    if (finding) out.push(finding);
  }
  return out;
}

export function leakageWarnings(sample: LeakageSample): GuideWarning[] {
  return findLeaks(sample).map((l) => ({
    kind: 'leakage',
    title: `“${l.feature}” may leak the answer`,
    message: `On its own, “${l.feature}” predicts ${sample.targetName} almost perfectly. Real features rarely do: it is probably computed from ${sample.targetName}, or only known after it. A model trained with it scores high here and fails on new data. Untick it in Encode unless you are sure you will know it before predicting.`,
    rule: l.rule,
    terms: ['target-leakage', 'feature'],
  }));
}

function classLeak(f: LeakageFeature, pairs: [string, string][]): LeakFinding | undefined {
  const n = pairs.length;
  const classCounts = new Map<string, number>();
  for (const [, y] of pairs) classCounts.set(y, (classCounts.get(y) ?? 0) + 1);
  const baseline = Math.max(...classCounts.values()) / n;
  // Rows per distinct value, in value order (numbers sorted numerically).
  const groups = new Map<string, Map<string, number>>();
  for (const [x, y] of pairs) {
    let g = groups.get(x);
    if (!g) groups.set(x, (g = new Map()));
    g.set(y, (g.get(y) ?? 0) + 1);
  }
  const numeric = f.kind === 'numeric' && pairs.every(([x]) => Number.isFinite(Number(x)));
  let correct = 0;
  let rule: string;
  if (!numeric || groups.size <= classCounts.size * 2) {
    if (groups.size * ROWS_PER_VALUE > n) return undefined;
    for (const g of groups.values()) correct += Math.max(...g.values());
    rule = `Rule: each of its ${groups.size} values → its most common class is right for ${pct(correct / n, 1)} of ${n} sampled rows (always guessing the biggest class: ${pct(baseline, 1)}). Flagged at ≥ ${pct(LEAK_ACCURACY)}.`;
  } else {
    // Value ranges: consecutive values whose most common class is the same form one range.
    const keys = [...groups.keys()].sort((a, b) => Number(a) - Number(b));
    let ranges = 0;
    let last: string | undefined;
    for (const k of keys) {
      const g = groups.get(k)!;
      let best = '';
      let bestCount = -1;
      for (const [c, count] of g) if (count > bestCount) [best, bestCount] = [c, count];
      correct += bestCount;
      if (best !== last) ranges++;
      last = best;
    }
    if (ranges > classCounts.size * 2) return undefined;
    rule = `Rule: ${ranges} ranges of its values, each → one class, are right for ${pct(correct / n, 1)} of ${n} sampled rows (always guessing the biggest class: ${pct(baseline, 1)}). Flagged at ≥ ${pct(LEAK_ACCURACY)}.`;
  }
  const acc = correct / n;
  if (acc < LEAK_ACCURACY || 1 - acc > 0.2 * (1 - baseline)) return undefined;
  return { feature: f.name, score: acc, rule };
}

function regressionLeak(f: LeakageFeature, pairs: [string, string][]): LeakFinding | undefined {
  const ys = pairs.map(([, y]) => Number(y));
  if (!ys.every(Number.isFinite)) return undefined;
  const n = ys.length;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  const yVar = ys.reduce((a, y) => a + (y - yMean) ** 2, 0);
  if (yVar === 0) return undefined;
  const xs = pairs.map(([x]) => Number(x));
  if (f.kind === 'numeric' && xs.every(Number.isFinite)) {
    // Pearson on the values and on their ranks (Spearman), so a curved but one-to-one transform
    // of the target (litres per 100 km from miles per gallon) is caught too.
    const r = pearson(xs, ys);
    const rho = pearson(ranks(xs), ranks(ys));
    const strongest = Math.abs(rho) > Math.abs(r) ? rho : r;
    if (Math.abs(strongest) < LEAK_CORRELATION) return undefined;
    const which = strongest === r ? 'correlation' : 'rank correlation';
    return { feature: f.name, score: Math.abs(strongest), rule: `Rule: its ${which} with the target is ${strongest.toFixed(3)} on ${n} sampled rows. Flagged at |correlation| or |rank correlation| ≥ ${LEAK_CORRELATION}.` };
  }
  const groups = new Map<string, number[]>();
  pairs.forEach(([x], i) => {
    const g = groups.get(x);
    if (g) g.push(ys[i]!);
    else groups.set(x, [ys[i]!]);
  });
  if (groups.size * ROWS_PER_VALUE > n) return undefined;
  let within = 0;
  for (const g of groups.values()) {
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    within += g.reduce((a, y) => a + (y - m) ** 2, 0);
  }
  const eta2 = 1 - within / yVar;
  if (eta2 < LEAK_CORRELATION) return undefined;
  return { feature: f.name, score: eta2, rule: `Rule: the mean target of each of its ${groups.size} values explains ${pct(eta2, 1)} of the target's variance on ${n} sampled rows. Flagged at ≥ ${pct(LEAK_CORRELATION)}.` };
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  const xm = xs.reduce((a, b) => a + b, 0) / n;
  const ym = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - xm) * (ys[i]! - ym);
    sxx += (xs[i]! - xm) ** 2;
    syy += (ys[i]! - ym) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Ranks 1..n, ties sharing their mean rank. */
function ranks(v: number[]): number[] {
  const order = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const out = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]!] === v[order[i]!]) j++;
    for (let k = i; k <= j; k++) out[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}
