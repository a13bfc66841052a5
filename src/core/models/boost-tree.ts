/**
 * The regression tree that gradient boosting fits to each round's residuals: exact greedy CART on
 * squared error (scikit-learn's `DecisionTreeRegressor`, whose `friedman_mse` split score equals
 * the squared-error reduction nL·nR/n·(meanL − meanR)² for unweighted rows). Written here because
 * mljs' trees cannot take a custom leaf value (boosting's Newton step) and scan rows² per node.
 *
 * Columns are sorted once; each node keeps its rows in every column's order and hands a stable
 * partition to its children, so one level costs O(features · rows). Thresholds are midpoints
 * between distinct neighbouring values, as in scikit-learn; NaN sorts last and always goes right,
 * matching `TreeJSON`'s rule (`x < threshold` goes left).
 */
import type { TreeJSON } from './tree-model';

export interface BoostTreeOptions {
  maxDepth: number;
  /** A split must leave at least this many rows on each side (scikit-learn `min_samples_leaf`). */
  minSamplesLeaf: number;
}

/** Per column, the row indices 0..n-1 ordered by value, NaN last. */
export function sortColumns(x: Float32Array, n: number, f: number): Uint32Array[] {
  const cols: Uint32Array[] = [];
  for (let c = 0; c < f; c++) {
    const idx = new Uint32Array(n);
    for (let r = 0; r < n; r++) idx[r] = r;
    const v = (r: number) => {
      const val = x[r * f + c]!;
      return Number.isNaN(val) ? Infinity : val;
    };
    // Ties keep row order (Array.prototype.sort is stable), so growth is deterministic.
    cols.push(Uint32Array.from(Array.from(idx).sort((a, b) => v(a) - v(b) || a - b)));
  }
  return cols;
}

interface Split {
  feature: number;
  threshold: number;
  score: number;
}

/**
 * Grows one tree on `target` over the rows in `rows` (a subset in any order: a subsample), with
 * the columns' global order `sorted`. `leaf(rows)` gives a leaf's output (1 number).
 */
export function growBoostTree(
  x: Float32Array,
  f: number,
  sorted: readonly Uint32Array[],
  rows: Uint32Array,
  target: Float64Array,
  opts: BoostTreeOptions,
  leaf: (rows: Uint32Array) => number,
): TreeJSON {
  const n = sorted[0]?.length ?? 0;
  const inNode = new Uint8Array(n);
  for (const r of rows) inNode[r] = 1;
  // Each column's order restricted to the rows of the root.
  const root = sorted.map((col) => col.filter((r) => inNode[r] === 1));
  const tree: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [] };
  const goesLeft = new Uint8Array(n);

  const bestSplit = (cols: Uint32Array[]): Split | null => {
    const m = cols[0]!.length;
    const minLeaf = Math.max(1, opts.minSamplesLeaf);
    if (m < 2 * minLeaf) return null;
    let total = 0;
    for (const r of cols[0]!) total += target[r]!;
    let best: Split | null = null;
    // Splitting must beat not splitting: total²/m is the node's own score.
    const base = (total * total) / m;
    for (let c = 0; c < f; c++) {
      const col = cols[c]!;
      let sumL = 0;
      for (let i = 0; i < m - 1; i++) {
        const r = col[i]!;
        sumL += target[r]!;
        const nL = i + 1;
        if (nL < minLeaf || m - nL < minLeaf) continue;
        const a = x[r * f + c]!;
        const b = x[col[i + 1]! * f + c]!;
        if (!(a < b)) continue; // equal values (or NaN next) cannot be separated
        const sumR = total - sumL;
        const score = (sumL * sumL) / nL + (sumR * sumR) / (m - nL);
        if (score > base + 1e-12 * Math.abs(base) && (!best || score > best.score)) {
          // The midpoint can round up to b in float32 data stored as doubles; keep a < t ≤ b.
          let t = a / 2 + b / 2;
          if (!(t > a)) t = b;
          best = { feature: c, threshold: t, score };
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
    tree.value.push(0);
    const split = depth < opts.maxDepth ? bestSplit(cols) : null;
    if (!split) {
      tree.value[i] = leaf(cols[0]!);
      return i;
    }
    const own = cols[split.feature]!;
    for (const r of own) goesLeft[r] = x[r * f + split.feature]! < split.threshold ? 1 : 0;
    const leftCols: Uint32Array[] = [];
    const rightCols: Uint32Array[] = [];
    for (const col of cols) {
      leftCols.push(col.filter((r) => goesLeft[r] === 1));
      rightCols.push(col.filter((r) => goesLeft[r] === 0));
    }
    tree.feature[i] = split.feature;
    tree.threshold[i] = split.threshold;
    tree.left[i] = grow(leftCols, depth + 1);
    tree.right[i] = grow(rightCols, depth + 1);
    return i;
  };

  if (rows.length > 0) grow(root, 0);
  return tree;
}
