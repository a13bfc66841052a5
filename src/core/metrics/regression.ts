/**
 * Regression metrics with scikit-learn semantics on plain arrays. Undefined values are null
 * (no rows; R² with fewer than 2 rows), never NaN, so reports are JSON-safe.
 */

function checkLengths(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new Error(`yTrue (${yTrue.length}) and yPred (${yPred.length}) differ in length`);
}

/** Residual per row: actual − predicted (positive = the model predicted too low). */
export function residuals(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Float64Array {
  checkLengths(yTrue, yPred);
  const r = new Float64Array(yTrue.length);
  for (let i = 0; i < r.length; i++) r[i] = yTrue[i]! - yPred[i]!;
  return r;
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  checkLengths(yTrue, yPred);
  if (yTrue.length === 0) return null;
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i]! - yPred[i]!);
  return s / yTrue.length;
}

export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  checkLengths(yTrue, yPred);
  if (yTrue.length === 0) return null;
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - yPred[i]!) ** 2;
  return s / yTrue.length;
}

export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  const mse = meanSquaredError(yTrue, yPred);
  return mse === null ? null : Math.sqrt(mse);
}

/**
 * sklearn `r2_score` (force_finite=True): 1 − SS_res / SS_tot with SS_tot = Σ (y − mean y)².
 * When every actual value is the same (SS_tot = 0) the ratio is undefined; like sklearn we return
 * 1 for a perfect prediction (SS_res = 0) and 0 otherwise. Fewer than 2 rows → null (sklearn: NaN).
 * R² can be negative: the model is worse than always predicting the mean.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  checkLengths(yTrue, yPred);
  const n = yTrue.length;
  if (n < 2) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export interface RegressionReport {
  kind: 'regression';
  n: number;
  mae: number | null;
  mse: number | null;
  rmse: number | null;
  r2: number | null;
  /** Largest |actual − predicted|; null for no rows. */
  maxAbsError: number | null;
  /** Mean of actual − predicted: far from 0 means the model is biased high or low. */
  meanResidual: number | null;
}

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/**
 * All regression metrics in one JSON-safe object. Plot data (residuals, actual vs predicted) is
 * derived from yTrue/yPred with `residuals` rather than stored here.
 */
export function regressionReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  const r = residuals(yTrue, yPred);
  let maxAbs = 0;
  let sum = 0;
  for (const v of r) {
    maxAbs = Math.max(maxAbs, Math.abs(v));
    sum += v;
  }
  const n = r.length;
  return {
    kind: 'regression',
    n,
    mae: finiteOrNull(meanAbsoluteError(yTrue, yPred)),
    mse: finiteOrNull(meanSquaredError(yTrue, yPred)),
    rmse: finiteOrNull(rootMeanSquaredError(yTrue, yPred)),
    r2: finiteOrNull(r2Score(yTrue, yPred)),
    maxAbsError: n === 0 ? null : finiteOrNull(maxAbs),
    meanResidual: n === 0 ? null : finiteOrNull(sum / n),
  };
}
