/**
 * CART trees for every tree family (decision tree, random forest, gradient boosting): exact greedy
 * splits on the squared error of W target columns. With one-hot class targets the squared-error
 * reduction is exactly the Gini impurity reduction (Gini = Σ p(1 − p), the variance of the
 * indicators), so one learner serves classification (leaves = class shares) and regression
 * (leaves = means) as scikit-learn's `DecisionTreeClassifier` / `DecisionTreeRegressor` do.
 * Written here because mljs' trees scan rows² per node (minutes for a few thousand rows), pick a
 * forest's columns once per tree rather than per split, and cannot take boosting's leaf values.
 *
 * Columns are sorted once; each node keeps its rows in every column's order and hands a stable
 * partition to its children, so a level costs O(features · rows · W). Thresholds are midpoints
 * between distinct neighbouring values; NaN sorts last and always goes right, matching `TreeJSON`
 * (`x < threshold` goes left). Rows carry weights (bootstrap counts; 0 = not in this tree).
 */
import type { Rng } from '../util/rng';
import type { TreeJSON } from './tree-model';

export interface CartOptions {
  maxDepth: number;
  /** A split must leave at least this much row weight on each side (scikit-learn `min_samples_leaf`). */
  minSamplesLeaf: number;
  /** A node with this much row weight or less becomes a leaf. */
  maxLeafSamples?: number;
  /** Columns drawn at random for each split (random forest); default all, in order. */
  featuresPerSplit?: number;
  rng?: Rng;
}

/** Per column, the row indices 0..n-1 ordered by value, NaN last (ties keep row order). */
export function sortColumns(x: Float32Array, n: number, f: number): Uint32Array[] {
  const cols: Uint32Array[] = [];
  const v = new Float64Array(n);
  for (let c = 0; c < f; c++) {
    for (let r = 0; r < n; r++) {
      const val = x[r * f + c]!;
      v[r] = Number.isNaN(val) ? Infinity : val;
    }
    const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
    cols.push(Uint32Array.from(idx));
  }
  return cols;
}

interface Split {
  feature: number;
  threshold: number;
  score: number;
}

/**
 * Grows one tree. `targets` is n × W (row-major), `weights` n (0 leaves a row out). `leaf(rows)`
 * gives a leaf's W outputs from its rows (weights applied by the caller as it sees fit).
 */
export function growTree(
  x: Float32Array,
  f: number,
  sorted: readonly Uint32Array[],
  weights: Float64Array,
  targets: Float64Array,
  W: number,
  opts: CartOptions,
  leaf: (rows: Uint32Array) => ArrayLike<number>,
): TreeJSON {
  const n = weights.length;
  const root = sorted.map((col) => col.filter((r) => weights[r]! > 0));
  const tree: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [] };
  const goesLeft = new Uint8Array(n);
  const minLeaf = Math.max(1e-12, opts.minSamplesLeaf);
  const total = new Float64Array(W);
  const sumL = new Float64Array(W);
  const order = Array.from({ length: f }, (_, i) => i);

  const bestSplit = (cols: Uint32Array[]): Split | null => {
    const any = cols[0]!;
    total.fill(0);
    let weight = 0;
    for (const r of any) {
      const w = weights[r]!;
      weight += w;
      for (let k = 0; k < W; k++) total[k]! += w * targets[r * W + k]!;
    }
    if (weight <= (opts.maxLeafSamples ?? 0) || weight < 2 * minLeaf) return null;
    let base = 0;
    for (let k = 0; k < W; k++) base += (total[k]! * total[k]!) / weight;
    // Columns to try: all in order, or a seeded random subset (partial Fisher–Yates).
    const tries = Math.min(f, Math.max(1, opts.featuresPerSplit ?? f));
    if (tries < f && opts.rng) {
      for (let i = 0; i < tries; i++) {
        const j = i + opts.rng.int(f - i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    let best: Split | null = null;
    for (let t = 0; t < tries; t++) {
      const c = tries < f ? order[t]! : t;
      const col = cols[c]!;
      sumL.fill(0);
      let wL = 0;
      for (let i = 0; i < col.length - 1; i++) {
        const r = col[i]!;
        const w = weights[r]!;
        wL += w;
        for (let k = 0; k < W; k++) sumL[k]! += w * targets[r * W + k]!;
        const wR = weight - wL;
        if (wL < minLeaf || wR < minLeaf) continue;
        const a = x[r * f + c]!;
        const b = x[col[i + 1]! * f + c]!;
        if (!(a < b)) continue; // equal values (or NaN next) cannot be separated
        let score = 0;
        for (let k = 0; k < W; k++) {
          const sr = total[k]! - sumL[k]!;
          score += (sumL[k]! * sumL[k]!) / wL + (sr * sr) / wR;
        }
        if (score > base + 1e-12 * Math.abs(base) && (!best || score > best.score)) {
          // The midpoint of two float32 values can round onto b; keep a < threshold ≤ b.
          let th = a / 2 + b / 2;
          if (!(th > a)) th = b;
          best = { feature: c, threshold: th, score };
        }
      }
    }
    return best;
  };

  const grow = (cols: Uint32Array[], depth: number): number => {
    const i = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    for (let k = 0; k < W; k++) tree.value.push(0);
    const split = depth < opts.maxDepth ? bestSplit(cols) : null;
    if (!split) {
      const out = leaf(cols[0]!);
      for (let k = 0; k < W; k++) tree.value[i * W + k] = out[k]!;
      return i;
    }
    let nLeft = 0;
    for (const r of cols[split.feature]!) nLeft += goesLeft[r] = x[r * f + split.feature]! < split.threshold ? 1 : 0;
    // One stable pass per column into preallocated halves (filter() twice was the hot spot).
    const m = cols[0]!.length;
    const leftCols: Uint32Array[] = [];
    const rightCols: Uint32Array[] = [];
    for (const col of cols) {
      const l = new Uint32Array(nLeft);
      const rr = new Uint32Array(m - nLeft);
      let a = 0;
      let b = 0;
      for (let j = 0; j < m; j++) {
        const r = col[j]!;
        if (goesLeft[r] === 1) l[a++] = r;
        else rr[b++] = r;
      }
      leftCols.push(l);
      rightCols.push(rr);
    }
    tree.feature[i] = split.feature;
    tree.threshold[i] = split.threshold;
    tree.left[i] = grow(leftCols, depth + 1);
    tree.right[i] = grow(rightCols, depth + 1);
    return i;
  };

  // No columns: one leaf over no rows (bestSplit finds nothing to split either way).
  grow(root.length > 0 ? root : [new Uint32Array(0)], 0);
  return tree;
}

/** n × K one-hot rows of class indices (classification targets for `growTree`). */
export function oneHot(y: ArrayLike<number>, K: number): Float64Array {
  const t = new Float64Array(y.length * K);
  for (let r = 0; r < y.length; r++) t[r * K + y[r]!] = 1;
  return t;
}

/** The weighted mean of the W targets over rows: class shares (one-hot) or the mean value. */
export function meanLeaf(weights: Float64Array, targets: Float64Array, W: number) {
  return (rows: Uint32Array): Float64Array => {
    const out = new Float64Array(W);
    let total = 0;
    for (const r of rows) {
      const w = weights[r]!;
      total += w;
      for (let k = 0; k < W; k++) out[k]! += w * targets[r * W + k]!;
    }
    if (total > 0) for (let k = 0; k < W; k++) out[k]! /= total;
    return out;
  };
}

/**
 * Rough work of growing one tree: per level, every row is partitioned in every column and scanned
 * in `scanned` columns with W targets. Time estimates scale a measured speed by this count.
 */
export function cartWork(n: number, f: number, scanned: number, W: number, maxDepth: number): number {
  const levels = Math.max(1, Math.min(maxDepth, Math.ceil(Math.log2(Math.max(2, n)))));
  return n * (f + levels * (f + scanned * (1 + W)));
}
