/**
 * Permutation importance, scikit-learn's definition (`sklearn.inspection.permutation_importance`):
 * the score on the held-out rows, minus the score once one feature's values are shuffled among
 * the rows, repeated `repeats` times with seeded shuffles; reported as the mean and the standard
 * deviation (population, ddof = 0, as numpy's `std`) of those drops. Model-agnostic: it needs only
 * predictions, so every family (trees, boosting, neural, text models) gets the same measure.
 *
 * A feature here is a GROUP of encoded columns (a one-hot block, a number with its missing
 * indicator, the whole text input): the same row shuffle moves every column of the group
 * together, which equals shuffling the raw column before encoding it (the encoders work column
 * by column), so one-hot blocks stay valid rows.
 *
 * As in scikit-learn, every feature sees the same sequence of shuffles (one generator seeded the
 * same way per feature), and each repeat shuffles the index again and applies it to the
 * already-shuffled column (`X_permuted[:, col] = X_permuted[shuffling_idx, col]`).
 */
import { createRng, type Rng } from '../util/rng';

export interface FeatureGroup {
  /** The raw column's name ("petal_length", "text"). */
  name: string;
  /** First encoded column and how many columns belong to it. */
  start: number;
  width: number;
}

export type ScoreKind = 'accuracy' | 'r2';

export interface ImportanceInput {
  predict(x: Float32Array, n: number, f: number): Promise<Float32Array>;
  /** Row-major n × f, encoded as the model was trained. */
  x: Float32Array;
  n: number;
  f: number;
  /** Class indices or values. */
  y: ArrayLike<number>;
  score: ScoreKind;
  /** Classes (classification): the width of a prediction row. */
  classes: number;
  groups: readonly FeatureGroup[];
  repeats: number;
  seed: number;
  /** Replaces the seeded Fisher–Yates shuffle of `idx` (tests feed scikit-learn's own shuffles). */
  shuffle?: (idx: Uint32Array, repeat: number) => void;
  progress?: (done: number, total: number) => void;
}

export interface FeatureImportance {
  name: string;
  mean: number;
  sd: number;
  /** The drop of each repeat. */
  drops: number[];
}

export interface ImportanceResult {
  score: ScoreKind;
  baseline: number;
  repeats: number;
  seed: number;
  rows: number;
  /** In the order of the groups given (the view sorts them). */
  features: FeatureImportance[];
}

/** Accuracy of n × K probabilities (argmax, first on ties) or R² of n values. */
export function scorePredictions(kind: ScoreKind, y: ArrayLike<number>, pred: ArrayLike<number>, classes: number): number {
  const n = y.length;
  if (kind === 'accuracy') {
    let right = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (pred[i * classes + k]! > pred[i * classes + best]!) best = k;
      if (best === y[i]) right++;
    }
    return n === 0 ? 0 : right / n;
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n || 1;
  let ssRes = 0, ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (y[i]! - pred[i]!) ** 2;
    ssTot += (y[i]! - mean) ** 2;
  }
  // scikit-learn's r2_score: a constant target scores 1 when predicted exactly, else 0.
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

function fisherYates(idx: Uint32Array, rng: Rng) {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
}

export function meanSd(v: readonly number[]): { mean: number; sd: number } {
  const mean = v.reduce((a, b) => a + b, 0) / (v.length || 1);
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length || 1));
  return { mean, sd };
}

export async function permutationImportance(input: ImportanceInput): Promise<ImportanceResult> {
  const { x, n, f, y, groups, repeats, seed, score, classes } = input;
  if (repeats < 1) throw new Error('repeats must be at least 1');
  const total = groups.length * repeats;
  const baseline = scorePredictions(score, y, await input.predict(x, n, f), classes);
  const features: FeatureImportance[] = [];
  const column = new Float32Array(n);
  let done = 0;
  for (const g of groups) {
    const xp = x.slice();
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const rng = createRng(seed);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      if (input.shuffle) input.shuffle(idx, r);
      else fisherYates(idx, rng);
      for (let c = g.start; c < g.start + g.width; c++) {
        for (let i = 0; i < n; i++) column[i] = xp[idx[i]! * f + c]!;
        for (let i = 0; i < n; i++) xp[i * f + c] = column[i]!;
      }
      drops.push(baseline - scorePredictions(score, y, await input.predict(xp, n, f), classes));
      input.progress?.(++done, total);
    }
    features.push({ name: g.name, drops, ...meanSd(drops) });
  }
  return { score, baseline, repeats, seed, rows: n, features };
}
