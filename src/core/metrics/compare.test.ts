import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareMetrics, diffSettings, errorChanges, predictionFlips, sameTestRows } from './compare';
import { classificationReport } from './classification-report';
import { regressionReport } from './regression';

describe('diffSettings', () => {
  it('flattens nested objects and marks what changed', () => {
    const a = { family: 'mlp', params: { layers: [16, 8], dropout: 0 }, training: { learningRate: 0.001, earlyStopping: { enabled: true, patience: 5 } } };
    const b = { family: 'mlp', params: { layers: [32], dropout: 0 }, training: { learningRate: 0.01, earlyStopping: { enabled: true, patience: 5 } } };
    expect(diffSettings([a, b])).toEqual([
      { path: 'family', values: ['mlp', 'mlp'], changed: false },
      { path: 'params.layers', values: ['[16,8]', '[32]'], changed: true },
      { path: 'params.dropout', values: [0, 0], changed: false },
      { path: 'training.learningRate', values: [0.001, 0.01], changed: true },
      { path: 'training.earlyStopping.enabled', values: [true, true], changed: false },
      { path: 'training.earlyStopping.patience', values: [5, 5], changed: false },
    ]);
  });

  it('a setting only one run has is changed, missing in the other', () => {
    const rows = diffSettings([{ family: 'tree', params: { maxDepth: 4 } }, { family: 'mlp', params: { dropout: 0.1 } }, { family: 'mlp', params: { dropout: 0.1 } }]);
    expect(rows).toEqual([
      { path: 'family', values: ['tree', 'mlp', 'mlp'], changed: true },
      { path: 'params.maxDepth', values: [4, undefined, undefined], changed: true },
      { path: 'params.dropout', values: [undefined, 0.1, 0.1], changed: true },
    ]);
  });

  it('property: a run compared with itself changes nothing; swapping runs keeps which paths changed', () => {
    const settings = fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), fc.boolean(), fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 3 })), { maxKeys: 4 });
    fc.assert(
      fc.property(settings, settings, (a, b) => {
        expect(diffSettings([a, a]).every((r) => !r.changed)).toBe(true);
        const ab = new Map(diffSettings([a, b]).map((r) => [r.path, r.changed]));
        const ba = new Map(diffSettings([b, a]).map((r) => [r.path, r.changed]));
        expect(ba).toEqual(ab);
      }),
    );
  });
});

describe('compareMetrics', () => {
  it('signed differences from the first run, the better one by direction', () => {
    // run A: 3 of 4 right; run B: 4 of 4 right.
    const a = classificationReport([0, 1, 1, 0], new Float64Array([0.9, 0.1, 0.3, 0.7, 0.6, 0.4, 0.8, 0.2]), ['n', 'y']);
    const b = classificationReport([0, 1, 1, 0], new Float64Array([0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.7, 0.3]), ['n', 'y']);
    const rows = compareMetrics([a, b]);
    const acc = rows.find((r) => r.id === 'accuracy')!;
    expect(acc.values).toEqual([0.75, 1]);
    expect(acc.diffs).toEqual([0, 0.25]);
    expect(acc.best).toEqual([1]);
    const loss = rows.find((r) => r.id === 'logLoss')!;
    expect(loss.direction).toBe('lower');
    // p(truth) A: .9 .7 .4 .8, B: .9 .8 .7 .7 → log loss A 0.400, B 0.260
    expect(loss.values[0]).toBeCloseTo(-(Math.log(0.9) + Math.log(0.7) + Math.log(0.4) + Math.log(0.8)) / 4, 6);
    expect(loss.best).toEqual([1]);
    expect(loss.diffs[1]).toBeCloseTo(loss.values[1]! - loss.values[0]!, 12);
    expect(rows.some((r) => r.id === 'r2')).toBe(false);
  });

  it('regression: lower error wins; ties mark nobody', () => {
    const a = regressionReport([1, 2, 3], [1, 2, 4]); // MAE 1/3
    const b = regressionReport([1, 2, 3], [1, 3, 3]); // MAE 1/3, the same
    const c = regressionReport([1, 2, 3], [1, 2, 3]); // MAE 0
    const mae = compareMetrics([a, b]).find((r) => r.id === 'mae')!;
    expect(mae.best).toEqual([]);
    expect(mae.diffs[1]).toBe(0);
    const three = compareMetrics([a, b, c]).find((r) => r.id === 'mae')!;
    expect(three.best).toEqual([2]);
    expect(three.diffs[2]).toBeCloseTo(-1 / 3, 12);
  });

  it('a run without metrics has nulls and no difference', () => {
    const a = regressionReport([1, 2], [1, 2]);
    const row = compareMetrics([undefined, a]).find((r) => r.id === 'r2')!;
    expect(row.values).toEqual([null, 1]);
    expect(row.diffs).toEqual([null, null]);
    expect(row.best).toEqual([]);
  });
});

describe('predictionFlips', () => {
  it('sorts changed predictions into right→wrong, wrong→right and both wrong (hand-computed)', () => {
    const y = [0, 1, 2, 2, 1];
    // A predicts 0, 1, 0, 2, 0; B predicts 0, 2, 2, 1, 2
    const pa = Float64Array.of(0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.5, 0.3, 0.2, 0.1, 0.2, 0.7, 0.6, 0.3, 0.1);
    const pb = Float64Array.of(0.8, 0.1, 0.1, 0.1, 0.2, 0.7, 0.2, 0.1, 0.7, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6);
    const f = predictionFlips(y, pa, pb, 3);
    expect(f.n).toBe(5);
    expect(f.rightToWrong).toEqual([
      { index: 1, truth: 1, predA: 1, predB: 2 },
      { index: 3, truth: 2, predA: 2, predB: 1 },
    ]);
    expect(f.wrongToRight).toEqual([{ index: 2, truth: 2, predA: 0, predB: 2 }]);
    expect(f.bothWrong).toEqual([{ index: 4, truth: 1, predA: 0, predB: 2 }]);
  });

  it('refuses arrays of the wrong length', () => {
    expect(() => predictionFlips([0, 1], Float64Array.of(1, 0, 0, 1), Float64Array.of(1, 0), 2)).toThrow();
  });

  const case3 = fc.integer({ min: 1, max: 30 }).chain((n) =>
    fc.record({
      y: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
      a: fc.float32Array({ min: 0, max: 1, noNaN: true, minLength: n * 3, maxLength: n * 3 }),
      b: fc.float32Array({ min: 0, max: 1, noNaN: true, minLength: n * 3, maxLength: n * 3 }),
    }),
  );

  it('property: swapping the runs swaps right→wrong and wrong→right, keeps both-wrong', () => {
    fc.assert(
      fc.property(case3, ({ y, a, b }) => {
        const ab = predictionFlips(y, a, b, 3);
        const ba = predictionFlips(y, b, a, 3);
        const idx = (fs: { index: number }[]) => fs.map((f) => f.index);
        expect(idx(ba.rightToWrong)).toEqual(idx(ab.wrongToRight));
        expect(idx(ba.wrongToRight)).toEqual(idx(ab.rightToWrong));
        expect(idx(ba.bothWrong)).toEqual(idx(ab.bothWrong));
      }),
    );
  });

  it('property: the accuracy difference is (wrong→right − right→wrong) / n, and nothing flips against itself', () => {
    fc.assert(
      fc.property(case3, ({ y, a, b }) => {
        const f = predictionFlips(y, a, b, 3);
        const accA = classificationReport(y, a, ['a', 'b', 'c']).accuracy!;
        const accB = classificationReport(y, b, ['a', 'b', 'c']).accuracy!;
        expect(accB - accA).toBeCloseTo((f.wrongToRight.length - f.rightToWrong.length) / y.length, 10);
        const self = predictionFlips(y, a, a, 3);
        expect(self.rightToWrong.length + self.wrongToRight.length + self.bothWrong.length).toBe(0);
      }),
    );
  });
});

describe('sameTestRows', () => {
  it('needs the same rows in the same order and the same targets', () => {
    const a = { rows: Uint32Array.from([4, 1, 7]), y: Float32Array.from([0, 1, 1]) };
    expect(sameTestRows(a, { rows: [4, 1, 7], y: [0, 1, 1] })).toBe(true);
    expect(sameTestRows(a, { rows: [1, 4, 7], y: [1, 0, 1] })).toBe(false);
    expect(sameTestRows(a, { rows: [4, 1, 7], y: [0, 1, 0] })).toBe(false);
    expect(sameTestRows(a, { rows: [4, 1], y: [0, 1] })).toBe(false);
  });
});

describe('errorChanges', () => {
  it('largest change of absolute error first, negative when B is closer', () => {
    // |errors| A: 1, 0, 3; B: 0, 2, 3 → changes −1, +2, 0
    const out = errorChanges([1, 2, 3], [2, 2, 0], [1, 4, 6], 2);
    expect(out).toEqual([
      { index: 1, truth: 2, predA: 2, predB: 4, change: 2 },
      { index: 0, truth: 1, predA: 2, predB: 1, change: -1 },
    ]);
  });
});
