/**
 * What the two boosting families (gradient-boosting.ts, hist-gradient-boosting.ts) share: the
 * scores a task needs and their link, the starting scores (the mean, or the class priors'
 * log-odds), and the report of each round (which the random forest shares, random-forest.ts).
 * The trees themselves are grown differently.
 */
import { accuracy, logLoss, meanSquaredError, predictedClasses, r2Score } from '../metrics';
import type { TaskKind } from '../data/schema';
import { prepareTargets } from './tree-common';
import { linkScores, type BoostLink } from './tree-model';
import type { ParamField, TreeFitHooks } from './types';

const EPS = 1e-15;
const clampP = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

/** Mean log loss (classification) or mean squared error, as the neural training loop reports. */
const lossOf = (out: Float32Array, y: ArrayLike<number>, K: number, regression: boolean): number => (regression ? meanSquaredError(y, out) : logLoss(y, out, K)) ?? NaN;

export interface BoostSetup {
  y: number[];
  regression: boolean;
  /** Classes (1 for regression). */
  K: number;
  /** Scores per row: 1 for regression and two classes (sigmoid), K for softmax. */
  S: number;
  link: BoostLink;
  /** Output columns of the model: 1 for regression, at least 2 for classification. */
  outW: number;
  /** The starting score of each of the S scores. */
  base: number[];
}

/** `weights` (scikit-learn's sample_weight) weigh the starting mean or priors; none = 1 each. */
export function boostSetup(yIn: ArrayLike<number>, task: TaskKind, classes: number | undefined, weights?: ArrayLike<number>): BoostSetup {
  const { y, outputs: K } = prepareTargets(yIn, task, classes);
  const regression = task === 'regression';
  const S = regression || K <= 2 ? 1 : K;
  const link: BoostLink = regression ? 'identity' : K <= 2 ? 'sigmoid' : 'softmax';
  const outW = regression ? 1 : Math.max(2, K);
  const w = (r: number) => (weights ? weights[r]! : 1);
  let total = 0;
  for (let r = 0; r < y.length; r++) total += w(r);
  const base = new Array<number>(S).fill(0);
  if (regression) base[0] = total > 0 ? y.reduce((a, b, r) => a + w(r) * b, 0) / total : 0;
  else {
    const counts = new Array<number>(Math.max(2, K)).fill(0);
    y.forEach((c, r) => (counts[c]! += w(r)));
    const prior = (c: number) => clampP(counts[c]! / Math.max(1e-12, total));
    if (S === 1) base[0] = Math.log(prior(1) / prior(0));
    else for (let k = 0; k < K; k++) base[k] = Math.log(prior(k));
  }
  return { y, regression, K, S, link, outW, base };
}

/** n rows of S scores, each starting at `base`. */
export function startScores(n: number, s: BoostSetup): Float64Array {
  const raw = new Float64Array(n * s.S);
  for (let r = 0; r < n; r++) for (let k = 0; k < s.S; k++) raw[r * s.S + k] = s.base[k]!;
  return raw;
}

/**
 * Reports a finished round through `hooks.round`: the training loss from the linked training
 * scores, and the validation loss and metric (accuracy or R²) from the validation rows' scores.
 */
export async function reportRound(hooks: TreeFitHooks, s: BoostSetup, round: number, rounds: number, trainOut: Float32Array, valRaw: Float64Array | undefined): Promise<void> {
  if (!hooks.round) return;
  const val = hooks.validation;
  await reportOutputs(hooks, s, round, rounds, trainOut, val && valRaw ? linkScores(valRaw, val.n, s.S, s.link) : undefined);
}

/**
 * The same report from the model's outputs so far (class probabilities, outW per row, or values)
 * on the training rows and, when there are validation rows, on those: a forest's mean of its trees.
 */
export async function reportOutputs(hooks: TreeFitHooks, t: { y: ArrayLike<number>; outW: number; regression: boolean }, round: number, rounds: number, trainOut: Float32Array, valOut: Float32Array | undefined): Promise<void> {
  if (!hooks.round) return;
  const trainLoss = lossOf(trainOut, t.y, t.outW, t.regression);
  let valLoss = NaN;
  let metric = NaN;
  const val = hooks.validation;
  if (val && valOut) {
    valLoss = lossOf(valOut, val.y, t.outW, t.regression);
    metric = (t.regression ? r2Score(val.y, valOut) : accuracy(val.y, predictedClasses(valOut, t.outW))) ?? NaN;
  }
  await hooks.round({ round, rounds, trainLoss, valLoss, metric, metricName: t.regression ? 'R²' : 'accuracy' });
}

/** The fields both boosting families have, with the same meaning. */
export const BOOSTING_FIELDS = {
  nEstimators: { key: 'nEstimators', label: 'Boosting rounds', kind: 'int', min: 1, max: 5000, step: 10, help: 'How many trees are added one after another (one per class and round for 3+ classes).' },
  learningRate: { key: 'learningRate', label: 'Learning rate', kind: 'number', min: 0.001, max: 1, step: 0.01, help: 'How much of each new tree is added. Lower needs more rounds but usually generalises better.' },
  minSamplesLeaf: { key: 'minSamplesLeaf', label: 'Rows per leaf, at least', kind: 'int', min: 1, max: 1000, step: 1, help: 'A split must leave this many training rows on each side.' },
} satisfies Record<string, ParamField>;
