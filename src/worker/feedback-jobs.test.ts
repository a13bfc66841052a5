import { describe, expect, it } from 'vitest';
import { memoryTableStore } from './in-process-client';
import { EMPTY_RECIPE as recipe, encodedCsv, portedTrainingData } from './test-pipeline';
import type { FeedbackData } from '../core/jobs';

const schema = [
  { name: 'x', inferred: 'numeric' as const },
  { name: 'label', inferred: 'categorical' as const },
];

const encoded = (lines: string[], store = memoryTableStore()) => encodedCsv(lines.join('\n'), schema, 'label', store);
const trainingData = (ctx: Awaited<ReturnType<typeof encoded>>, feedback?: FeedbackData) => portedTrainingData(ctx, feedback ? { feedback } : {});

const lines = ['x,label', ...Array.from({ length: 40 }, (_, i) => `${i},${i % 3 ? 'a' : 'b'}`)];

describe('feedback rows in the training data', () => {
  it('are appended to the training split only, repeated weight times, with their labels; test and validation are unchanged', async () => {
    const ctx = await encoded(lines);
    const plain = await trainingData(ctx);
    const feedback: FeedbackData = { records: [{ x: '100' }, { x: '-5' }, { x: '7' }], labels: ['b', 'a', 'no such class'], rawSchema: schema, recipe, weight: 3 };
    const withFb = await trainingData(ctx, feedback);
    expect(withFb.res.feedback).toEqual({ used: 2, skipped: 1 });
    const f = plain.data.features;
    expect(withFb.data.train.n).toBe(plain.data.train.n + 6);
    expect(Array.from(withFb.data.train.x.subarray(0, plain.data.train.x.length))).toEqual(Array.from(plain.data.train.x));
    const classes = ctx.fitted.target.kind === 'classification' ? ctx.fitted.target.classes : [];
    const added = Array.from(withFb.data.train.y.subarray(plain.data.train.n)).map((k) => classes[k]);
    expect(added).toEqual(['b', 'a', 'b', 'a', 'b', 'a']);
    // The encoded x of a feedback row is the prediction path's (same as encode-record).
    const enc = await ctx.client.run({ type: 'encode-record', records: [{ x: '100' }], rawSchema: schema, recipe, fitted: ctx.fitted });
    expect(enc.ok && Array.from(enc.value.x)).toEqual(Array.from(withFb.data.train.x.subarray(plain.data.train.n * f, (plain.data.train.n + 1) * f)));
    expect(Array.from(withFb.data.test.x)).toEqual(Array.from(plain.data.test.x));
    expect(Array.from(withFb.data.validation.y)).toEqual(Array.from(plain.data.validation.y));
    expect(Array.from(withFb.res.testRows)).toEqual(Array.from(plain.res.testRows));
    // The data hash is of the project's training split: feedback does not change it.
    expect(withFb.res.trainSha256).toBe(plain.res.trainSha256);
  });

  it('the training split hash is stable across a reload and a reordering of the file\'s columns', async () => {
    const store = memoryTableStore();
    const a = await trainingData(await encoded(lines, store));
    const reloaded = await trainingData(await encoded(lines, store));
    expect(reloaded.res.trainSha256).toBe(a.res.trainSha256);
    expect(a.res.trainSha256).toMatch(/^[0-9a-f]{64}$/);
    const swapped = ['label,x', ...lines.slice(1).map((l) => l.split(',').reverse().join(','))];
    const b = await trainingData(await encoded(swapped));
    expect(b.res.trainSha256).toBe(a.res.trainSha256);
    const changed = await trainingData(await encoded([...lines.slice(0, 5), '999,a', ...lines.slice(6)]));
    expect(changed.res.trainSha256).not.toBe(a.res.trainSha256);
  });
});
