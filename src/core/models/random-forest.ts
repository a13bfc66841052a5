import { createRng } from '../util/rng';
import { reportOutputs } from './boosting';
import { cartWork, growTree, meanLeaf, sortColumns } from './cart';
import { resumeFrom } from './tree-checkpoint';
import { cartTargets, maxNodes } from './tree-common';
import { createTreeModel, leafIndex, type TreeJSON } from './tree-model';
import { defineModel } from './types';

export type RandomForestParams = { nEstimators: number; maxDepth: number; minSamples: number; maxFeatures: number };

/** Adds tree t's leaf outputs (W per row) to `sums`, n × W. */
function addLeaves(sums: Float64Array, x: Float32Array, n: number, f: number, t: TreeJSON, W: number) {
  for (let r = 0; r < n; r++) {
    const i = leafIndex(t, x, r, f);
    for (let k = 0; k < W; k++) sums[r * W + k]! += t.value[i * W + k]!;
  }
}

/** The forest's output so far: its `trees` trees' mean, as the model predicts. */
function meanOf(sums: Float64Array, trees: number): Float32Array {
  const out = new Float32Array(sums.length);
  for (let j = 0; j < out.length; j++) out[j] = sums[j]! / trees;
  return out;
}

/**
 * Random forest (scikit-learn's `RandomForestClassifier` / `RandomForestRegressor`): each tree is
 * grown on a bootstrap sample of the rows (n draws with replacement, as weights) and tries a random
 * share of the columns at each split. The forest averages its trees' leaf outputs (class shares or
 * values). Seeded: the same seed grows the same forest.
 *
 * Each tree is a round: reported through `hooks.round` (the forest's losses so far, from the
 * summed leaf outputs of the training and validation rows), offered as a checkpoint after each
 * tree but the last (tree-checkpoint.ts: the trees, the sums and the generator's state, which the
 * bootstrap and every split's column subset draw from), and a fit given `hooks.resume` grows only
 * the trees after the checkpoint's: the same trees as a fit never cut off.
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
  rounds: (p) => p.nEstimators,
  async fit(x, n, f, yIn, task, p, seed, classes, hooks) {
    const { targets, W } = cartTargets(yIn, task, classes);
    const val = hooks?.validation;
    const from = resumeFrom(hooks?.resume, 'random-forest', n, val?.n ?? 0, W, p.nEstimators, 1);
    const sorted = sortColumns(x, n, f);
    const rng = createRng(seed, from.rng);
    const featuresPerSplit = Math.max(1, Math.round(f * p.maxFeatures));
    const weights = new Float64Array(n);
    const sw = hooks?.sampleWeights;
    const trees: TreeJSON[] = from.trees;
    // The rows' summed leaf outputs, kept only when someone reads the rounds or their checkpoints.
    const scored = !!(hooks?.round || hooks?.checkpoint || hooks?.resume);
    const raw = scored ? (from.raw ?? new Float64Array(n * W)) : undefined;
    const valRaw = scored && val ? (from.valRaw ?? new Float64Array(val.n * W)) : undefined;
    const labels = hooks?.round ? { y: Array.from(yIn), outW: W, regression: task === 'regression' } : undefined;
    for (let t = from.first; t <= p.nEstimators; t++) {
      weights.fill(0);
      for (let i = 0; i < n; i++) weights[rng.int(n)]! += 1;
      // Sample weights scale each drawn row (scikit-learn multiplies sample_weight by the bootstrap counts).
      if (sw) for (let i = 0; i < n; i++) weights[i]! *= sw[i]!;
      const tree = growTree(x, f, sorted, weights, targets, W, { maxDepth: p.maxDepth, minSamplesLeaf: 1, maxLeafSamples: p.minSamples, featuresPerSplit, rng }, meanLeaf(weights, targets, W));
      trees.push(tree);
      if (raw) addLeaves(raw, x, n, f, tree, W);
      if (val && valRaw) addLeaves(valRaw, val.x, val.n, f, tree, W);
      if (hooks && labels && raw) await reportOutputs(hooks, labels, t, p.nEstimators, meanOf(raw, t), valRaw ? meanOf(valRaw, t) : undefined);
      if (t < p.nEstimators && raw) hooks?.checkpoint?.(() => ({ kind: 'trees', family: 'random-forest', epoch: t, trees: trees.slice(), raw: raw.slice(), valRaw: valRaw?.slice() ?? null, rng: rng.state() }));
      if (hooks?.stopped?.()) break; // a user's stop keeps the trees so far
    }
    return createTreeModel({ format: 'ml-studio-trees', version: 1, family: 'random-forest', task, features: f, outputs: W, trees });
  },
});
