import { describe, expect, it } from 'vitest';
import { worstPredictions } from './worst';

describe('worstPredictions', () => {
  it('regression: largest absolute errors first, ties by row', () => {
    // |errors| = [1, 3, 0, 3, 2] → rows 1 and 3 (tie, lower row first), then 4
    const rows = worstPredictions({ kind: 'regression', yTrue: [1, 2, 3, 4, 5], yPred: [2, 5, 3, 1, 3] }, 3);
    expect([...rows]).toEqual([1, 3, 4]);
  });

  it('classification: lowest probability of the true class first', () => {
    // p(true) = row0 .9, row1 .2, row2 .6, row3 .05
    const proba = new Float64Array([0.9, 0.1, 0.8, 0.2, 0.4, 0.6, 0.05, 0.95]);
    const rows = worstPredictions({ kind: 'classification', yTrue: [0, 1, 1, 0], proba, numClasses: 2 }, 2);
    expect([...rows]).toEqual([3, 1]);
  });

  it('NaN counts as worst; k larger than n returns all rows', () => {
    const rows = worstPredictions({ kind: 'regression', yTrue: [1, 2, 3], yPred: [1, NaN, 4] }, 10);
    expect([...rows]).toEqual([1, 2, 0]);
  });
});
