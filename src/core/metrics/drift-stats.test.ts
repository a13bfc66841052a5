import { describe, expect, it } from 'vitest';
import { binCounts, chi2Contingency, chi2Sf, decileEdges, kolmogorovSf, ks2Sorted, psi } from './drift-stats';
import reference from './drift-stats.reference.json';

const sorted = (v: number[]) => Float64Array.from(v).sort();
const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), 1e-300) + 1e-300);

describe('PSI', () => {
  it('matches a hand computation', () => {
    // shares e = (.5, .5), a = (.25, .75): (.25−.5)·ln(.5) + (.75−.5)·ln(1.5) = 0.25·ln 3
    close(psi([10, 10], [1, 3]), 0.25 * Math.log(3));
    expect(psi([5, 5, 5], [2, 2, 2])).toBe(0);
    // an empty bin counts as the epsilon share, not as infinity
    close(psi([10, 0], [5, 5]), (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4));
  });

  it.each(reference.numeric.map((c) => [c.name, c] as const))('deciles and PSI as numpy: %s', (_name, c) => {
    const edges = decileEdges(sorted(c.train));
    expect(edges.length).toBe(c.edges.length);
    edges.forEach((e, i) => close(e, c.edges[i]!, 1e-12));
    close(psi(binCounts(c.train, edges), binCounts(c.new, edges)), c.psi, 1e-9);
  });
});

describe('Kolmogorov–Smirnov', () => {
  it('statistic by hand: disjoint samples are 1 apart, equal ones 0', () => {
    expect(ks2Sorted([1, 2, 3], [4, 5]).statistic).toBe(1);
    expect(ks2Sorted([1, 2, 3], [1, 2, 3]).statistic).toBe(0);
    // F1 − F2 at 2: 2/4 − 0/2 = 0.5; at 3: 3/4 − 1/2; at 4: 1 − 1/2 → max 0.5
    expect(ks2Sorted([1, 2, 3, 4], [3, 5]).statistic).toBe(0.5);
  });

  it.each(reference.kolmogorov.map((c) => [c.x, c.sf] as const))('kstwobign.sf(%f)', (x, sf) => close(kolmogorovSf(x), sf, 1e-9));

  it.each(reference.numeric.map((c) => [c.name, c] as const))('statistic as scipy ks_2samp, p as kstwobign: %s', (_name, c) => {
    const r = ks2Sorted(sorted(c.train), sorted(c.new));
    close(r.statistic, c.ks, 1e-12);
    close(r.pValue, c.ksPKolmogorov, 1e-6);
    // against ks_2samp(method='asymp') (kstwo with n = round(en)): same order of magnitude
    if (c.ksPScipyAsymp > 1e-300) expect(Math.abs(Math.log10(r.pValue) - Math.log10(c.ksPScipyAsymp))).toBeLessThan(0.5);
  });

  it('uses the given sample sizes for the p-value', () => {
    const a = ks2Sorted([1, 2, 3, 4], [3, 5]);
    const b = ks2Sorted([1, 2, 3, 4], [3, 5], { a: 4000, b: 2000 });
    expect(b.statistic).toBe(a.statistic);
    expect(b.pValue).toBeLessThan(a.pValue);
  });
});

describe('chi-squared', () => {
  it('a 2 × 2 table by hand', () => {
    // [[10, 0], [0, 10]]: expected 5 everywhere, (5²/5)·4 = 20, dof 1
    const r = chi2Contingency([[10, 0], [0, 10]]);
    expect(r.statistic).toBe(20);
    expect(r.dof).toBe(1);
  });
  it.each(reference.chi2Sf.map((c) => [c.x, c.dof, c.sf] as const))('chi2.sf(%f, %i)', (x, dof, sf) => close(chi2Sf(x, dof), sf, 1e-9));
  it.each(reference.chi2.map((c, i) => [i, c] as const))('chi2_contingency(correction=False), table %i', (_i, c) => {
    const r = chi2Contingency(c.table);
    close(r.statistic, c.statistic, 1e-12);
    expect(r.dof).toBe(c.dof);
    close(r.pValue, c.pValue, 1e-8);
  });
});
