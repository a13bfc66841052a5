import { describe, expect, it } from 'vitest';
import { meanSd } from './aggregate';
import { oneStandardErrorPick, type PickCandidate } from './pick';

const fromFolds = (id: string, rank: number, values: number[]): PickCandidate => ({ id, rank, folds: values.length, ...meanSd(values) });

describe('one-standard-error pick', () => {
  // By hand: the best model's folds 1, 1, 1, 1, 0.9 → mean 0.98; squared deviations 4 × 0.02² + 0.08²
  // = 0.008; sample variance 0.008 / 4 = 0.002; standard error √(0.002 / 5) = √0.0004 = 0.02;
  // threshold 0.98 − 0.02 = 0.96.
  const best = fromFolds('mlp', 6, [1, 1, 1, 1, 0.9]);

  it('takes the simplest model within one standard error of the best mean (the edge counts as within)', () => {
    const cands = [fromFolds('linear', 0, [0.95, 0.95, 0.95, 0.95, 0.95]), best, fromFolds('tree', 2, [0.96, 0.96, 0.96, 0.96, 0.96]), fromFolds('forest', 3, [0.97, 0.97, 0.97, 0.97, 0.97])];
    const pick = oneStandardErrorPick(cands)!;
    expect(pick.best.id).toBe('mlp');
    expect(pick.se).toBeCloseTo(0.02, 12);
    expect(pick.threshold).toBeCloseTo(0.96, 12);
    // linear (0.95) is below 0.96; tree (0.96, rank 2) and forest (0.97, rank 3) are within: tree is simpler.
    expect(pick.picked.id).toBe('tree');
  });

  it('a model just inside the threshold wins when simpler; one just outside does not', () => {
    expect(oneStandardErrorPick([best, { id: 'linear', rank: 0, mean: 0.9601, sd: 0, folds: 5 }])!.picked.id).toBe('linear');
    expect(oneStandardErrorPick([best, { id: 'linear', rank: 0, mean: 0.9599, sd: 0, folds: 5 }])!.picked.id).toBe('mlp');
  });

  it('with the same simplicity the higher mean wins; a tie in mean keeps the first listed', () => {
    const a = { id: 'a', rank: 1, mean: 0.97, sd: 0.05, folds: 5 };
    const b = { id: 'b', rank: 1, mean: 0.975, sd: 0.05, folds: 5 };
    expect(oneStandardErrorPick([a, b, best])!.picked.id).toBe('b');
    expect(oneStandardErrorPick([{ ...best, id: 'first' }, { ...best, id: 'second' }])!.best.id).toBe('first');
  });

  it('the standard error shrinks with more folds: repeated k-fold narrows what counts as a tie', () => {
    // The same spread over 20 folds: se = 0.0447 / √20 = 0.01, threshold 0.97: the tree at 0.96 is out.
    const many = { ...best, folds: 20 };
    const pick = oneStandardErrorPick([many, { id: 'tree', rank: 2, mean: 0.96, sd: 0, folds: 20 }, { id: 'forest', rank: 3, mean: 0.97, sd: 0, folds: 20 }])!;
    expect(pick.se).toBeCloseTo(0.01, 12);
    expect(pick.picked.id).toBe('forest');
  });

  it('one fold has no spread (the best mean is picked); models without a mean are skipped; none: undefined', () => {
    expect(oneStandardErrorPick([{ id: 'x', rank: 5, mean: 0.9, sd: 0, folds: 1 }, { id: 'y', rank: 0, mean: 0.89, sd: 0, folds: 1 }])!.picked.id).toBe('x');
    expect(oneStandardErrorPick([{ id: 'nan', rank: 0, mean: NaN, sd: NaN, folds: 0 }, best])!.picked.id).toBe('mlp');
    expect(oneStandardErrorPick([])).toBeUndefined();
  });
});
