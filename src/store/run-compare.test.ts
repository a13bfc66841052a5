import { describe, expect, it } from 'vitest';
import { makeStudio, NO_PERSISTENCE, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';
import { compareMetrics, diffSettings, predictionFlips, sameTestRows } from '../core/metrics/compare';
import { comparableRun, rowsReadable } from './run-compare';

function csv(): string {
  const rng = createRng(9);
  const lines = ['x,y,label'];
  for (let i = 0; i < 240; i++) {
    const x = rng.next() * 4 - 2;
    const y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x + 0.5 * y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

describe('comparing real runs', () => {
  it('a depth-1 tree and a logistic regression on one split: the diff names the changed settings, flips match the accuracy difference', async () => {
    const s = makeStudio({ persistence: NO_PERSISTENCE });
    await loadTable(s, csv());
    // A one-question tree cannot draw the diagonal boundary x + y/2 = 0 that logistic regression can.
    s.actions.chooseModel('decision-tree');
    s.actions.setModelParams({ ...s.store.getState().doc.model!.params, maxDepth: 1 });
    await s.actions.startTraining();
    s.actions.chooseModel('logistic-regression');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 30, learningRate: 0.05 } });
    await s.actions.startTraining();

    const doc = s.store.getState().doc;
    const [a, b] = doc.runs!.map(comparableRun);
    expect(a!.recipeKey).toBe(doc.clean!.recipeKey);
    expect(rowsReadable(a!, { recipeKey: doc.clean!.recipeKey })).toBe(true);
    expect(rowsReadable(a!, { recipeKey: 'another table' })).toBe(false);
    // An older run without a recipe key is readable when its encode key is the current one.
    expect(rowsReadable({ ...a!, recipeKey: undefined }, { encodeKey: a!.inputsKey })).toBe(true);
    expect(rowsReadable({ ...a!, recipeKey: undefined }, { encodeKey: 'x' })).toBe(false);

    const changed = diffSettings([a!.settings, b!.settings]).filter((r) => r.changed).map((r) => r.path);
    expect(changed).toContain('model');
    expect(changed).toContain('params.maxDepth');
    expect(changed).toContain('training.learningRate');
    expect(sameTestRows(a!.test!, b!.test!)).toBe(true);
    const flips = predictionFlips(a!.test!.y, a!.test!.predictions, b!.test!.predictions, 2);
    expect(flips.wrongToRight.length + flips.rightToWrong.length).toBeGreaterThan(0);
    const acc = compareMetrics([a!.metrics, b!.metrics]).find((r) => r.id === 'accuracy')!;
    expect(acc.diffs[1]).toBeCloseTo((flips.wrongToRight.length - flips.rightToWrong.length) / flips.n, 10);
  });
});
