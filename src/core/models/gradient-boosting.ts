import { accuracy, logLoss, meanSquaredError, predictedClasses, r2Score } from '../metrics';
import { createRng, shuffledIndices } from '../util/rng';
import { cartWork, growTree, sortColumns } from './cart';
import { maxNodes, prepareTargets } from './tree-common';
import { createTreeModel, leafIndex, linkScores, type BoostLink, type TreeJSON } from './tree-model';
import { defineModel } from './types';

export type GradientBoostingParams = { nEstimators: number; learningRate: number; maxDepth: number; minSamplesLeaf: number; subsample: number };

const EPS = 1e-15;
const clampP = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

/** Mean log loss (classification) or mean squared error, as the neural training loop reports. */
const lossOf = (out: Float32Array, y: ArrayLike<number>, K: number, regression: boolean): number => (regression ? meanSquaredError(y, out) : logLoss(y, out, K)) ?? NaN;

function addTree(raw: Float64Array, x: Float32Array, n: number, f: number, t: TreeJSON, S: number, k: number) {
  for (let r = 0; r < n; r++) raw[r * S + k]! += t.value[leafIndex(t, x, r, f) * S + k]!;
}

/**
 * Gradient boosting with regression trees (scikit-learn's `GradientBoostingClassifier` /
 * `GradientBoostingRegressor`): start from the mean (regression) or the class priors' log-odds,
 * then each round fits a small tree to the residuals y − prediction (the negative gradient of the
 * squared error or log loss) and adds it, scaled by the learning rate. Classification leaves take
 * scikit-learn's one Newton step (Σ residual / Σ p(1 − p), times (K − 1)/K for K > 2 classes);
 * binary uses one score per row (sigmoid), K > 2 classes one tree per class and round (softmax).
 * `subsample` < 1 fits each round on a seeded random share of the rows (stochastic boosting).
 */
export const gradientBoosting = defineModel<GradientBoostingParams>({
  kind: 'tree',
  id: 'gradient-boosting',
  label: 'Gradient boosting',
  card: {
    summary: 'Builds small trees one after another; each new tree learns to correct the mistakes the trees before it still make. The prediction adds them all up.',
    goodFor: 'Often the most accurate model on tables; no scaling needed; handles mixed features and interactions.',
    watchOut: 'Many trees or a high learning rate can overfit; training is sequential, so it slows down with many rows, classes and rounds.',
  },
  tasks: ['classification', 'regression'],
  defaultParams: { nEstimators: 100, learningRate: 0.1, maxDepth: 3, minSamplesLeaf: 1, subsample: 1 },
  fields: [
    { key: 'nEstimators', label: 'Boosting rounds', kind: 'int', min: 1, max: 5000, step: 10, help: 'How many trees are added one after another (one per class and round for 3+ classes).' },
    { key: 'learningRate', label: 'Learning rate', kind: 'number', min: 0.001, max: 1, step: 0.01, help: 'How much of each new tree is added. Lower needs more rounds but usually generalises better.' },
    { key: 'maxDepth', label: 'Depth of each tree', kind: 'int', min: 1, max: 10, step: 1, help: 'Small trees (2–5 questions deep) are typical: each only has to fix part of the error.' },
    { key: 'minSamplesLeaf', label: 'Rows per leaf, at least', kind: 'int', min: 1, max: 1000, step: 1, help: 'A split must leave this many training rows on each side.' },
    { key: 'subsample', label: 'Share of rows per round', kind: 'number', min: 0.1, max: 1, step: 0.05, help: 'Below 1, each tree sees a random share of the rows: a little noise that can reduce overfitting.' },
  ],
  rounds: (p) => p.nEstimators,
  // Per round: one tree per class score (one-column targets) plus scoring every row.
  work: (p, n, f, outputs) => p.nEstimators * (outputs > 2 ? outputs : 1) * (cartWork(n, f, f, 1, p.maxDepth) + n * (p.maxDepth + 2)),
  paramCount: (p, _f, outputs) => p.nEstimators * (outputs > 2 ? outputs : 1) * maxNodes(p.maxDepth),
  async fit(x, n, f, yIn, task, p, seed, classes, hooks) {
    const { y, outputs } = prepareTargets(yIn, task, classes);
    const regression = task === 'regression';
    const K = outputs;
    const S = regression || K <= 2 ? 1 : K;
    const link: BoostLink = regression ? 'identity' : K <= 2 ? 'sigmoid' : 'softmax';
    const outW = regression ? 1 : Math.max(2, K);

    // Sample weights (scikit-learn's sample_weight) weigh the start, the splits and the leaf values.
    const sw = Float64Array.from(hooks?.sampleWeights ?? new Float64Array(n).fill(1));
    const swTotal = sw.reduce((a, b) => a + b, 0);
    const base = new Array<number>(S).fill(0);
    if (regression) base[0] = swTotal > 0 ? y.reduce((a, b, r) => a + sw[r]! * b, 0) / swTotal : 0;
    else {
      const counts = new Array<number>(Math.max(2, K)).fill(0);
      y.forEach((c, r) => (counts[c]! += sw[r]!));
      const prior = (c: number) => clampP(counts[c]! / Math.max(1e-12, swTotal));
      if (S === 1) base[0] = Math.log(prior(1) / prior(0));
      else for (let k = 0; k < K; k++) base[k] = Math.log(prior(k));
    }

    const raw = new Float64Array(n * S);
    for (let r = 0; r < n; r++) for (let k = 0; k < S; k++) raw[r * S + k] = base[k]!;
    const val = hooks?.validation;
    const valRaw = val ? new Float64Array(val.n * S) : undefined;
    if (val && valRaw) for (let r = 0; r < val.n; r++) for (let k = 0; k < S; k++) valRaw[r * S + k] = base[k]!;

    const sorted = sortColumns(x, n, f);
    const rng = createRng(seed);
    const residual = new Float64Array(n);
    const hess = new Float64Array(n);
    const take = Math.max(1, Math.round(n * Math.min(1, p.subsample)));
    const weights = Float64Array.from(sw);
    const trees: TreeJSON[] = [];
    let current = linkScores(raw, n, S, link);

    for (let round = 1; round <= p.nEstimators; round++) {
      if (take < n) {
        weights.fill(0);
        for (const r of shuffledIndices(n, rng).subarray(0, take)) weights[r] = sw[r]!;
      }
      // Every class's tree in this round starts from the outputs the previous round left.
      for (let k = 0; k < S; k++) {
        for (let r = 0; r < n; r++) {
          if (regression) residual[r] = y[r]! - raw[r]!;
          else {
            const pk = S === 1 ? current[r * 2 + 1]! : current[r * K + k]!;
            const yk = S === 1 ? y[r]! : y[r] === k ? 1 : 0;
            residual[r] = yk - pk;
            hess[r] = pk * (1 - pk);
          }
        }
        const scale = regression || S === 1 ? 1 : (K - 1) / K;
        const leaf = (leafRows: Uint32Array) => {
          let num = 0;
          let den = 0;
          for (const r of leafRows) {
            num += sw[r]! * residual[r]!;
            den += sw[r]! * (regression ? 1 : hess[r]!);
          }
          return [den < 1e-150 ? 0 : (p.learningRate * scale * num) / den];
        };
        const grown = growTree(x, f, sorted, weights, residual, 1, { maxDepth: p.maxDepth, minSamplesLeaf: p.minSamplesLeaf }, leaf);
        // Stored with one value per score (S wide), zero outside class k, so every tree adds the same way.
        const t: TreeJSON = { ...grown, value: new Array<number>(grown.feature.length * S).fill(0) };
        grown.value.forEach((v, i) => (t.value[i * S + k] = v));
        trees.push(t);
        addTree(raw, x, n, f, t, S, k);
        if (val && valRaw) addTree(valRaw, val.x, val.n, f, t, S, k);
      }
      current = linkScores(raw, n, S, link);
      if (hooks?.round) {
        const trainLoss = lossOf(current, y, outW, regression);
        let valLoss = NaN;
        let metric = NaN;
        if (val && valRaw) {
          const out = linkScores(valRaw, val.n, S, link);
          valLoss = lossOf(out, val.y, outW, regression);
          metric = (regression ? r2Score(val.y, out) : accuracy(val.y, predictedClasses(out, outW))) ?? NaN;
        }
        await hooks.round({ round, rounds: p.nEstimators, trainLoss, valLoss, metric, metricName: regression ? 'R²' : 'accuracy' });
      }
      if (hooks?.stopped?.()) break; // a user's stop keeps the rounds so far
    }
    return createTreeModel({ format: 'ml-studio-trees', version: 2, family: 'gradient-boosting', task, features: f, outputs: outW, trees, boost: { base, link } });
  },
});
