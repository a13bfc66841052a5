import { describe, expect, it } from 'vitest';
import { metricsMaxDiff, metricsVerdict, reproduceTolerance } from './reproduce';

describe('reproduce', () => {
  it('finds the largest difference at any depth, and refuses shapes that differ', () => {
    const a = { accuracy: 0.9, perClass: [{ f1: 0.5 }, { f1: 0.75 }], auc: null };
    expect(metricsMaxDiff(a, structuredClone(a))).toBe(0);
    expect(metricsMaxDiff(a, { ...a, perClass: [{ f1: 0.5 }, { f1: 0.7 }] })).toBeCloseTo(0.05, 12);
    expect(metricsMaxDiff(a, { ...a, auc: 0.5 })).toBe(Infinity);
    expect(metricsMaxDiff(a, { accuracy: 0.9 })).toBe(Infinity);
    expect(metricsMaxDiff([1, 2], [1])).toBe(Infinity);
  });
  it('is exact on CPU/WASM/trees and lenient on GPUs', () => {
    expect(metricsVerdict(0, reproduceTolerance('wasm'))).toBe('exact');
    expect(metricsVerdict(0.01, reproduceTolerance('wasm'))).toBe('differ');
    expect(metricsVerdict(0.01, reproduceTolerance('webgpu'))).toBe('within');
    expect(metricsVerdict(1e-9, reproduceTolerance(null))).toBe('within');
  });
});
