/**
 * Cross-validation results: per-fold metric values → mean and sample standard deviation.
 * The standard deviation is the sample one (divisor n − 1, numpy's ddof=1), as scikit-learn users
 * report cross_val_score(...).std(ddof=1); with one value it is 0.
 */

export interface MetricSummary {
  mean: number;
  /** Sample standard deviation (ddof = 1). */
  sd: number;
  /** One value per fold, in fold order (repeats one after the other). */
  values: number[];
}

export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0 };
  const ss = values.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/**
 * Per-metric summaries of per-fold metric maps. A metric missing or null in some fold is summarised
 * over the folds that have it (`values` holds only those).
 */
export function aggregateFolds(folds: readonly Record<string, number | null | undefined>[]): Record<string, MetricSummary> {
  const names = [...new Set(folds.flatMap((f) => Object.keys(f)))];
  const out: Record<string, MetricSummary> = {};
  for (const name of names) {
    const values = folds.map((f) => f[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length === 0) continue;
    out[name] = { ...meanSd(values), values };
  }
  return out;
}
