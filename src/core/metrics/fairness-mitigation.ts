/**
 * Two ways to make a model's decisions fairer between groups, as fairness guides present them:
 *
 * - before training, **reweighing** (Kamiran & Calders 2012, "Data preprocessing techniques for
 *   classification without discrimination"; AIF360's `Reweighing`): each training row of group g
 *   and label y gets the weight P(g)·P(y) / P(g, y) = n_g·n_y / (n·n_gy), so in the weighted data
 *   group and label are independent: every group×label cell weighs what it would if the label did
 *   not depend on the group (a cell the group lacks weighs its expected count);
 * - after training, **per-group thresholds** (binary classification): on the validation split, for
 *   each group the threshold on the positive class's probability whose selection rate (or
 *   true-positive rate) is closest to the whole validation split's at the default decision. A
 *   simpler, deterministic cousin of Fairlearn's ThresholdOptimizer (which randomises between two
 *   thresholds to meet the constraint exactly while maximising accuracy).
 */
import { rowsByGroup } from './fairness';

/** Kamiran & Calders weights, one per row (mean 1 over the rows). */
export function reweighingWeights(groups: readonly string[], labels: ArrayLike<number>): Float32Array {
  const n = groups.length;
  const byGroup = new Map<string, number>();
  const byLabel = new Map<number, number>();
  const byCell = new Map<string, number>();
  const cell = (i: number) => `${labels[i]}\u0000${groups[i]}`;
  for (let i = 0; i < n; i++) {
    byGroup.set(groups[i]!, (byGroup.get(groups[i]!) ?? 0) + 1);
    byLabel.set(labels[i]!, (byLabel.get(labels[i]!) ?? 0) + 1);
    byCell.set(cell(i), (byCell.get(cell(i)) ?? 0) + 1);
  }
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (byGroup.get(groups[i]!)! * byLabel.get(labels[i]!)!) / (n * byCell.get(cell(i))!);
  return w;
}

export type ThresholdGoal = 'selection-rate' | 'tpr';

export interface ThresholdChoice {
  goal: ThresholdGoal;
  /** The rate every group is brought close to: the validation split's at the default decision. */
  target: number;
  thresholds: Record<string, number>;
  /** Each group's rate on the validation split with its threshold. */
  achieved: Record<string, number>;
}

/** Probability of the positive class per row of a binary n×2 matrix. */
export function positiveProbabilities(proba: ArrayLike<number>, positive: number): Float64Array {
  const n = Math.floor(proba.length / 2);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = proba[i * 2 + positive]!;
  return p;
}

/**
 * Per-group thresholds on validation rows. `p` is the positive probability per row, `actual`
 * whether the row is truly positive. Groups without a row the goal can count (tpr: no positives)
 * keep the default 0.5.
 */
export function chooseThresholds(p: ArrayLike<number>, actual: ArrayLike<boolean>, groups: readonly string[], goal: ThresholdGoal): ThresholdChoice {
  const counted = (i: number) => goal === 'selection-rate' || actual[i]!;
  const all = Array.from({ length: groups.length }, (_, i) => i).filter(counted);
  // The default decision of a binary model is the argmax, i.e. positive when p > 0.5.
  const target = all.length ? all.filter((i) => p[i]! > 0.5).length / all.length : 0;
  const thresholds: Record<string, number> = {};
  const achieved: Record<string, number> = {};
  for (const [g, rows] of rowsByGroup(groups)) {
    const base = rows.filter(counted);
    if (base.length === 0) continue;
    // Candidates: each distinct probability (positive iff p ≥ t), and one above all (none positive).
    const sorted = base.map((i) => p[i]!).sort((a, b) => b - a);
    let best = { t: Math.min(1, sorted[0]! + 1e-6), rate: 0 };
    let bestErr = Math.abs(target);
    for (let k = 0; k < sorted.length; k++) {
      if (k + 1 < sorted.length && sorted[k + 1] === sorted[k]) continue; // ties select together
      const rate = (k + 1) / sorted.length;
      const err = Math.abs(rate - target);
      // Ties in error: the threshold nearer the default 0.5 changes fewer decisions.
      if (err < bestErr - 1e-12 || (Math.abs(err - bestErr) <= 1e-12 && Math.abs(sorted[k]! - 0.5) < Math.abs(best.t - 0.5))) {
        best = { t: sorted[k]!, rate };
        bestErr = err;
      }
    }
    thresholds[g] = best.t;
    achieved[g] = best.rate;
  }
  return { goal, target, thresholds, achieved };
}
