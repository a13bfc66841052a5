import { describe, expect, it } from 'vitest';
import { encodedCsv, portedTrainingData } from './test-pipeline';
import type { RowFix } from '../core/data/row-fixes';

const schema = [
  { name: 'x', inferred: 'numeric' as const },
  { name: 'label', inferred: 'categorical' as const },
];
// x = row index, so a training row's encoded x tells which cleaned row it is.
const lines = ['x,label', ...Array.from({ length: 60 }, (_, i) => `${i},${i % 3 ? 'a' : 'b'}`)];

const setup = () => encodedCsv(lines.join('\n'), schema, 'label');
const trainingData = (ctx: Awaited<ReturnType<typeof setup>>, fixes?: RowFix[]) => portedTrainingData(ctx, { withTrainRows: true, ...(fixes ? { fixes } : {}) });

describe('label fixes in the training data', () => {
  it('relabel and remove training rows only: the validation and test rows and targets are the same', async () => {
    const ctx = await setup();
    const plain = await trainingData(ctx);
    const train = Array.from(plain.res.trainIndex!);
    const test = Array.from(plain.res.testRows);
    const classes = ctx.fitted.target.kind === 'classification' ? ctx.fitted.target.classes : [];
    const [r1, r2, r3] = train;
    const label = (r: number) => (r % 3 ? 'a' : 'b');
    const other = (r: number) => (label(r) === 'a' ? 'b' : 'a');
    // A fix of a test row is ignored: test rows are never relabelled.
    const fixes: RowFix[] = [{ row: r1!, label: other(r1!) }, { row: r2!, remove: true }, { row: r3!, label: label(r3!) }, { row: test[0]!, label: other(test[0]!) }];
    const fixed = await trainingData(ctx, fixes);
    expect(fixed.res.fixed).toEqual({ removed: 1, relabelled: 2 });
    expect(Array.from(fixed.res.testRows)).toEqual(test);
    expect(Array.from(fixed.data.test.x)).toEqual(Array.from(plain.data.test.x));
    expect(Array.from(fixed.data.test.y)).toEqual(Array.from(plain.data.test.y));
    expect(Array.from(fixed.res.testY)).toEqual(Array.from(plain.res.testY));
    expect(Array.from(fixed.data.validation.x)).toEqual(Array.from(plain.data.validation.x));
    expect(Array.from(fixed.data.validation.y)).toEqual(Array.from(plain.data.validation.y));
    // Training: r2 gone, order kept, r1 relabelled, every other row's label as in the file.
    expect(Array.from(fixed.res.trainIndex!)).toEqual(train.filter((r) => r !== r2));
    expect(fixed.data.train.n).toBe(plain.data.train.n - 1);
    Array.from(fixed.res.trainIndex!).forEach((r, i) => {
      expect(classes[fixed.data.train.y[i]!]).toBe(r === r1 ? other(r) : label(r));
    });
    // The training data's hash changes with the fixes (the reproducibility stamp), the test data's rows do not.
    expect(fixed.res.trainSha256).not.toBe(plain.res.trainSha256);
    expect(fixed.res.trainSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses when every training row is removed', async () => {
    const ctx = await setup();
    const plain = await trainingData(ctx);
    const fixes = Array.from(plain.res.trainIndex!, (row) => ({ row, remove: true as const }));
    await expect(trainingData(ctx, fixes)).rejects.toThrow();
  });
});
