import { describe, expect, it } from 'vitest';
import { makeStudio, NO_PERSISTENCE, loadTable } from './test-studio';
import { createInProcessTrainClient } from '../worker/in-process-client';
import type { TrainClient } from '../worker/train-client';
import { createRng } from '../core/util/rng';

/** In-process training workers that record how many jobs they run at once, all together. */
function countingClients() {
  const seen = { inFlight: 0, most: 0, jobs: 0, clients: 0 };
  const make = (): TrainClient => {
    seen.clients++;
    const inner = createInProcessTrainClient();
    return {
      ...inner,
      train(req, hooks) {
        const h = inner.train(req, hooks);
        seen.jobs++;
        seen.most = Math.max(seen.most, ++seen.inFlight);
        void h.result.finally(() => seen.inFlight--);
        return h;
      },
    };
  };
  return { seen, make };
}

function studioWith(make: () => TrainClient, cores: number) {
  return makeStudio({ makeTrainClient: make, cores, persistence: NO_PERSISTENCE });
}

function csv(): string {
  const rng = createRng(5);
  const lines = ['x,y,label'];
  for (let i = 0; i < 240; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${(x * y > 0) !== rng.next() < 0.15 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

async function ready(make: () => TrainClient, cores: number) {
  const s = studioWith(make, cores);
  await loadTable(s, csv());
  s.actions.chooseModel('decision-tree');
  s.actions.setTraining({ backend: 'cpu' });
  return s;
}

const depthSpace = [{ kind: 'int' as const, key: 'param.maxDepth', low: 1, high: 8, log: false }];

describe('search trials on the training-worker pool', () => {
  it('runs trials at once on two workers, none on the app’s own training worker', async () => {
    const { seen, make } = countingClients();
    const s = await ready(make, 2);
    s.actions.setSearch({ strategy: 'random', space: depthSpace, budget: { kind: 'trials', trials: 6, minutes: 1 }, seed: 2 });
    await s.actions.startSearch();
    const search = s.store.getState().doc.search!;
    expect(search.trials.filter((t) => t.status === 'done')).toHaveLength(6);
    expect(seen.jobs).toBe(6);
    expect(seen.clients).toBe(2);
    expect(seen.most).toBe(2); // two trials were training at the same time
  });

  it('scores each trial by k-fold cross-validation when asked: the mean equals the CV of that configuration', async () => {
    const { seen, make } = countingClients();
    const s = await ready(make, 2);
    s.actions.setSearch({ strategy: 'grid', space: [{ ...depthSpace[0]!, low: 2, high: 4 }], gridSteps: 2, budget: { kind: 'trials', trials: 2, minutes: 1 }, seed: 1, scoreBy: { kind: 'cv', k: 3 } });
    await s.actions.startSearch();
    const search = s.store.getState().doc.search!;
    expect(search.trials).toHaveLength(2);
    expect(seen.jobs).toBe(2 * 3); // three folds per trial
    for (const t of search.trials) {
      expect(t.status).toBe('done');
      s.actions.setModelParams({ ...s.store.getState().doc.model!.params, maxDepth: t.point['param.maxDepth'] as number });
      s.actions.setCvSettings({ k: 3, repeats: 1, seed: 42 });
      await s.actions.startCrossValidation();
      const cv = s.store.getState().doc.cv!.records.at(-1)!;
      expect(t.score).toBeCloseTo(cv.models[0]!.summary!.accuracy!.mean, 12);
    }
    // Different depths, different CV means (on noisy xor-like data).
    expect(search.trials[0]!.score).not.toBe(search.trials[1]!.score);
  });
});

describe('saved trial scoring', () => {
  it('keeps cross-validation with k clamped to 3…10 and turns anything else into the validation split', async () => {
    const { restoreSearch } = await import('./search-doc');
    const doc = (scoreBy: unknown) => ({ settings: { family: 'decision-tree', space: depthSpace, strategy: 'random', budget: { kind: 'trials', trials: 3, minutes: 1 }, halving: false, gridSteps: 4, seed: 1, scoreBy }, status: 'done', trials: [] });
    expect(restoreSearch(doc({ kind: 'cv', k: 99 }))!.settings.scoreBy).toEqual({ kind: 'cv', k: 10 });
    expect(restoreSearch(doc({ kind: 'cv', k: 'x' }))!.settings.scoreBy).toEqual({ kind: 'validation' });
    expect(restoreSearch(doc(undefined))!.settings.scoreBy).toBeUndefined();
  });
});

describe('trials and fold sets in the run comparison', () => {
  it('lists a scored trial, the run "Use best" made of it and a fold set, with their scores side by side', async () => {
    const { comparableEntries, scoreDefs } = await import('./run-compare');
    const { compareMetrics, diffSettings } = await import('../core/metrics/compare');
    const { make } = countingClients();
    const s = await ready(make, 2);
    s.actions.setSearch({ strategy: 'random', space: depthSpace, budget: { kind: 'trials', trials: 3, minutes: 1 }, seed: 4 });
    await s.actions.startSearch();
    await s.actions.useBestTrial();
    s.actions.setCvSettings({ k: 3, repeats: 1, seed: 42 });
    await s.actions.startCrossValidation();
    const doc = s.store.getState().doc;
    const entries = comparableEntries(doc);
    expect(entries.map((e) => e.source ?? 'run')).toEqual(['run', 'trial', 'trial', 'trial', 'fold set']);

    const best = doc.search!.trials.reduce((a, b) => (b.score! > a.score! ? b : a));
    const trial = entries.find((e) => e.id === `trial:${best.id}`)!;
    const run = entries[0]!;
    const folds = entries.at(-1)!;
    const picked = [run, trial, folds];
    // The run is the best trial trained again: same settings, same validation accuracy.
    expect(diffSettings([run.settings, trial.settings]).filter((r) => r.changed)).toEqual([]);
    const defs = scoreDefs(picked);
    expect(defs.map((d) => d.label)).toEqual(['Accuracy (validation)', 'Accuracy (CV mean)', 'Balanced accuracy (CV mean)', 'Macro F1 (CV mean)', 'Log loss (CV mean)']);
    const rows = compareMetrics(picked, defs);
    const validation = rows.find((r) => r.id === 'validation.accuracy')!;
    expect(validation.values[1]).toBe(best.score);
    expect(validation.diffs[1]).toBeCloseTo(0, 12);
    expect(validation.values[2]).toBeNull();
    const cvMean = rows.find((r) => r.id === 'cv.accuracy')!;
    expect(cvMean.values).toEqual([null, null, doc.cv!.records[0]!.models[0]!.summary!.accuracy!.mean]);
    expect(trial.test).toBeUndefined(); // trials never touch the test split
  });
});
