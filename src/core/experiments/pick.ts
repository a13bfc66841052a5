/**
 * Which model cross-validation picks: the one-standard-error rule (Breiman et al. 1984, CART;
 * Hastie, Tibshirani & Friedman, "The Elements of Statistical Learning", §7.10): among the models
 * whose mean CV score is within one standard error of the best mean, take the simplest.
 *
 * Why: the best mean of several models is partly luck (a few rows of a few folds), and the luckiest
 * model is often the most flexible one. A difference smaller than the best model's standard error,
 * sd / √folds, is not evidence that it is better, so the simpler model, which is cheaper, easier to
 * read and less likely to have fitted the folds' noise, is the safer choice.
 */

export interface PickCandidate {
  id: string;
  /** Mean CV score over the folds (higher is better). */
  mean: number;
  /** Sample standard deviation of the fold scores (ddof = 1). */
  sd: number;
  /** Folds the mean is over (all repeats). */
  folds: number;
  /** Simplicity rank: lower = simpler. */
  rank: number;
}

export interface CvPick {
  /** The best mean (ties: the first listed). */
  best: PickCandidate;
  /** The simplest within one standard error of the best (ties in rank: the higher mean, then the first listed). */
  picked: PickCandidate;
  /** The best model's standard error, sd / √folds. */
  se: number;
  /** best.mean − se: the lowest mean that still counts as "as good as the best". */
  threshold: number;
}

/** Scores within this of each other are the same score (floating-point means of the same fold values). */
const EPS = 1e-12;

export function oneStandardErrorPick(candidates: readonly PickCandidate[]): CvPick | undefined {
  const scored = candidates.filter((c) => Number.isFinite(c.mean));
  if (scored.length === 0) return undefined;
  const best = scored.reduce((a, b) => (b.mean > a.mean + EPS ? b : a));
  const se = best.folds > 1 && Number.isFinite(best.sd) ? best.sd / Math.sqrt(best.folds) : 0;
  const threshold = best.mean - se;
  const within = scored.filter((c) => c.mean >= threshold - EPS);
  const picked = within.reduce((a, b) => (b.rank < a.rank || (b.rank === a.rank && b.mean > a.mean + EPS) ? b : a));
  return { best, picked, se, threshold };
}
