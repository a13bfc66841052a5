/**
 * Successive halving (Jamieson & Talwalkar 2016; the rungs of Hyperband, Li et al. 2017): start
 * many configurations on a small budget (epochs, boosting rounds), keep the best 1/η, give them
 * η times the budget, and so on up to the full budget.
 */

export interface Rung {
  /** Budget each configuration gets at this rung (rounded to a whole number of epochs/rounds). */
  budget: number;
  /** Configurations that run at this rung. */
  size: number;
}

/**
 * The rungs from `configs` configurations: budgets max·η^(i−k) for i = 0..k, each rung keeping
 * ⌊size/η⌋ (at least 1), at most as many rungs as budgets ≥ `minBudget` allow.
 */
export function halvingRungs(configs: number, minBudget: number, maxBudget: number, eta: number): Rung[] {
  if (configs < 1 || eta < 2 || maxBudget < 1) return [];
  let levels = 0;
  while (maxBudget / eta ** (levels + 1) >= minBudget && Math.floor(configs / eta ** (levels + 1)) >= 1) levels++;
  const rungs: Rung[] = [];
  let size = configs;
  for (let i = levels; i >= 0; i--) {
    rungs.push({ budget: Math.max(1, Math.round(maxBudget / eta ** i)), size });
    size = Math.max(1, Math.floor(size / eta));
  }
  return rungs;
}

/** Indices of the best ⌊n/η⌋ (at least 1) of `scores` (higher is better; NaN counts as worst), best first. */
export function promote(scores: readonly number[], eta: number): number[] {
  const keep = Math.max(1, Math.floor(scores.length / eta));
  const val = (s: number) => (Number.isFinite(s) ? s : -Infinity);
  return scores
    .map((_, i) => i)
    .sort((a, b) => val(scores[b]!) - val(scores[a]!) || a - b)
    .slice(0, keep);
}
