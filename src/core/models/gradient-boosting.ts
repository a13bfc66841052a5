import { createRng, shuffledIndices } from '../util/rng';
import { BOOSTING_FIELDS, boostSetup, reportRound, startScores } from './boosting';
import { resumeFrom } from './tree-checkpoint';
import { cartWork, growTree, sortColumns } from './cart';
import { maxNodes } from './tree-common';
import { createTreeModel, leafIndex, linkScores, type TreeJSON } from './tree-model';
import { defineModel } from './types';

export type GradientBoostingParams = { nEstimators: number; learningRate: number; maxDepth: number; minSamplesLeaf: number; subsample: number };

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
 * A fit given `hooks.resume` goes on after that checkpoint's round with its trees, scores and
 * generator state: the trees that follow are those of a fit never cut off.
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
    BOOSTING_FIELDS.nEstimators,
    BOOSTING_FIELDS.learningRate,
    { key: 'maxDepth', label: 'Depth of each tree', kind: 'int', min: 1, max: 10, step: 1, help: 'Small trees (2–5 questions deep) are typical: each only has to fix part of the error.' },
    BOOSTING_FIELDS.minSamplesLeaf,
    { key: 'subsample', label: 'Share of rows per round', kind: 'number', min: 0.1, max: 1, step: 0.05, help: 'Below 1, each tree sees a random share of the rows: a little noise that can reduce overfitting.' },
  ],
  rounds: (p) => p.nEstimators,
  // Per round: one tree per class score (one-column targets) plus scoring every row.
  work: (p, n, f, outputs) => p.nEstimators * (outputs > 2 ? outputs : 1) * (cartWork(n, f, f, 1, p.maxDepth) + n * (p.maxDepth + 2)),
  paramCount: (p, _f, outputs) => p.nEstimators * (outputs > 2 ? outputs : 1) * maxNodes(p.maxDepth),
  async fit(x, n, f, yIn, task, p, seed, classes, hooks) {
    // Sample weights (scikit-learn's sample_weight) weigh the start, the splits and the leaf values.
    const sw = Float64Array.from(hooks?.sampleWeights ?? new Float64Array(n).fill(1));
    const setup = boostSetup(yIn, task, classes, sw);
    const { y, regression, K, S, link, outW, base } = setup;

    const val = hooks?.validation;
    const from = resumeFrom(hooks?.resume, 'gradient-boosting', n, val?.n ?? 0, S, p.nEstimators);
    const raw = from.raw ?? startScores(n, setup);
    const valRaw = val ? (from.valRaw ?? startScores(val.n, setup)) : undefined;

    const sorted = sortColumns(x, n, f);
    const rng = createRng(seed, from.rng);
    const residual = new Float64Array(n);
    const hess = new Float64Array(n);
    const take = Math.max(1, Math.round(n * Math.min(1, p.subsample)));
    const weights = Float64Array.from(sw);
    const trees: TreeJSON[] = from.trees;
    let current = linkScores(raw, n, S, link);

    for (let round = from.first; round <= p.nEstimators; round++) {
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
      if (hooks) await reportRound(hooks, setup, round, p.nEstimators, current, valRaw);
      if (round < p.nEstimators) hooks?.checkpoint?.(() => ({ kind: 'trees', family: 'gradient-boosting', epoch: round, trees: trees.slice(), raw: raw.slice(), valRaw: valRaw?.slice() ?? null, rng: rng.state() }));
      if (hooks?.stopped?.()) break; // a user's stop keeps the rounds so far
    }
    return createTreeModel({ format: 'ml-studio-trees', version: 2, family: 'gradient-boosting', task, features: f, outputs: outW, trees, boost: { base, link } });
  },
});
