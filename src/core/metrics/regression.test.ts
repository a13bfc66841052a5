import { describe, expect, it } from 'vitest';
import { meanAbsoluteError, meanSquaredError, r2Score, regressionReport, residuals, rootMeanSquaredError } from './regression';

// sklearn docs example: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
// errors (true − pred) = [.5, −.5, 0, −1]
const T = [3, -0.5, 2, 7];
const P = [2.5, 0.0, 2, 8];

describe('regression metrics', () => {
  it('MAE, MSE, RMSE on the sklearn docs example', () => {
    // MAE = (.5+.5+0+1)/4 = .5; MSE = (.25+.25+0+1)/4 = .375; RMSE = √.375 ≈ .612372
    expect(meanAbsoluteError(T, P)).toBeCloseTo(0.5, 12);
    expect(meanSquaredError(T, P)).toBeCloseTo(0.375, 12);
    expect(rootMeanSquaredError(T, P)).toBeCloseTo(Math.sqrt(0.375), 12);
  });

  it('R² = 0.948608… on the sklearn docs example', () => {
    // mean = 11.5/4 = 2.875; SS_tot = .125² + 3.375² + .875² + 4.125² = 29.1875; SS_res = 1.5
    // R² = 1 − 1.5/29.1875 = 0.9486081370449679
    expect(r2Score(T, P)).toBeCloseTo(0.9486081370449679, 12);
  });

  it('R² is negative when worse than the mean', () => {
    // true [1,2,3], pred [3,2,1]: SS_res = 4+0+4 = 8, SS_tot = 1+0+1 = 2 → 1 − 4 = −3
    expect(r2Score([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 12);
  });

  it('R² when SS_tot = 0 follows sklearn: 1 if perfect, else 0', () => {
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
  });

  it('undefined values are null', () => {
    expect(meanAbsoluteError([], [])).toBeNull();
    expect(rootMeanSquaredError([], [])).toBeNull();
    expect(r2Score([1], [1])).toBeNull();
  });

  it('residuals are actual − predicted', () => {
    expect([...residuals(T, P)]).toEqual([0.5, -0.5, 0, -1]);
  });

  it('regressionReport bundles everything, JSON-safe', () => {
    const r = regressionReport(T, P);
    expect(r).toMatchObject({ kind: 'regression', n: 4, mae: 0.5, mse: 0.375, maxAbsError: 1, meanResidual: -0.25 });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    const bad = regressionReport([1, 2], [NaN, 2]);
    expect(bad.mae).toBeNull();
    expect(regressionReport([], []).r2).toBeNull();
  });
});
