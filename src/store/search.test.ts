import { describe, expect, it } from 'vitest';
import { makeStudio, NO_PERSISTENCE, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';
import { newProject, restoreProject } from './project';

/** 300 rows whose class follows x + y, with noise in 15 % of the labels (depth matters, not trivially). */
function csv(): string {
  const rng = createRng(9);
  const lines = ['x,y,z,label'];
  for (let i = 0; i < 300; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2, z = rng.next();
    const up = x * y + x > 0 !== rng.next() < 0.15;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${z.toFixed(3)},${up ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

async function ready(family: string) {
  const s = makeStudio({ persistence: NO_PERSISTENCE });
  await loadTable(s, csv());
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu' });
  return s;
}

describe('hyperparameter search in the store', () => {
  it('runs a seeded random search of a decision tree, scores trials on the validation split, and "Use best" makes a normal run', async () => {
    const s = await ready('decision-tree');
    s.actions.setSearch({ strategy: 'random', space: [{ kind: 'int', key: 'param.maxDepth', low: 1, high: 8, log: false }], budget: { kind: 'trials', trials: 6, minutes: 1 }, seed: 3 });
    await s.actions.startSearch();
    const search = s.store.getState().doc.search!;
    expect(search.status).toBe('done');
    expect(search.trials).toHaveLength(6);
    expect(search.trials.every((t) => t.status === 'done' && t.score! >= 0 && t.score! <= 1)).toBe(true);
    const depths = search.trials.map((t) => t.point['param.maxDepth']);
    expect(new Set(depths).size).toBeGreaterThan(2);
    // Different depths give different validation accuracies on noisy data.
    expect(new Set(search.trials.map((t) => t.score)).size).toBeGreaterThan(1);

    const best = search.trials.reduce((a, b) => (b.score! > a.score! ? b : a));
    await s.actions.useBestTrial();
    const run = s.store.getState().doc.runs!.at(-1)!;
    expect(run.status).toBe('done');
    expect(run.params.maxDepth).toBe(best.point['param.maxDepth']);
    expect(s.store.getState().doc.search!.bestRunId).toBe(run.id);
    // The run is the trial trained again: same validation score, and test metrics to evaluate.
    expect(run.outcome?.validation?.value).toBeCloseTo(best.score!, 12);
    expect(run.metrics?.kind).toBe('classification');
  });

  it('successive halving on boosting rounds: 9 configurations at 3 rounds, the best 3 at 9, the best at 27', async () => {
    const s = await ready('gradient-boosting');
    s.actions.setModelParams({ ...s.store.getState().doc.model!.params, nEstimators: 27 });
    s.actions.setSearch({ strategy: 'random', space: [{ kind: 'float', key: 'param.learningRate', low: 0.01, high: 1, log: true }], budget: { kind: 'trials', trials: 9, minutes: 1 }, halving: true, seed: 1 });
    await s.actions.startSearch();
    const { trials } = s.store.getState().doc.search!;
    expect(trials).toHaveLength(9);
    expect(trials.filter((t) => t.rungs.length === 1).every((t) => t.status === 'pruned' && t.budget === 3)).toBe(true);
    expect(trials.filter((t) => t.rungs.length >= 2)).toHaveLength(3);
    const winner = trials.filter((t) => t.rungs.length === 3);
    expect(winner).toHaveLength(1);
    expect(winner[0]!.rungs.map((r) => r.budget)).toEqual([3, 9, 27]);
    expect(winner[0]!.status).toBe('done');
  });

  it('stop keeps the trials so far', async () => {
    const s = await ready('decision-tree');
    s.actions.setSearch({ strategy: 'bayes', space: [{ kind: 'int', key: 'param.maxDepth', low: 1, high: 10, log: false }], budget: { kind: 'trials', trials: 200, minutes: 1 } });
    const unsubscribe = s.store.subscribe((st) => {
      if ((st.doc.search?.trials.filter((t) => t.status === 'done').length ?? 0) >= 3) s.actions.stopSearch();
    });
    await s.actions.startSearch();
    unsubscribe();
    const search = s.store.getState().doc.search!;
    expect(search.status).toBe('stopped');
    expect(search.trials.filter((t) => t.status === 'done').length).toBeGreaterThanOrEqual(3);
    expect(search.trials.length).toBeLessThan(200);
  });

  it('a saved search that was running comes back stopped; a damaged one is dropped', () => {
    const search = { settings: { family: 'decision-tree', space: [{ kind: 'int', key: 'param.maxDepth', low: 1, high: 5, log: false }], strategy: 'random', budget: { kind: 'trials', trials: 3, minutes: 1 }, halving: false, gridSteps: 4, seed: 1 }, status: 'running', trials: [{ id: 1, point: { 'param.maxDepth': 2 }, status: 'running', rungs: [], seconds: 0 }, { id: 2, point: 'x' }] };
    const doc = restoreProject({ ...newProject(), search })!;
    expect(doc.search?.status).toBe('stopped');
    expect(doc.search?.trials.map((t) => t.status)).toEqual(['stopped']);
    expect(restoreProject({ ...newProject(), search: { ...search, settings: { ...search.settings, strategy: 'magic' } } })!.search).toBeUndefined();
  });
});
