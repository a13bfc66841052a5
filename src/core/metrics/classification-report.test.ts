import { describe, expect, it } from 'vitest';
import { classificationReport } from './classification-report';

const hasNonFinite = (v: unknown): boolean =>
  typeof v === 'number' ? !Number.isFinite(v) : typeof v === 'object' && v !== null ? Object.values(v).some(hasNonFinite) : false;

describe('classificationReport', () => {
  it('binary: sklearn docs example in one JSON-safe object', () => {
    // p(class 1) = [.1 .4 .35 .8], y = [0 0 1 1]; argmax → [0 0 0 1]
    const p1 = [0.1, 0.4, 0.35, 0.8];
    const r = classificationReport([0, 0, 1, 1], new Float32Array(p1.flatMap((p) => [1 - p, p])), ['no', 'yes']);
    expect(r.accuracy).toBeCloseTo(0.75, 12);
    expect(r.confusionMatrix).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(r.auc).toBeCloseTo(0.75, 6);
    expect(r.averagePrecision).toBeCloseTo(5 / 6, 6);
    expect(r.curves[1]!.roc!.thresholds[0]).toBeNull(); // +Infinity written as null
    expect(r.curves[1]!.roc!.x).toEqual([0, 0, 0.5, 0.5, 1]);
    // log loss: −(ln .9 + ln .6 + ln .35 + ln .8)/4 (float32 input, so close, not exact)
    expect(r.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 6);
    expect(hasNonFinite(r)).toBe(false);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('uses null where a metric is undefined (only one class present)', () => {
    const r = classificationReport([1, 1], new Float64Array([0.3, 0.7, 0.6, 0.4]), ['a', 'b']);
    expect(r.auc).toBeNull();
    expect(r.curves[0]!.roc).toBeNull();
    expect(r.curves[0]!.averagePrecision).toBeNull();
    expect(r.averagePrecision).toBeCloseTo(1, 12);
    expect(r.balancedAccuracy).toBeCloseTo(0.5, 12);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('multiclass: macro OvR AUC and per-class names', () => {
    const proba = new Float64Array([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3]);
    const r = classificationReport([0, 1, 2, 2], proba, ['x', 'y', 'z']);
    expect(r.auc).toBeCloseTo(2.875 / 3, 12);
    expect(r.perClass.map((c) => c.name)).toEqual(['x', 'y', 'z']);
    // argmax → [0, 1, 2, 1]: class 2 P 1 R 1/2; class 1 P 1/2 R 1
    expect(r.perClass[2]).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(r.perClass[1]).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(hasNonFinite(r)).toBe(false);
  });

  it('empty input gives nulls, not NaN', () => {
    const r = classificationReport([], new Float64Array(0), ['a', 'b']);
    expect(r.accuracy).toBeNull();
    expect(r.logLoss).toBeNull();
    expect(r.auc).toBeNull();
    expect(hasNonFinite(r)).toBe(false);
  });

  it('thins long curves but computes AUC on the full curve', () => {
    const n = 5000;
    const y = Array.from({ length: n }, (_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    const proba = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p = ((i * 104729) % n) / n;
      proba[2 * i] = 1 - p;
      proba[2 * i + 1] = p;
    }
    const full = classificationReport(y, proba, ['a', 'b'], { maxCurvePoints: 1e9 });
    const thin = classificationReport(y, proba, ['a', 'b'], { maxCurvePoints: 100 });
    expect(thin.curves[1]!.pr!.x.length).toBe(100);
    expect(thin.curves[1]!.pr!.x[0]).toBe(full.curves[1]!.pr!.x[0]);
    expect(thin.curves[1]!.pr!.x.at(-1)).toBe(0);
    expect(thin.auc).toBe(full.auc);
  });
});
