/**
 * The drift report: new rows (cleaned by the recipe in predict mode, as the model reads them)
 * against the training summary, one entry per column the encoders read, ranked by PSI.
 *
 * PSI bins: numeric columns and text lengths use the training deciles plus one bin for missing
 * cells (so a change in the missing rate moves the PSI too); categorical columns use the training
 * categories, one bin for values never seen in training and one for missing cells.
 * Severity follows the usual PSI rule of thumb of credit scoring (Siddiqi, "Credit Risk
 * Scorecards", Wiley 2006; discussed by Yurdakul, "Statistical properties of the population
 * stability index", 2018): below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 large.
 */
import type { Table } from '../data/table';
import { gatherTexts, type FittedEncoders } from '../features';
import { binCounts, chi2Contingency, ks2Sorted, psi, type TestResult } from '../metrics/drift-stats';
import { categoryCounts, distribution, predictedCounts, textLengths, thinRows, TEXT_SAMPLE, type ColumnSummary, type DataSummary, type DistributionSummary, type PredictionSummary } from './summary';

export type Severity = 'stable' | 'moderate' | 'large';
export const PSI_MODERATE = 0.1;
export const PSI_LARGE = 0.25;

export const severityOf = (p: number): Severity => (p > PSI_LARGE ? 'large' : p >= PSI_MODERATE ? 'moderate' : 'stable');

/** Shares per bin for a chart: training and new, same labels. */
export interface Bars {
  labels: string[];
  train: number[];
  new: number[];
}

export interface FeatureDrift {
  name: string;
  kind: ColumnSummary['kind'];
  psi: number;
  severity: Severity;
  missingRate: { train: number; new: number };
  /** Numeric columns and text lengths. */
  ks?: TestResult;
  /** Categorical columns. */
  chi2?: TestResult & { dof: number };
  /** Categorical columns: rows whose value training never had. */
  unseen?: { rows: number; distinct: number; examples: string[] };
  /** Text: the share of tokens the fitted tokenizer does not know. */
  unknownRate?: { train: number; new: number };
  bars: Bars;
  sentence: string;
}

export interface PredictionDrift {
  psi: number;
  severity: Severity;
  ks?: TestResult;
  chi2?: TestResult & { dof: number };
  bars: Bars;
  sentence: string;
}

export interface DriftReport {
  rows: { train: number; new: number };
  /** Most drifted first. */
  features: FeatureDrift[];
  predictions?: PredictionDrift;
}

const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 1 : 0)} %`;
const shares = (counts: readonly number[]) => {
  const n = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (n > 0 ? c / n : 0));
};
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** The plain-words verdict for a column (the number is shown so the words can be checked). */
export function verdict(name: string, p: number): string {
  const s = severityOf(p);
  const v = round(p, 2).toFixed(2);
  if (s === 'large') return `${name} is distributed very differently from training (PSI ${v}): retraining is advised.`;
  if (s === 'moderate') return `${name} has shifted somewhat from training (PSI ${v}): keep an eye on it.`;
  return `${name} looks like the training data (PSI ${v}).`;
}

function rangeLabels(edges: readonly number[]): string[] {
  const f = (x: number) => String(round(x, 3));
  if (edges.length === 0) return ['all'];
  return [`≤ ${f(edges[0]!)}`, ...edges.slice(1).map((e, i) => `${f(edges[i]!)} – ${f(e)}`), `> ${f(edges[edges.length - 1]!)}`];
}

/** Numeric comparison: training summary vs new values (NaN = missing). */
function compareDistribution(train: DistributionSummary, trainMissing: number, values: Float64Array): { psi: number; ks: TestResult; bars: Bars; missing: number } {
  const fresh = distribution(values);
  const newBins = binCounts(values, train.edges);
  const newMissing = values.length - fresh.count;
  const p = psi([...train.bins, trainMissing], [...newBins, newMissing]);
  const sorted = values.filter((v) => v === v).sort();
  const ks = ks2Sorted(train.sample, sorted, { a: train.count, b: sorted.length });
  return { psi: p, ks, bars: { labels: rangeLabels(train.edges), train: shares(train.bins), new: shares(newBins) }, missing: newMissing };
}

function numericDrift(s: Extract<ColumnSummary, { kind: 'numeric' }>, table: Table): FeatureDrift | undefined {
  const col = table.columns.find((c) => c.name === s.name);
  if (!col) return undefined;
  const values = col.kind === 'number' ? col.values : Float64Array.from({ length: table.rowCount }, () => NaN);
  const d = compareDistribution(s, s.missing, values);
  const missingRate = { train: s.rows ? s.missing / s.rows : 0, new: table.rowCount ? d.missing / table.rowCount : 0 };
  return { name: s.name, kind: 'numeric', psi: d.psi, severity: severityOf(d.psi), missingRate, ks: d.ks, bars: d.bars, sentence: withMissing(verdict(s.name, d.psi), missingRate) };
}

function withMissing(sentence: string, m: { train: number; new: number }): string {
  return Math.abs(m.new - m.train) >= 0.05 ? `${sentence} Missing in ${pct(m.new)} of the new rows, against ${pct(m.train)} in training.` : sentence;
}

const UNSEEN = '(not in training)';
const MISSING = '(missing)';
const OTHER = '(other)';

function categoricalDrift(s: Extract<ColumnSummary, { kind: 'categorical' }>, table: Table): FeatureDrift | undefined {
  const all = Uint32Array.from({ length: table.rowCount }, (_, i) => i);
  const c = categoryCounts(table, s.name, all);
  if (!c) return undefined;
  const known = new Set(s.categories.map((x) => x.value));
  const unseen = [...c.counts].filter(([v]) => !known.has(v)).sort((a, b) => b[1] - a[1]);
  const unseenRows = unseen.reduce((n, [, k]) => n + k, 0);
  // Values beyond the training summary's top categories were seen in training, as "(other)";
  // with no such tail, every value training lacked is unseen.
  const labels = [...s.categories.map((x) => x.value), s.otherCount > 0 ? OTHER : UNSEEN, MISSING];
  const trainCounts = [...s.categories.map((x) => x.count), s.otherCount, s.missing];
  const newCounts = [...s.categories.map((x) => c.counts.get(x.value) ?? 0), unseenRows, c.missing];
  const p = psi(trainCounts, newCounts);
  const chi2 = chi2Contingency([trainCounts, newCounts]);
  const missingRate = { train: s.rows ? s.missing / s.rows : 0, new: table.rowCount ? c.missing / table.rowCount : 0 };
  let sentence = withMissing(verdict(s.name, p), missingRate);
  const unseenInfo = s.otherCount > 0 || unseenRows === 0 ? undefined : { rows: unseenRows, distinct: unseen.length, examples: unseen.slice(0, 5).map(([v]) => v) };
  if (unseenInfo) sentence += ` ${unseenInfo.rows} new row${unseenInfo.rows === 1 ? ' has a value' : 's have values'} never seen in training (${unseenInfo.examples.map((e) => `“${e}”`).join(', ')}): the model reads them as "(other)".`;
  return {
    name: s.name,
    kind: 'categorical',
    psi: p,
    severity: severityOf(p),
    missingRate,
    chi2,
    ...(unseenInfo ? { unseen: unseenInfo } : {}),
    bars: { labels: labels.slice(0, -1), train: shares(trainCounts.slice(0, -1)), new: shares(newCounts.slice(0, -1)) },
    sentence,
  };
}

function textDrift(s: Extract<ColumnSummary, { kind: 'text' }>, table: Table, fitted: FittedEncoders): FeatureDrift | undefined {
  if (!fitted.text) return undefined;
  const rows = thinRows(Uint32Array.from({ length: table.rowCount }, (_, i) => i), TEXT_SAMPLE);
  const t = textLengths(fitted.text, gatherTexts(table, fitted.text.columns, rows));
  const d = compareDistribution(s.lengths, s.missing, t.lengths);
  const unknownRate = { train: s.tokens ? s.unknown / s.tokens : 0, new: t.tokens ? t.unknown / t.tokens : 0 };
  const missingRate = { train: s.rows ? s.missing / s.rows : 0, new: rows.length ? t.missing / rows.length : 0 };
  let sentence = withMissing(verdict(`The length of ${s.name}`, d.psi), missingRate);
  if (Math.abs(unknownRate.new - unknownRate.train) >= 0.02) sentence += ` ${pct(unknownRate.new)} of its tokens are unknown to the tokenizer, against ${pct(unknownRate.train)} in training.`;
  return { name: s.name, kind: 'text', psi: d.psi, severity: severityOf(d.psi), missingRate, ks: d.ks, unknownRate, bars: d.bars, sentence };
}

function predictionDrift(ref: PredictionSummary, predictions: Float32Array): PredictionDrift {
  if (ref.kind === 'classes') {
    const counts = predictedCounts(predictions, ref.classes.length);
    const p = psi(ref.counts, counts);
    const chi2 = chi2Contingency([ref.counts, counts]);
    const s = severityOf(p);
    const words = s === 'large' ? 'very different' : s === 'moderate' ? 'somewhat different' : 'close';
    const bars = { labels: ref.classes, train: shares(ref.counts), new: shares(counts) };
    return { psi: p, severity: s, chi2, bars, sentence: `The predicted classes' shares are ${words} from those on the test split (PSI ${p.toFixed(2)}).` };
  }
  const d = compareDistribution(ref, 0, Float64Array.from(predictions));
  const s = severityOf(d.psi);
  return { psi: d.psi, severity: s, ks: d.ks, bars: d.bars, sentence: verdict('The predicted value', d.psi).replace('from training', 'from the test split') };
}

/** The report for `table` (the new rows, cleaned) and the model's predictions on it. */
export function driftReport(summary: DataSummary, table: Table, fitted: FittedEncoders, predictions?: Float32Array): DriftReport {
  const features: FeatureDrift[] = [];
  for (const s of summary.columns) {
    const f = s.kind === 'numeric' ? numericDrift(s, table) : s.kind === 'categorical' ? categoricalDrift(s, table) : textDrift(s, table, fitted);
    if (f) features.push(f);
  }
  features.sort((a, b) => b.psi - a.psi || (b.ks?.statistic ?? 0) - (a.ks?.statistic ?? 0) || (a.name < b.name ? -1 : 1));
  return {
    rows: { train: summary.rows, new: table.rowCount },
    features,
    ...(summary.predictions && predictions ? { predictions: predictionDrift(summary.predictions, predictions) } : {}),
  };
}

