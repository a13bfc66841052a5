import { describe, expect, it } from 'vitest';
import { averagePrecision, binaryClfCounts, precisionRecallCurve, rocAuc, rocCurve, trapezoidArea } from './curves';

// sklearn docs example: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
const Y = [0, 0, 1, 1];
const S = [0.1, 0.4, 0.35, 0.8];

// A case with a tie: y = [0,1,0,1,1,0], s = [.2,.8,.5,.5,.9,.1]; P = 3, N = 3.
// Descending: .9(+) .8(+) {.5(−), .5(+)} .2(−) .1(−); the tied pair is one threshold.
const YT = [0, 1, 0, 1, 1, 0];
const ST = [0.2, 0.8, 0.5, 0.5, 0.9, 0.1];

describe('binaryClfCounts', () => {
  it('gives one point per distinct score, highest first', () => {
    // cumulative tp: .9→1, .8→2, .5→3 (both tied rows at once), .2→3, .1→3; fp = rows so far − tp.
    expect(binaryClfCounts(YT, ST)).toEqual({ tps: [1, 2, 3, 3, 3], fps: [0, 0, 1, 2, 3], thresholds: [0.9, 0.8, 0.5, 0.2, 0.1] });
  });
  it('returns null for a non-finite score', () => {
    expect(binaryClfCounts([0, 1], [0.5, NaN])).toBeNull();
  });
});

describe('rocCurve', () => {
  it('matches the sklearn roc_curve docs example', () => {
    // Descending: .8(+) → (0, .5); .4(−) → (.5, .5); .35(+) → (.5, 1); .1(−) → (1, 1).
    const roc = rocCurve(Y, S)!;
    expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(roc.thresholds).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('handles tied scores with a single diagonal step', () => {
    // fpr = fps/3, tpr = tps/3 after the prepended (0, 0) at +Infinity.
    const roc = rocCurve(YT, ST)!;
    expect(roc.thresholds).toEqual([Infinity, 0.9, 0.8, 0.5, 0.2, 0.1]);
    expect(roc.fpr).toEqual([0, 0, 0, 1 / 3, 2 / 3, 1]);
    expect(roc.tpr).toEqual([0, 1 / 3, 2 / 3, 1, 1, 1]);
  });

  it('drops collinear points like sklearn drop_intermediate=True, same area', () => {
    // Second differences of (fps, tps): at .2 both are 0 ((1,3),(2,3),(3,3) are collinear) → dropped.
    const roc = rocCurve(YT, ST, { dropIntermediate: true })!;
    expect(roc.thresholds).toEqual([Infinity, 0.9, 0.8, 0.5, 0.1]);
    expect(roc.fpr).toEqual([0, 0, 0, 1 / 3, 1]);
    expect(trapezoidArea(roc.fpr, roc.tpr)).toBeCloseTo(17 / 18, 12);
  });

  it('is null when only one class is present', () => {
    expect(rocCurve([1, 1], [0.2, 0.3])).toBeNull();
    expect(rocCurve([0, 0], [0.2, 0.3])).toBeNull();
  });
});

describe('rocAuc', () => {
  it('is 0.75 on the sklearn roc_auc_score docs example', () => {
    // Trapezoids: (0→.5)·(.5+.5)/2 = .25, (.5→1)·(1+1)/2 = .5 → .75.
    expect(rocAuc(Y, S)).toBeCloseTo(0.75, 12);
  });
  it('counts a tie as half a win', () => {
    // Pairs (pos, neg) = 9: .9 and .8 beat all 3 negatives (6); .5 beats .2 and .1 (2), ties .5 (½).
    // AUC = 8.5 / 9 = 17/18. Trapezoids: 1/3·(2/3+1)/2 + 1/3·1 + 1/3·1 = 5/18 + 6/18 + 6/18.
    expect(rocAuc(YT, ST)).toBeCloseTo(17 / 18, 12);
  });
  it('is 1 for perfect and 0 for reversed ranking, 0.5 when all scores tie', () => {
    expect(rocAuc([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [4, 3, 2, 1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('is null with a single class', () => {
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNull();
  });
});

describe('precision–recall', () => {
  it('matches the sklearn precision_recall_curve docs example', () => {
    // Thresholds ascending .1 .35 .4 .8: precision = tp/(tp+fp) = 2/4, 2/3, 1/2, 1/1; recall = 1, 1, .5, .5; then (P 1, R 0).
    const pr = precisionRecallCurve(Y, S)!;
    expect(pr.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(pr.precision).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(pr.recall).toEqual([1, 1, 0.5, 0.5, 0]);
  });

  it('average precision = 0.8333… on the sklearn docs example', () => {
    // Descending: .8 R=.5 P=1; .4 R=.5 P=.5; .35 R=1 P=2/3; .1 R=1 P=.5.
    // AP = (.5−0)·1 + 0·.5 + (1−.5)·2/3 + 0·.5 = .5 + 1/3 = 5/6.
    expect(averagePrecision(Y, S)).toBeCloseTo(5 / 6, 12);
  });

  it('average precision with a tie', () => {
    // .9 R=1/3 P=1; .8 R=2/3 P=1; .5 R=1 P=3/4 → AP = 1/3 + 1/3 + 1/3·3/4 = 11/12.
    expect(averagePrecision(YT, ST)).toBeCloseTo(11 / 12, 12);
  });

  it('is null without positives', () => {
    expect(precisionRecallCurve([0, 0], [0.1, 0.2])).toBeNull();
    expect(averagePrecision([0, 0], [0.1, 0.2])).toBeNull();
  });
});
