import { describe, expect, it } from 'vitest';
import { aggregateFolds, meanSd } from './aggregate';

describe('fold aggregation', () => {
  it('mean and sample standard deviation (ddof = 1), by hand', () => {
    // mean 0.9; squared deviations 0.01 + 0.01 + 0 = 0.02; / (3 − 1) = 0.01; √ = 0.1
    const { mean, sd } = meanSd([0.9, 0.8, 1.0]);
    expect(mean).toBeCloseTo(0.9, 12);
    expect(sd).toBeCloseTo(0.1, 12);
    // numpy: np.std([2, 4, 4, 4, 5, 5, 7, 9], ddof=1) = 2.138089935299395
    expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9]).sd).toBeCloseTo(2.138089935299395, 12);
    expect(meanSd([3])).toEqual({ mean: 3, sd: 0 });
  });

  it('summarises each metric over the folds that have it', () => {
    const s = aggregateFolds([
      { accuracy: 0.5, logLoss: null },
      { accuracy: 1, logLoss: 0.2 },
    ]);
    expect(s.accuracy).toEqual({ mean: 0.75, sd: Math.sqrt(0.125), values: [0.5, 1] });
    expect(s.logLoss).toEqual({ mean: 0.2, sd: 0, values: [0.2] });
  });
});
