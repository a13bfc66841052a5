import { cartWork, growTree, meanLeaf, sortColumns } from './cart';
import { cartTargets, maxNodes } from './tree-common';
import { createTreeModel } from './tree-model';
import { defineModel } from './types';

export type DecisionTreeParams = { maxDepth: number; minSamples: number };

/**
 * CART decision tree (cart.ts: Gini for classes, squared error for values; scikit-learn's
 * `DecisionTreeClassifier` / `DecisionTreeRegressor`). A node with `minSamples` rows or fewer
 * becomes a leaf (scikit-learn `min_samples_split` = minSamples + 1). Deterministic: ties between
 * equally good splits go to the first column, so the seed is not used.
 */
export const decisionTree = defineModel<DecisionTreeParams>({
  kind: 'tree',
  id: 'decision-tree',
  label: 'Decision tree',
  card: {
    summary: 'Asks a chain of yes/no questions about the features ("is age < 30?") and answers with the majority (or average) of the training rows that end in the same leaf.',
    goodFor: 'Explaining a prediction step by step; mixed feature types; no scaling needed.',
    watchOut: 'A deep tree memorises the training rows (overfits) and small changes in the data can change the whole tree. Limit the depth.',
  },
  tasks: ['classification', 'regression'],
  defaultParams: { maxDepth: 8, minSamples: 3 },
  fields: [
    { key: 'maxDepth', label: 'Maximum depth', kind: 'int', min: 1, max: 30, step: 1, help: 'How many questions in a row the tree may ask. Deeper = more detail, more overfitting.' },
    { key: 'minSamples', label: 'Rows to stop splitting', kind: 'int', min: 1, max: 1000, step: 1, help: 'A node with this many training rows or fewer becomes a leaf.' },
  ],
  paramCount: (p) => maxNodes(p.maxDepth),
  work: (p, n, f, outputs) => cartWork(n, f, f, outputs, p.maxDepth),
  fit(x, n, f, yIn, task, p, _seed, classes, hooks) {
    const { targets, W } = cartTargets(yIn, task, classes);
    const weights = hooks?.sampleWeights ? Float64Array.from(hooks.sampleWeights) : new Float64Array(n).fill(1);
    const tree = growTree(x, f, sortColumns(x, n, f), weights, targets, W, { maxDepth: p.maxDepth, minSamplesLeaf: 1, maxLeafSamples: p.minSamples }, meanLeaf(weights, targets, W));
    return createTreeModel({ format: 'ml-studio-trees', version: 1, family: 'decision-tree', task, features: f, outputs: W, trees: [tree] });
  },
});
