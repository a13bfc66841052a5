import { createRng } from '../util/rng';
import { cartWork, growTree, meanLeaf, sortColumns } from './cart';
import { cartTargets, maxNodes } from './tree-common';
import { createTreeModel, type TreeJSON } from './tree-model';
import { defineModel } from './types';

export type RandomForestParams = { nEstimators: number; maxDepth: number; minSamples: number; maxFeatures: number };

/**
 * Random forest (scikit-learn's `RandomForestClassifier` / `RandomForestRegressor`): each tree is
 * grown on a bootstrap sample of the rows (n draws with replacement, as weights) and tries a random
 * share of the columns at each split. The forest averages its trees' leaf outputs (class shares or
 * values). Seeded: the same seed grows the same forest.
 */
export const randomForest = defineModel<RandomForestParams>({
  kind: 'tree',
  id: 'random-forest',
  label: 'Random forest',
  card: {
    summary: 'Grows many decision trees, each on a random sample of the rows and trying random columns at each question, and averages their answers.',
    goodFor: 'Strong results on tables with little tuning; no scaling needed; robust to odd features.',
    watchOut: 'Slower to train and heavier to export than one tree, and harder to explain.',
  },
  tasks: ['classification', 'regression'],
  defaultParams: { nEstimators: 100, maxDepth: 12, minSamples: 2, maxFeatures: 0.5 },
  fields: [
    { key: 'nEstimators', label: 'Number of trees', kind: 'int', min: 1, max: 500, step: 1, help: 'More trees = steadier predictions, slower training.' },
    { key: 'maxDepth', label: 'Maximum depth', kind: 'int', min: 1, max: 30, step: 1, help: 'How many questions in a row each tree may ask.' },
    { key: 'minSamples', label: 'Rows to stop splitting', kind: 'int', min: 1, max: 1000, step: 1, help: 'A node with this many training rows or fewer becomes a leaf.' },
    { key: 'maxFeatures', label: 'Share of columns per question', kind: 'number', min: 0.05, max: 1, step: 0.05, help: 'Each split chooses among this random share of the columns; lower = more varied trees.' },
  ],
  paramCount: (p) => p.nEstimators * maxNodes(p.maxDepth),
  work: (p, n, f, outputs) => p.nEstimators * cartWork(n, f, Math.max(1, Math.round(f * p.maxFeatures)), outputs, p.maxDepth),
  fit(x, n, f, yIn, task, p, seed, classes, hooks) {
    const { targets, W } = cartTargets(yIn, task, classes);
    const sorted = sortColumns(x, n, f);
    const rng = createRng(seed);
    const featuresPerSplit = Math.max(1, Math.round(f * p.maxFeatures));
    const weights = new Float64Array(n);
    const sw = hooks?.sampleWeights;
    const trees: TreeJSON[] = [];
    for (let t = 0; t < p.nEstimators; t++) {
      weights.fill(0);
      for (let i = 0; i < n; i++) weights[rng.int(n)]! += 1;
      // Sample weights scale each drawn row (scikit-learn multiplies sample_weight by the bootstrap counts).
      if (sw) for (let i = 0; i < n; i++) weights[i]! *= sw[i]!;
      trees.push(growTree(x, f, sorted, weights, targets, W, { maxDepth: p.maxDepth, minSamplesLeaf: 1, maxLeafSamples: p.minSamples, featuresPerSplit, rng }, meanLeaf(weights, targets, W)));
    }
    return createTreeModel({ format: 'ml-studio-trees', version: 1, family: 'random-forest', task, features: f, outputs: W, trees });
  },
});
