import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { maxNodes, prepareTargets, toMatrix } from './tree-common';
import { createTreeModel, treeFromMljs, type MljsNode } from './tree-model';
import { defineModel } from './types';

export type RandomForestParams = { nEstimators: number; maxDepth: number; minSamples: number; maxFeatures: number };

/**
 * mljs' `maxFeatures` reads a number in (0, 1] as a fraction and a larger integer as a count, so
 * "1 column" must be written as a fraction that floors to 1.
 */
export function mljsMaxFeatures(f: number, fraction: number): number {
  const k = Math.min(f, Math.max(1, Math.round(f * fraction)));
  if (k === f) return 1.0;
  return k === 1 ? 1.5 / f : k;
}

/**
 * Random forest (mljs `ml-random-forest`): each tree is grown on a bootstrap sample of the rows
 * and a random subset of the columns (chosen once per tree, not per split as in scikit-learn).
 * The forest averages its trees' leaf outputs (class shares or values). Seeded.
 */
export const randomForest = defineModel<RandomForestParams>({
  kind: 'tree',
  id: 'random-forest',
  label: 'Random forest',
  card: {
    summary: 'Grows many decision trees, each on a random sample of the rows and columns, and averages their answers.',
    goodFor: 'Strong results on tables with little tuning; no scaling needed; robust to odd features.',
    watchOut: 'Slower to train and heavier to export than one tree, and harder to explain. Training time grows fast with the number of rows here.',
  },
  tasks: ['classification', 'regression'],
  defaultParams: { nEstimators: 50, maxDepth: 10, minSamples: 3, maxFeatures: 0.7 },
  fields: [
    { key: 'nEstimators', label: 'Number of trees', kind: 'int', min: 1, max: 500, step: 1, help: 'More trees = steadier predictions, slower training.' },
    { key: 'maxDepth', label: 'Maximum depth', kind: 'int', min: 1, max: 30, step: 1, help: 'How many questions in a row each tree may ask.' },
    { key: 'minSamples', label: 'Rows to stop splitting', kind: 'int', min: 1, max: 1000, step: 1, help: 'A node with this many training rows or fewer becomes a leaf.' },
    { key: 'maxFeatures', label: 'Share of columns per tree', kind: 'number', min: 0.05, max: 1, step: 0.05, help: 'Each tree sees this fraction of the columns; lower = more varied trees.' },
  ],
  paramCount: (p) => p.nEstimators * maxNodes(p.maxDepth),
  fit(x, n, f, yIn, task, p, seed, classes) {
    const { y, outputs } = prepareTargets(yIn, task, classes);
    const options = {
      nEstimators: p.nEstimators,
      maxFeatures: mljsMaxFeatures(f, p.maxFeatures),
      replacement: false,
      useSampleBagging: true,
      noOOB: true,
      seed: Math.abs(Math.trunc(seed)) % 2147483647,
      treeOptions: { maxDepth: p.maxDepth, minNumSamples: p.minSamples },
    };
    const forest = task === 'classification' ? new RandomForestClassifier(options) : new RandomForestRegression(options);
    forest.train(toMatrix(x, n, f) as unknown as number[][], y);
    const estimators = (forest.estimators ?? []) as unknown as { root: MljsNode }[];
    const indexes = forest.indexes ?? [];
    return createTreeModel({
      format: 'ml-studio-trees',
      version: 1,
      family: 'random-forest',
      task,
      features: f,
      outputs,
      trees: estimators.map((e, i) => treeFromMljs(e.root, outputs, indexes[i])),
    });
  },
});
