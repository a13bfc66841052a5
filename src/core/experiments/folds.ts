/**
 * k-fold splits of the training rows for cross-validation (seeded). Positions are 0..n-1 into the
 * pool the caller gives (the training split's rows); the test split is never part of it.
 * Classification: stratified (each fold keeps the class proportions, as scikit-learn's
 * StratifiedKFold); regression: stratified by the target's quantile bins (`quantileBins`), so
 * every fold spans the whole range of the target, low and high values alike.
 */
import { createRng, shuffledIndices } from '../util/rng';

export const MIN_FOLDS = 3;
export const MAX_FOLDS = 10;
export const DEFAULT_FOLDS = 5;
export const MAX_REPEATS = 10;

export interface FoldSplit {
  /** 0-based repeat and fold number. */
  repeat: number;
  fold: number;
  /** Positions into the pool, ascending. */
  train: Uint32Array;
  validation: Uint32Array;
}

export interface FoldSettings {
  k: number;
  /** Repeated k-fold: each repeat reshuffles (seed + repeat). 1 = plain k-fold. */
  repeats: number;
  seed: number;
}

export const DEFAULT_FOLD_SETTINGS: FoldSettings = { k: DEFAULT_FOLDS, repeats: 1, seed: 42 };

/** k clamped to 3…10 and to the pool (every fold needs a row), repeats to 1…10. */
export function clampFoldSettings(s: FoldSettings, n: number): FoldSettings {
  const k = Math.min(Math.max(MIN_FOLDS, Math.min(MAX_FOLDS, Math.round(s.k) || DEFAULT_FOLDS)), n);
  return { k, repeats: Math.max(1, Math.min(MAX_REPEATS, Math.round(s.repeats))), seed: s.seed | 0 };
}

/** Fold id per position: plain k-fold over a seeded shuffle, fold sizes differ by at most one. */
export function kFoldAssignment(n: number, k: number, seed: number): Uint8Array {
  const order = shuffledIndices(n, createRng(seed));
  const fold = new Uint8Array(n);
  order.forEach((pos, i) => (fold[pos] = i % k));
  return fold;
}

/**
 * Fold id per position, stratified by class: each class's positions are shuffled and dealt to the
 * folds in turn, continuing where the previous class stopped, so every fold holds ⌊n_c/k⌋ or
 * ⌈n_c/k⌉ rows of each class c and fold sizes differ by at most one.
 */
export function stratifiedAssignment(classes: ArrayLike<number>, k: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    const list = byClass.get(c);
    if (list) list.push(i);
    else byClass.set(c, [i]);
  }
  const fold = new Uint8Array(classes.length);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(c)!;
    const order = shuffledIndices(members.length, rng);
    for (const j of order) {
      fold[members[j]!] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

/**
 * Bin id per position by the rank of its value: `bins` bins of equal counts (±1), ties and NaN
 * ordered by position (NaN last). Stratifying folds by these keeps each fold's target
 * distribution close to the whole pool's. The number of bins is ⌊n / 2k⌋ clamped to 1…10, so each
 * bin holds at least two rows per fold.
 */
export function quantileBins(values: ArrayLike<number>, k: number): Uint8Array {
  const n = values.length;
  const bins = Math.max(1, Math.min(10, Math.floor(n / (2 * Math.max(1, k)))));
  const key = (i: number) => (Number.isNaN(values[i]!) ? Infinity : values[i]!);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  const out = new Uint8Array(n);
  order.forEach((pos, rank) => (out[pos] = Math.floor((rank * bins) / n)));
  return out;
}

function splitsOf(assignment: Uint8Array, k: number, repeat: number): FoldSplit[] {
  const out: FoldSplit[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const validation: number[] = [];
    assignment.forEach((a, i) => (a === f ? validation : train).push(i));
    out.push({ repeat, fold: f, train: Uint32Array.from(train), validation: Uint32Array.from(validation) });
  }
  return out;
}

/**
 * Every fold of every repeat. `classes` (class id per position) makes the folds stratified; without
 * it they are plain shuffled k-fold (regression).
 */
export function makeFolds(n: number, settings: FoldSettings, classes?: ArrayLike<number>): FoldSplit[] {
  const { k, repeats, seed } = clampFoldSettings(settings, n);
  const out: FoldSplit[] = [];
  for (let r = 0; r < repeats; r++) {
    const s = seed + r * 7919;
    out.push(...splitsOf(classes ? stratifiedAssignment(classes, k, s) : kFoldAssignment(n, k, s), k, r));
  }
  return out;
}
