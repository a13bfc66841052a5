import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart';
import { maxNodes, prepareTargets, toMatrix } from './tree-common';
import { createTreeModel, treeFromMljs, type MljsNode } from './tree-model';
import { defineModel } from './types';

export type DecisionTreeParams = { maxDepth: number; minSamples: number };

/**
 * CART decision tree (mljs `ml-cart`: Gini gain for classes, squared error for values; a node
 * with `minSamples` rows or fewer becomes a leaf). Deterministic: the seed is not used.
 * Training cost grows with rows² per node in this library: fine for thousands of rows, slow beyond.
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
  fit(x, n, f, yIn, task, p, _seed, classes) {
    const { y, outputs } = prepareTargets(yIn, task, classes);
    const options = { maxDepth: p.maxDepth, minNumSamples: p.minSamples };
    const tree = task === 'classification' ? new DecisionTreeClassifier(options) : new DecisionTreeRegression(options);
    tree.train(toMatrix(x, n, f), y);
    return createTreeModel({
      format: 'ml-studio-trees',
      version: 1,
      family: 'decision-tree',
      task,
      features: f,
      outputs,
      trees: [treeFromMljs(tree.root as MljsNode, outputs)],
    });
  },
});
