import { describe, expect, it } from 'vitest';
import type { FittedEncoders } from './fit';
import { describeEncoding } from './summary';

const fitted: FittedEncoders = {
  format: 'ml-studio-encoders',
  version: 1,
  task: 'classification',
  target: { kind: 'classification', name: 'species', classes: ['setosa', 'versicolor', 'virginica'] },
  columns: [
    { kind: 'numeric', name: 'age', indicator: false, scaling: 'standardize', center: 40, scale: 12, fill: 40 },
    { kind: 'numeric', name: 'income', indicator: true, scaling: 'minmax', center: 0, scale: 1e5, fill: 5e4 },
    { kind: 'categorical', name: 'colour', indicator: false, mode: 'onehot', categories: ['blue', 'green', 'red', 'white', 'yellow'] },
    { kind: 'categorical', name: 'size', indicator: false, mode: 'ordinal', categories: ['L', 'M', 'S'] },
    { kind: 'boolean', name: 'member', indicator: false, fill: 0.5 },
    {
      kind: 'date',
      name: 'joined',
      indicator: false,
      parts: [
        { part: 'year', scaling: 'standardize', center: 2020, scale: 2, fill: 2020 },
        { part: 'month', scaling: 'standardize', center: 6, scale: 3, fill: 6 },
      ],
    },
  ],
  featureNames: [
    'age', 'income', 'income (missing)',
    'colour=blue', 'colour=green', 'colour=red', 'colour=white', 'colour=yellow', 'colour=(other)',
    'size', 'member', 'joined.year', 'joined.month',
  ],
};

describe('describeEncoding', () => {
  it('says how many features each column became, and how', () => {
    const s = describeEncoding(fitted);
    expect(s.featureCount).toBe(13);
    expect(s.columns.map((c) => c.text)).toEqual([
      'age → 1 feature (standardized)',
      'income → 2 features (scaled to 0–1 + missing flag)',
      'colour → 6 features (one-hot: 5 values + other)',
      'size → 1 feature (ordinal: 3 values numbered 0–2, other = 3)',
      'member → 1 feature (yes/no as 1/0)',
      'joined → 2 features (date parts: year, month; standardized)',
    ]);
    expect(s.columns.reduce((a, c) => a + c.features, 0)).toBe(s.featureCount);
    expect(s.target).toBe('species → 3 classes (setosa, versicolor, virginica)');
    expect(describeEncoding({ ...fitted, task: 'regression', target: { kind: 'regression', name: 'price', mean: 0, std: 1 } }).target).toBe(
      'price → a number (regression)',
    );
  });
});
