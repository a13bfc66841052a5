import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../models/catalog';
import { aggregateFolds } from '../experiments';
import { bestByCv, familySimplicity, pickByCv, SIMPLER_FIRST, type CvModelResult, type CvRecord } from './experiments';
import { DEFAULT_HYPERPARAMS } from '../train/types';

function model(family: string, accuracy: number[], status: CvModelResult['status'] = 'done'): CvModelResult {
  const folds = accuracy.map((a, fold) => ({ repeat: 0, fold, status: 'done' as const, metrics: { accuracy: a } }));
  return { family, params: {}, hp: DEFAULT_HYPERPARAMS, status, folds, summary: aggregateFolds(folds.map((f) => f.metrics)) };
}

const record = (models: CvModelResult[]): CvRecord => ({ id: 'r', startedAt: 0, inputsKey: 'k', task: 'classification', settings: { k: 5, repeats: 1, seed: 42 }, status: 'done', models });

describe("cross-validation's pick", () => {
  it('ranks every family of the catalog, simplest first', () => {
    for (const f of MODEL_CATALOG) expect(SIMPLER_FIRST, f.id).toContain(f.id);
    expect(familySimplicity('logistic-regression')).toBeLessThan(familySimplicity('decision-tree'));
    // Ensembles of small trees before ensembles of deep trees: boosting (8 leaves), histogram boosting (31), forest (up to 4,096).
    expect(familySimplicity('decision-tree')).toBeLessThan(familySimplicity('gradient-boosting'));
    expect(familySimplicity('gradient-boosting')).toBeLessThan(familySimplicity('hist-gradient-boosting'));
    expect(familySimplicity('hist-gradient-boosting')).toBeLessThan(familySimplicity('random-forest'));
    expect(familySimplicity('random-forest')).toBeLessThan(familySimplicity('mlp'));
    expect(familySimplicity('no-such-family')).toBe(SIMPLER_FIRST.length);
  });

  it('by hand, penguins-like: the MLP has the best mean, gradient boosting is the simplest within one standard error', () => {
    // MLP folds 1, 1, 1, 1, 0.9: mean 0.98, sd √0.002, se √(0.002/5) = 0.02, threshold 0.96.
    // Logistic regression 0.95 is out; the tree is simpler but failed; boosting (0.97) and histogram boosting (0.98) are in.
    const r = record([
      model('logistic-regression', [0.95, 0.95, 0.95, 0.95, 0.95]),
      model('mlp', [1, 1, 1, 1, 0.9]),
      model('decision-tree', [1, 1, 1, 1, 1], 'failed'),
      model('gradient-boosting', [0.97, 0.97, 0.97, 0.97, 0.97]),
      model('hist-gradient-boosting', [0.98, 0.98, 0.98, 0.98, 0.98]),
    ]);
    const pick = pickByCv(r)!;
    expect(pick.best.family).toBe('mlp'); // first of the two 0.98 means, as bestByCv
    expect(bestByCv(r)!.family).toBe('mlp');
    expect(pick.se).toBeCloseTo(0.02, 12);
    expect(pick.threshold).toBeCloseTo(0.96, 12);
    expect(pick.picked.family).toBe('gradient-boosting');
  });

  it('a clear winner stays the pick; no model with a mean: none', () => {
    const r = record([model('logistic-regression', [0.7, 0.72, 0.71]), model('random-forest', [0.9, 0.91, 0.89])]);
    expect(pickByCv(r)!.picked.family).toBe('random-forest');
    expect(pickByCv(record([{ ...model('mlp', [0.9]), summary: {} }]))).toBeUndefined();
  });
});
