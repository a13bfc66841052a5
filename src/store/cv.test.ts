import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';
import { meanSd } from '../core/experiments';
import { restoreProject } from './project';

function csv(): string {
  const rng = createRng(9);
  const lines = ['x,y,label'];
  for (let i = 0; i < 200; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${i % 17 === 0 ? '' : y.toFixed(3)},${x + 0.5 * y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

async function ready() {
  const s = makeStudio();
  await loadTable(s, csv());
  return s;
}

describe('cross-validation in the store', () => {
  it('5-fold CV of the chosen model: every fold scored, mean ± sd of the fold values, kept in the project', async () => {
    const s = await ready();
    s.actions.chooseModel('decision-tree');
    await s.actions.startCrossValidation();
    const record = s.store.getState().doc.cv!.records[0]!;
    expect(record.status).toBe('done');
    expect(record.settings.k).toBe(5);
    const m = record.models[0]!;
    expect(m.family).toBe('decision-tree');
    expect(m.folds.map((f) => f.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    const acc = m.folds.map((f) => f.metrics!.accuracy!);
    expect(acc.every((a) => a > 0.6 && a <= 1)).toBe(true);
    expect(m.summary!.accuracy!.values).toEqual(acc);
    expect(m.summary!.accuracy!.mean).toBeCloseTo(meanSd(acc).mean, 12);
    expect(m.summary!.accuracy!.sd).toBeCloseTo(meanSd(acc).sd, 12);
    // The project document keeps it (and a reload restores it).
    expect(restoreProject(JSON.parse(JSON.stringify(s.store.getState().doc)))!.cv!.records[0]!.models[0]!.summary!.accuracy!.mean).toBeCloseTo(m.summary!.accuracy!.mean, 12);
  });

  it('compares families with repeated k-fold and makes the best by mean accuracy the chosen model', async () => {
    const s = await ready();
    s.actions.chooseModel('decision-tree');
    s.actions.setCvSettings({ k: 3, repeats: 2, compare: true });
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 3 } });
    await s.actions.startCrossValidation();
    const record = s.store.getState().doc.cv!.records[0]!;
    expect(record.models.map((m) => m.family)).toEqual(['logistic-regression', 'mlp', 'decision-tree', 'random-forest', 'gradient-boosting', 'hist-gradient-boosting']);
    for (const m of record.models) expect(m.folds).toHaveLength(6);
    const best = [...record.models].sort((a, b) => b.summary!.accuracy!.mean - a.summary!.accuracy!.mean)[0]!;
    s.actions.useCvModel(record.id, best.family);
    expect(s.store.getState().doc.model).toEqual({ family: best.family, params: best.params });
  }, 60_000);
});
