import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { gradientBoosting } from './gradient-boosting';
import { histGradientBoosting } from './hist-gradient-boosting';
import { randomForest } from './random-forest';
import { CheckpointMismatch, type TreeCheckpoint } from './tree-checkpoint';
import type { ModelParams, TreeFamily, TreeRoundLog } from './types';

/** 300 rows × 4 features, three classes by a noisy rule (or the rule's value for regression). */
function data(seed: number) {
  const rng = createRng(seed);
  const n = 300;
  const f = 4;
  const x = new Float32Array(n * f);
  const cls: number[] = [];
  const value: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < f; j++) x[r * f + j] = rng.next() * 4 - 2;
    const s = x[r * f]! + 0.5 * x[r * f + 1]! * x[r * f + 2]! + 0.3 * (rng.next() - 0.5);
    value.push(s);
    cls.push(s < -0.5 ? 0 : s < 0.5 ? 1 : 2);
  }
  const train = 240;
  const val = { x: x.slice(train * f), n: n - train };
  return { x: x.subarray(0, train * f), n: train, f, cls: cls.slice(0, train), value: value.slice(0, train), val, valCls: cls.slice(train), valValue: value.slice(train) };
}

type Fam = TreeFamily<ModelParams>;
const cases: { name: string; fam: Fam; params: ModelParams; task: 'classification' | 'regression' }[] = [
  { name: 'gradient boosting, 3 classes, row subsampling (the generator is resumed)', fam: gradientBoosting as unknown as Fam, params: { ...gradientBoosting.defaultParams, nEstimators: 30, subsample: 0.7 }, task: 'classification' },
  { name: 'gradient boosting, regression', fam: gradientBoosting as unknown as Fam, params: { ...gradientBoosting.defaultParams, nEstimators: 25 }, task: 'regression' },
  { name: 'histogram gradient boosting, 3 classes', fam: histGradientBoosting as unknown as Fam, params: { ...histGradientBoosting.defaultParams, nEstimators: 30, maxLeafNodes: 8, minSamplesLeaf: 5 }, task: 'classification' },
  { name: 'histogram gradient boosting, regression', fam: histGradientBoosting as unknown as Fam, params: { ...histGradientBoosting.defaultParams, nEstimators: 25, maxLeafNodes: 8, minSamplesLeaf: 5 }, task: 'regression' },
];

describe('boosting: a run cut off after round K and resumed from its checkpoint is the run never cut off', () => {
  const d = data(11);
  for (const c of cases) {
    it(c.name, async () => {
      const y = c.task === 'regression' ? d.value : d.cls;
      const validation = { x: d.val.x, n: d.val.n, y: c.task === 'regression' ? d.valValue : d.valCls };
      const fit = (hooks: Parameters<Fam['fit']>[8]) => Promise.resolve(c.fam.fit(d.x, d.n, d.f, y, c.task, c.params, 4, c.task === 'regression' ? undefined : 3, { validation, ...hooks }));

      const wholeLogs: TreeRoundLog[] = [];
      const whole = await fit({ round: (l) => void wholeLogs.push(l) });

      // Cut off after round 12: the checkpoint of that round, as IndexedDB would give it back.
      const K = 12;
      let saved: TreeCheckpoint | undefined;
      let offered = 0;
      await fit({ checkpoint: (take) => (++offered === K ? (saved = structuredClone(take())) : undefined), stopped: () => offered >= K });
      expect(saved).toMatchObject({ kind: 'trees', epoch: K });

      const resumedLogs: TreeRoundLog[] = [];
      const resumed = await fit({ resume: saved!, round: (l) => void resumedLogs.push(l) });
      expect(resumedLogs.map((l) => l.round)).toEqual(wholeLogs.slice(K).map((l) => l.round));
      expect(resumedLogs).toEqual(wholeLogs.slice(K)); // the same losses and metrics, round by round
      // Tree by tree (every split, threshold and leaf value), then prediction by prediction: exactly equal.
      const [a, b] = [whole.toJSON(), resumed.toJSON()] as { trees: unknown[] }[];
      expect(b!.trees).toHaveLength(a!.trees.length);
      b!.trees.forEach((t, i) => expect(t).toEqual(a!.trees[i]));
      expect(resumed.toJSON()).toEqual(whole.toJSON());
      expect(Array.from(resumed.predict(d.val.x, d.val.n, d.f))).toEqual(Array.from(whole.predict(d.val.x, d.val.n, d.f)));
    });
  }

  it("a checkpoint stored before forests had them (kind 'boosting') still resumes", async () => {
    const params = { ...gradientBoosting.defaultParams, nEstimators: 6 };
    const whole = await gradientBoosting.fit(d.x, d.n, d.f, d.value, 'regression', params, 0, undefined, {});
    let saved: TreeCheckpoint | undefined;
    await gradientBoosting.fit(d.x, d.n, d.f, d.value, 'regression', params, 0, undefined, { checkpoint: (take) => (saved ??= take()) });
    const resumed = await gradientBoosting.fit(d.x, d.n, d.f, d.value, 'regression', params, 0, undefined, { resume: { ...saved!, kind: 'boosting' } });
    expect(resumed.toJSON()).toEqual(whole.toJSON());
  });

  it('a checkpoint of other rows, another family or more rounds than the run has is refused, not half used', async () => {
    const params = { ...gradientBoosting.defaultParams, nEstimators: 10 };
    let saved: TreeCheckpoint | undefined;
    await gradientBoosting.fit(d.x, d.n, d.f, d.value, 'regression', params, 0, undefined, { checkpoint: (take) => (saved ??= take()) });
    expect(saved!.epoch).toBe(1);
    const fewer = d.x.subarray(0, 100 * d.f);
    await expect(Promise.resolve(gradientBoosting.fit(fewer, 100, d.f, d.value.slice(0, 100), 'regression', params, 0, undefined, { resume: saved! }))).rejects.toThrow(CheckpointMismatch);
    await expect(Promise.resolve(histGradientBoosting.fit(d.x, d.n, d.f, d.value, 'regression', histGradientBoosting.defaultParams, 0, undefined, { resume: saved! }))).rejects.toThrow(/do not fit this model/);
    await expect(Promise.resolve(gradientBoosting.fit(d.x, d.n, d.f, d.value, 'regression', { ...params, nEstimators: 1 }, 0, undefined, { resume: saved! }))).rejects.toThrow(CheckpointMismatch);
  });
});

describe('random forest: a forest cut off after tree K and resumed from its checkpoint equals the uncut forest', () => {
  const d = data(11);
  const forests: { name: string; task: 'classification' | 'regression'; params: ModelParams }[] = [
    // A share of the columns per split: the bootstrap rows and the feature subsets both draw from the generator.
    { name: '3 classes, half the columns per split', task: 'classification', params: { ...randomForest.defaultParams, nEstimators: 20, maxDepth: 8, maxFeatures: 0.5 } },
    { name: 'regression, every column', task: 'regression', params: { ...randomForest.defaultParams, nEstimators: 15, maxDepth: 6, maxFeatures: 1 } },
  ];
  for (const c of forests) {
    it(c.name, async () => {
      const fam = randomForest as unknown as Fam;
      const y = c.task === 'regression' ? d.value : d.cls;
      const validation = { x: d.val.x, n: d.val.n, y: c.task === 'regression' ? d.valValue : d.valCls };
      const fit = (hooks: Parameters<Fam['fit']>[8]) => Promise.resolve(fam.fit(d.x, d.n, d.f, y, c.task, c.params, 7, c.task === 'regression' ? undefined : 3, { validation, ...hooks }));

      const wholeLogs: TreeRoundLog[] = [];
      const whole = await fit({ round: (l) => void wholeLogs.push(l) });
      expect(wholeLogs.map((l) => l.round)).toEqual(Array.from({ length: c.params.nEstimators as number }, (_, i) => i + 1)); // one round per tree

      const K = 6;
      let saved: TreeCheckpoint | undefined;
      let offered = 0;
      await fit({ checkpoint: (take) => (++offered === K ? (saved = structuredClone(take())) : undefined), stopped: () => offered >= K });
      expect(saved).toMatchObject({ family: 'random-forest', epoch: K });
      expect(saved!.trees).toHaveLength(K);

      const resumedLogs: TreeRoundLog[] = [];
      const resumed = await fit({ resume: saved!, round: (l) => void resumedLogs.push(l) });
      expect(resumedLogs).toEqual(wholeLogs.slice(K)); // only the trees after K are grown, with the same losses
      const [a, b] = [whole.toJSON(), resumed.toJSON()] as { trees: unknown[] }[];
      expect(b!.trees).toHaveLength(a!.trees.length);
      b!.trees.forEach((t, i) => expect(t).toEqual(a!.trees[i]));
      expect(resumed.toJSON()).toEqual(whole.toJSON());
      expect(Array.from(resumed.predict(d.val.x, d.val.n, d.f))).toEqual(Array.from(whole.predict(d.val.x, d.val.n, d.f)));
    });
  }

  it('a forest checkpoint of other rows, settings or family is refused, and a boosting checkpoint is not a forest\'s', async () => {
    const params = { ...randomForest.defaultParams, nEstimators: 8, maxDepth: 5 };
    let saved: TreeCheckpoint | undefined;
    await randomForest.fit(d.x, d.n, d.f, d.cls, 'classification', params, 0, 3, { checkpoint: (take) => (saved ??= take()) });
    expect(saved!.epoch).toBe(1);
    const fewer = d.x.subarray(0, 100 * d.f);
    await expect(Promise.resolve(randomForest.fit(fewer, 100, d.f, d.cls.slice(0, 100), 'classification', params, 0, 3, { resume: saved! }))).rejects.toThrow(CheckpointMismatch);
    // Other classes (so another width of leaf outputs), fewer trees than the checkpoint has, another family.
    await expect(Promise.resolve(randomForest.fit(d.x, d.n, d.f, d.cls.map((v) => Math.min(v, 1)), 'classification', params, 0, 2, { resume: saved! }))).rejects.toThrow(CheckpointMismatch);
    await expect(Promise.resolve(randomForest.fit(d.x, d.n, d.f, d.cls, 'classification', { ...params, nEstimators: 1 }, 0, 3, { resume: saved! }))).rejects.toThrow(CheckpointMismatch);
    await expect(Promise.resolve(gradientBoosting.fit(d.x, d.n, d.f, d.cls, 'classification', { ...gradientBoosting.defaultParams, nEstimators: 8 }, 0, 3, { resume: saved! }))).rejects.toThrow(/do not fit this model/);
    let boost: TreeCheckpoint | undefined;
    await gradientBoosting.fit(d.x, d.n, d.f, d.cls, 'classification', { ...gradientBoosting.defaultParams, nEstimators: 8 }, 0, 3, { checkpoint: (take) => (boost ??= take()) });
    await expect(Promise.resolve(randomForest.fit(d.x, d.n, d.f, d.cls, 'classification', params, 0, 3, { resume: boost! }))).rejects.toThrow(CheckpointMismatch);
  });
});
