import { describe, expect, it } from 'vitest';
import { auditClassification, auditRegression, groupKeys, MIN_GROUP_ROWS, type ClassGroupStats } from './fairness';
import { chooseThresholds, positiveProbabilities, reweighingWeights } from './fairness-mitigation';
import reference from './fairness.reference.json';

/** Eight rows by hand: group a (4 rows), group b (4 rows), positive class 1. */
const HAND = {
  groups: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'],
  yTrue: [1, 1, 0, 0, 1, 0, 0, 0],
  // p(class 1): a → 0.9 (tp), 0.4 (fn), 0.7 (fp), 0.2 (tn); b → 0.8 (tp), 0.6 (fp), 0.3, 0.1 (tn)
  p1: [0.9, 0.4, 0.7, 0.2, 0.8, 0.6, 0.3, 0.1],
};
const handProba = () => Float32Array.from(HAND.p1.flatMap((p) => [1 - p, p]));

describe('auditClassification by hand', () => {
  const audit = auditClassification({ yTrue: HAND.yTrue, proba: handProba(), numClasses: 2, positive: 1, groups: HAND.groups });
  const [a, b] = audit.groups as [ClassGroupStats, ClassGroupStats];

  it('counts each group’s confusion matrix and rates', () => {
    expect(a.confusion).toEqual({ tp: 1, fn: 1, fp: 1, tn: 1 });
    expect(b.confusion).toEqual({ tp: 1, fn: 0, fp: 1, tn: 2 });
    expect([a.count, a.baseRate, a.selectionRate, a.accuracy, a.precision, a.tpr, a.fpr]).toEqual([4, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect([b.count, b.baseRate, b.selectionRate, b.accuracy, b.precision, b.tpr]).toEqual([4, 0.25, 0.5, 0.75, 0.5, 1]);
    expect(b.fpr).toBeCloseTo(1 / 3, 12);
    expect(a.meanProbability).toBeCloseTo((0.9 + 0.4 + 0.7 + 0.2) / 4, 6);
    expect(b.calibrationGap).toBeCloseTo((0.8 + 0.6 + 0.3 + 0.1) / 4 - 0.25, 6);
  });

  it('gaps follow Fairlearn: max − min (ratio min / max); equalized odds takes the larger of TPR and FPR gaps', () => {
    expect(audit.gaps.demographicParityDifference.value).toBe(0);
    expect(audit.gaps.demographicParityRatio.value).toBe(1);
    expect(audit.gaps.equalOpportunityDifference).toEqual({ value: 0.5, min: 'a', max: 'b' });
    expect(audit.gaps.fprDifference.value).toBeCloseTo(0.5 - 1 / 3, 12);
    expect(audit.gaps.equalizedOddsDifference.value).toBe(0.5);
    expect(audit.overall.count).toBe(8);
    expect(audit.overall.tpr).toBeCloseTo(2 / 3, 12);
  });

  it('warns about groups smaller than the threshold, and about groups without positives', () => {
    expect(audit.warnings.filter((w) => w.includes(`fewer than ${MIN_GROUP_ROWS}`))).toHaveLength(2);
    const none = auditClassification({ yTrue: [0, 0, 1, 0], proba: Float32Array.from([0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.6, 0.4]), numClasses: 2, positive: 1, groups: ['x', 'x', 'y', 'y'] });
    expect(none.groups[0]!.tpr).toBeNull();
    expect(none.warnings.some((w) => w.includes('"x" has no actual positives'))).toBe(true);
    // x takes no part in the TPR gap: only y has a TPR, so the gap is 0 between y and itself.
    expect(none.gaps.equalOpportunityDifference).toEqual({ value: 0, min: 'y', max: 'y' });
  });

  it('per-group thresholds change the decisions of their group only', () => {
    const t = auditClassification({ yTrue: HAND.yTrue, proba: handProba(), numClasses: 2, positive: 1, groups: HAND.groups, thresholds: { b: 0.7 } });
    expect(t.groups[0]!.confusion).toEqual(a.confusion);
    expect(t.groups[1]!.confusion).toEqual({ tp: 1, fn: 0, fp: 0, tn: 3 });
    expect(t.gaps.demographicParityDifference.value).toBe(0.25);
    expect(t.gaps.demographicParityRatio.value).toBe(0.5);
  });
});

describe('auditClassification against scikit-learn confusion matrices per group', () => {
  for (const c of reference.classification) {
    it(`seed ${c.seed}: ${c.k} classes, positive ${c.positive}, ${new Set(c.groups).size} groups`, () => {
      const audit = auditClassification({ yTrue: c.yTrue, proba: Float32Array.from(c.proba), numClasses: c.k, positive: c.positive, groups: c.groups });
      const exp = c.expected;
      expect(audit.groups.map((g) => g.group)).toEqual(Object.keys(exp.groups));
      for (const g of audit.groups) {
        const e = exp.groups[g.group as keyof typeof exp.groups]!;
        expect({ count: g.count, ...g.confusion }).toEqual({ count: e.count, tp: e.tp, fp: e.fp, tn: e.tn, fn: e.fn });
        for (const k of ['accuracy', 'precision', 'tpr', 'fpr', 'selectionRate', 'baseRate'] as const) {
          if (e[k] === null) expect(g[k]).toBeNull();
          else expect(g[k]).toBeCloseTo(e[k], 12);
        }
        expect(g.meanProbability).toBeCloseTo(e.meanProbability, 6);
      }
      expect(audit.gaps.demographicParityDifference.value).toBeCloseTo(exp.demographicParityDifference, 12);
      expect(audit.gaps.demographicParityRatio.value).toBeCloseTo(exp.demographicParityRatio, 12);
      expect(audit.gaps.equalOpportunityDifference.value).toBeCloseTo(exp.equalOpportunityDifference, 12);
      expect(audit.gaps.equalizedOddsDifference.value).toBeCloseTo(exp.equalizedOddsDifference, 12);
    });
  }
});

describe('auditRegression', () => {
  it('MAE and mean residual per group match scikit-learn', () => {
    const c = reference.regression[0]!;
    const audit = auditRegression({ yTrue: c.yTrue, yPred: c.yPred, groups: c.groups });
    for (const g of audit.groups) {
      const e = c.expected.groups[g.group as keyof typeof c.expected.groups]!;
      expect(g.count).toBe(e.count);
      expect(g.mae).toBeCloseTo(e.mae, 10);
      expect(g.meanResidual).toBeCloseTo(e.meanResidual, 10);
    }
    expect(audit.gaps.maeDifference.value).toBeCloseTo(c.expected.maeDifference, 10);
    expect(audit.gaps.meanResidualDifference.value).toBeCloseTo(c.expected.meanResidualDifference, 10);
    expect(audit.warnings.some((w) => w.includes('"g2" has only 25'))).toBe(true);
  });

  it('by hand: residual is actual − predicted', () => {
    const audit = auditRegression({ yTrue: [10, 20, 30, 40], yPred: [12, 18, 30, 30], groups: ['m', 'm', 'f', 'f'] });
    expect(audit.groups).toEqual([
      { group: 'f', count: 2, mae: 5, meanResidual: 5, meanActual: 35, meanPredicted: 30 },
      { group: 'm', count: 2, mae: 2, meanResidual: 0, meanActual: 15, meanPredicted: 15 },
    ]);
    expect(audit.gaps.maeDifference).toEqual({ value: 3, min: 'm', max: 'f' });
  });
});

describe('groupKeys', () => {
  it('joins the values of several columns, naming missing ones', () => {
    expect(groupKeys([['female', 'male', ''], ['white', 'other', 'white']])).toEqual(['female · white', 'male · other', '(missing) · white']);
  });
});

describe('reweighingWeights (Kamiran & Calders)', () => {
  it('gives n_g·n_y / (n·n_gy), making group and label independent in the weighted data', () => {
    // a: 3 positives, 1 negative; b: 1 positive, 3 negatives. n = 8, n_a = n_b = 4, n_1 = n_0 = 4.
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const y = [1, 1, 1, 0, 1, 0, 0, 0];
    const w = reweighingWeights(groups, y);
    expect(Array.from(w)).toEqual([2 / 3, 2 / 3, 2 / 3, 2, 2, 2 / 3, 2 / 3, 2 / 3].map(Math.fround));
    // Weighted positive rate is now the same in both groups (0.5), and the total weight stays n.
    const rate = (g: string) => {
      let pos = 0;
      let all = 0;
      groups.forEach((x, i) => {
        if (x !== g) return;
        all += w[i]!;
        if (y[i] === 1) pos += w[i]!;
      });
      return pos / all;
    };
    expect(rate('a')).toBeCloseTo(0.5, 6);
    expect(rate('b')).toBeCloseTo(0.5, 6);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(8, 5);
  });
});

describe('chooseThresholds', () => {
  it('brings each group’s selection rate to the overall rate at the default decision', () => {
    // Group a: high scores; group b: low scores. Overall at p > 0.5: 4 of 8 selected → target 0.5.
    const p = [0.9, 0.8, 0.7, 0.6, 0.45, 0.4, 0.3, 0.2];
    const groups = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const c = chooseThresholds(p, p.map(() => true), groups, 'selection-rate');
    expect(c.target).toBe(0.5);
    expect(c.achieved).toEqual({ a: 0.5, b: 0.5 });
    expect(c.thresholds).toEqual({ a: 0.8, b: 0.4 });
  });

  it('for TPR counts only the actual positives', () => {
    const p = [0.9, 0.6, 0.4, 0.35, 0.3, 0.1];
    const actual = [true, true, false, true, true, false];
    const groups = ['a', 'a', 'a', 'b', 'b', 'b'];
    // Overall TPR at p > 0.5: 2 of 4 positives. Group a's positives: 0.9, 0.6 → threshold 0.9 gives 0.5;
    // group b's positives 0.35, 0.3 → threshold 0.35 gives 0.5.
    const c = chooseThresholds(p, actual, groups, 'tpr');
    expect(c.target).toBe(0.5);
    expect(c.thresholds).toEqual({ a: 0.9, b: 0.35 });
  });

  it('reads the positive column of an n×2 matrix', () => {
    expect(Array.from(positiveProbabilities([0.2, 0.8, 0.6, 0.4], 0))).toEqual([0.2, 0.6]);
  });
});
