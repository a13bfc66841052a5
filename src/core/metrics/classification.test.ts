import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecisionScore,
  balancedAccuracy,
  confusionMatrix,
  logLoss,
  precisionRecallF1,
  predictedClasses,
  rocAucScore,
} from './classification';

// sklearn classification_report docs example: y_true = [0,1,2,2,2], y_pred = [0,0,2,2,1].
const T3 = [0, 1, 2, 2, 2];
const P3 = [0, 0, 2, 2, 1];

describe('confusion matrix and P/R/F1 (3 classes)', () => {
  it('counts rows = true, columns = predicted', () => {
    // true 0 → pred 0; true 1 → pred 0; true 2 → pred 2, 2, 1.
    expect(confusionMatrix(T3, P3, 3)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 2],
    ]);
  });

  it('matches the sklearn report per class and on average', () => {
    const { perClass, macro, weighted } = precisionRecallF1(T3, P3, 3);
    // class 0: TP 1, predicted 2, support 1 → P 1/2, R 1, F1 = 2·1/(2+1+0) = 2/3
    // class 1: TP 0, predicted 1, support 1 → P 0, R 0, F1 0
    // class 2: TP 2, predicted 2, support 3 → P 1, R 2/3, F1 = 4/(4+0+1) = 0.8
    expect(perClass[0]).toEqual({ precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 12), support: 1 });
    expect(perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(perClass[2]).toEqual({ precision: 1, recall: expect.closeTo(2 / 3, 12), f1: expect.closeTo(0.8, 12), support: 3 });
    // macro: P (.5+0+1)/3 = .5; R (1+0+2/3)/3 = 5/9; F1 (2/3+0+.8)/3 = 22/45 ≈ .4889
    expect(macro.precision).toBeCloseTo(0.5, 12);
    expect(macro.recall).toBeCloseTo(5 / 9, 12);
    expect(macro.f1).toBeCloseTo(22 / 45, 12);
    expect(macro.support).toBe(5);
    // weighted by support 1,1,3: P (.5+0+3)/5 = .7; R (1+0+2)/5 = .6; F1 (2/3+0+2.4)/5 = 46/75 ≈ .6133
    expect(weighted.precision).toBeCloseTo(0.7, 12);
    expect(weighted.recall).toBeCloseTo(0.6, 12);
    expect(weighted.f1).toBeCloseTo(46 / 75, 12);
  });

  it('uses zero_division = 0 and averages only classes seen in y_true or y_pred', () => {
    // K = 4: class 2 is never predicted (precision 0/0 → 0), class 3 appears nowhere (left out of averages).
    // true [0,0,1,2], pred [0,1,1,1]: class 0 P 1/1 R 1/2 F1 2/3; class 1 P 1/3 R 1 F1 2/(2+2+0) = .5;
    // class 2 P 0 (never predicted) R 0 F1 0; class 3 all zeros, support 0.
    const { perClass, macro, weighted } = precisionRecallF1([0, 0, 1, 2], [0, 1, 1, 1], 4);
    expect(perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(macro.classesAveraged).toBe(3);
    // macro P (1 + 1/3 + 0)/3 = 4/9; R (1/2 + 1 + 0)/3 = 1/2; F1 (2/3 + 1/2 + 0)/3 = 7/18
    expect(macro.precision).toBeCloseTo(4 / 9, 12);
    expect(macro.recall).toBeCloseTo(0.5, 12);
    expect(macro.f1).toBeCloseTo(7 / 18, 12);
    // weighted (supports 2,1,1): P (2 + 1/3)/4 = 7/12; R (1 + 1)/4 = .5; F1 (4/3 + 1/2)/4 = 11/24
    expect(weighted.precision).toBeCloseTo(7 / 12, 12);
    expect(weighted.recall).toBeCloseTo(0.5, 12);
    expect(weighted.f1).toBeCloseTo(11 / 24, 12);
  });

  it('rejects labels outside 0..K-1 (a bug, not user input)', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/not a class index/);
  });
});

describe('accuracy and balanced accuracy', () => {
  it('accuracy on the 3-class example is 3/5', () => {
    expect(accuracy(T3, P3)).toBeCloseTo(0.6, 12);
    expect(accuracy([], [])).toBeNull();
  });
  it('balanced accuracy matches the sklearn docs example (0.625)', () => {
    // y_true [0,1,0,0,1,0], y_pred [0,1,0,0,0,1]: recall class 0 = 3/4, class 1 = 1/2 → mean .625.
    expect(balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1], 2)).toBeCloseTo(0.625, 12);
  });
  it('balanced accuracy ignores classes absent from y_true', () => {
    // K = 3, class 2 never true: recalls class 0 = 1/2, class 1 = 1 → .75 (not (1/2+1+0)/3).
    expect(balancedAccuracy([0, 0, 1], [0, 2, 1], 3)).toBeCloseTo(0.75, 12);
  });
});

describe('predictedClasses', () => {
  it('takes the row argmax, ties to the lower index', () => {
    expect([...predictedClasses(new Float32Array([0.2, 0.8, 0.5, 0.5, 0.9, 0.1]), 2)]).toEqual([1, 0, 0]);
  });
});

describe('logLoss', () => {
  it('matches the sklearn log_loss docs example (0.21616…)', () => {
    // labels ham = 0, spam = 1; y = [spam, ham, ham, spam];
    // −(ln .9 + ln .9 + ln .8 + ln .65)/4 = (0.1053605 + 0.1053605 + 0.2231436 + 0.4307829)/4 = 0.2161619
    const proba = new Float64Array([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]);
    expect(logLoss([1, 0, 0, 1], proba, 2)).toBeCloseTo(0.21616187468057912, 12);
  });
  it('clips 0 to float64 epsilon', () => {
    // p(true) = 0 → clipped to 2^-52; row [2^-52, 1−2^-52] sums to 1 → −ln 2^-52 = 52·ln 2 ≈ 36.0437
    expect(logLoss([0], new Float64Array([0, 1]), 2)).toBeCloseTo(52 * Math.LN2, 9);
  });
  it('renormalises rows that do not sum to 1', () => {
    // [0.2, 0.2] → [0.5, 0.5] → −ln .5 = ln 2
    expect(logLoss([0], new Float64Array([0.2, 0.2]), 2)).toBeCloseTo(Math.LN2, 12);
  });
});

describe('rocAucScore / averagePrecisionScore', () => {
  it('binary uses column 1 as the positive score (0.75 docs example)', () => {
    const p1 = [0.1, 0.4, 0.35, 0.8];
    const proba = new Float64Array(p1.flatMap((p) => [1 - p, p]));
    expect(rocAucScore([0, 0, 1, 1], proba, 2)).toBeCloseTo(0.75, 12);
    expect(averagePrecisionScore([0, 0, 1, 1], proba, 2)).toBeCloseTo(5 / 6, 12);
  });

  it('multiclass is the macro mean of one-vs-rest AUCs', () => {
    // rows (true class): [.6 .3 .1](0) [.2 .5 .3](1) [.1 .2 .7](2) [.3 .4 .3](2)
    // class 0: positive .6 vs negatives .2 .1 .3 → 3/3 = 1
    // class 1: positive .5 vs negatives .3 .2 .4 → 1
    // class 2: positives .7 .3 vs negatives .1 .3: .7 wins 2, .3 beats .1 and ties .3 → 3.5/4 = .875
    // macro = (1 + 1 + .875)/3 = 0.958333…
    const proba = new Float64Array([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3]);
    expect(rocAucScore([0, 1, 2, 2], proba, 3)).toBeCloseTo(2.875 / 3, 12);
    // AP: class 0 and 1 rank their positive first → 1; class 2: desc .7(+) R=.5 P=1; .3 (+,−) R=1 P=2/3 → AP = .5 + .5·2/3 = 5/6
    expect(averagePrecisionScore([0, 1, 2, 2], proba, 3)).toBeCloseTo((1 + 1 + 5 / 6) / 3, 12);
  });

  it('is null when only one class is present', () => {
    expect(rocAucScore([1, 1], new Float64Array([0.3, 0.7, 0.4, 0.6]), 2)).toBeNull();
  });
});
