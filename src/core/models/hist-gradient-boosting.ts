import { BOOSTING_FIELDS, boostSetup, reportRound, startScores } from './boosting';
import { resumeFrom } from './tree-checkpoint';
import { createTreeModel, leafIndex, linkScores, type TreeJSON } from './tree-model';
import { defineModel } from './types';

export type HistGradientBoostingParams = { nEstimators: number; learningRate: number; maxLeafNodes: number; minSamplesLeaf: number; l2Regularization: number; maxBins: number };

/** scikit-learn's min_hessian_to_split. */
const MIN_HESSIAN = 1e-3;

/** Per feature: bin edges (x < edge[b] is in bin ≤ b) and where its bins start in a histogram; NaN gets the bin after the last. */
interface Binned {
  bins: Uint8Array; // column-major f × n
  edges: Float64Array[];
  offset: Int32Array; // f + 1 entries: bins of feature j are offset[j] .. offset[j+1] (the last one is NaN's)
  /**
   * Sparse view: per feature its most common bin (0.0 in a bag of words), and per row the
   * features it has elsewhere (`nzFeature[rowStart[r] .. rowStart[r+1])`, with their bins), so a
   * node's histogram costs its rows' uncommon entries only.
   */
  common: Uint8Array;
  rowStart: Int32Array;
  nzFeature: Uint32Array;
  nzBin: Uint8Array;
}

/**
 * Bin edges as scikit-learn's `_find_binning_thresholds`: midpoints between distinct values when
 * there are at most `maxBins`, else the midpoint percentiles of the column (then deduplicated).
 */
export function binEdges(col: Float64Array, maxBins: number): Float64Array {
  // Sorted without NaN; a bag of words is mostly zeros, so only the other values are sorted.
  const neg: number[] = [];
  const pos: number[] = [];
  let zeros = 0;
  for (const v of col) {
    if (v < 0) neg.push(v);
    else if (v > 0) pos.push(v);
    else if (v === 0) zeros++;
  }
  neg.sort((a, b) => a - b);
  pos.sort((a, b) => a - b);
  const vals = [...neg, ...new Array<number>(zeros).fill(0), ...pos];
  const distinct: number[] = [];
  for (const v of vals) if (distinct.length === 0 || distinct.at(-1)! !== v) distinct.push(v);
  if (distinct.length <= maxBins) {
    const out = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < out.length; i++) out[i] = (distinct[i]! + distinct[i + 1]!) / 2;
    return out;
  }
  // numpy.percentile(col, q, method='midpoint') for q = 100·i/maxBins, i = 1 … maxBins − 1.
  const n = vals.length;
  const edges: number[] = [];
  for (let i = 1; i < maxBins; i++) {
    const pos = (i / maxBins) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const e = (vals[lo]! + vals[hi]!) / 2;
    if (edges.length === 0 || edges.at(-1)! !== e) edges.push(e);
  }
  return Float64Array.from(edges);
}

function binData(x: Float32Array, n: number, f: number, maxBins: number): Binned {
  const bins = new Uint8Array(f * n);
  const edges: Float64Array[] = [];
  const offset = new Int32Array(f + 1);
  const col = new Float64Array(n);
  for (let j = 0; j < f; j++) {
    for (let r = 0; r < n; r++) col[r] = x[r * f + j]!;
    const e = binEdges(col, Math.min(255, maxBins));
    edges.push(e);
    offset[j + 1] = offset[j]! + e.length + 2; // e.length + 1 value bins, and NaN's
    for (let r = 0; r < n; r++) {
      const v = col[r]!;
      if (Number.isNaN(v)) bins[j * n + r] = e.length + 1;
      else {
        let lo = 0;
        let hi = e.length; // first edge > v (x < edge goes left, so v === edge is in the next bin)
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (e[mid]! <= v) lo = mid + 1;
          else hi = mid;
        }
        bins[j * n + r] = lo;
      }
    }
  }
  const common = new Uint8Array(f);
  const rowStart = new Int32Array(n + 1);
  const counts = new Int32Array(256);
  for (let j = 0; j < f; j++) {
    counts.fill(0);
    for (let r = 0; r < n; r++) counts[bins[j * n + r]!]!++;
    let c = 0;
    for (let b = 1; b < 256; b++) if (counts[b]! > counts[c]!) c = b;
    common[j] = c;
    for (let r = 0; r < n; r++) if (bins[j * n + r] !== c) rowStart[r + 1]!++;
  }
  for (let r = 0; r < n; r++) rowStart[r + 1]! += rowStart[r]!;
  const nzFeature = new Uint32Array(rowStart[n]!);
  const nzBin = new Uint8Array(rowStart[n]!);
  const fill = rowStart.slice(0, n);
  for (let j = 0; j < f; j++) {
    for (let r = 0; r < n; r++) {
      const bin = bins[j * n + r]!;
      if (bin === common[j]) continue;
      nzFeature[fill[r]!] = j;
      nzBin[fill[r]!++] = bin;
    }
  }
  return { bins, edges, offset, common, rowStart, nzFeature, nzBin };
}

/** Gradient, hessian and count per bin, for every feature (laid out by `offset`). */
interface Node {
  rows: Uint32Array;
  g: number;
  h: number;
  /** Kept for the subtraction trick while memory allows; rebuilt from the rows otherwise. */
  hist?: Float64Array; // 3 per bin
  split?: { gain: number; feature: number; bin: number };
  index: number;
}

/**
 * The node's histogram: dense (every row × feature) for a small node, else sparse: the entries
 * off each feature's common bin, the common bin getting the node's total minus the rest.
 */
function histogram(b: Binned, n: number, f: number, rows: Uint32Array, grad: Float64Array, hess: Float64Array, hist: Float64Array): Float64Array {
  hist.fill(0);
  let nz = 0;
  for (const r of rows) nz += b.rowStart[r + 1]! - b.rowStart[r]!;
  if (rows.length * f <= 2 * nz) {
    for (let j = 0; j < f; j++) {
      const base = b.offset[j]! * 3;
      const col = j * n;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const at = base + b.bins[col + r]! * 3;
        hist[at]! += grad[r]!;
        hist[at + 1]! += hess[r]!;
        hist[at + 2]!++;
      }
    }
    return hist;
  }
  // Sparse: every row's total goes into each feature's common bin, and each uncommon entry moves
  // its row's share from the common bin to its own.
  let g = 0;
  let h = 0;
  for (const r of rows) {
    const gr = grad[r]!;
    const hr = hess[r]!;
    g += gr;
    h += hr;
    for (let i = b.rowStart[r]!, end = b.rowStart[r + 1]!; i < end; i++) {
      const j = b.nzFeature[i]!;
      const at = (b.offset[j]! + b.nzBin[i]!) * 3;
      const c = (b.offset[j]! + b.common[j]!) * 3;
      hist[at]! += gr;
      hist[at + 1]! += hr;
      hist[at + 2]!++;
      hist[c]! -= gr;
      hist[c + 1]! -= hr;
      hist[c + 2]!--;
    }
  }
  for (let j = 0; j < f; j++) {
    const c = (b.offset[j]! + b.common[j]!) * 3;
    hist[c]! += g;
    hist[c + 1]! += h;
    hist[c + 2]! += rows.length;
  }
  return hist;
}

/** Histograms kept for leaves waiting to be split (the subtraction trick needs the parent's), at most this many values. */
const KEPT_HISTOGRAM_VALUES = 8_000_000;

function bestSplit(b: Binned, f: number, node: Node, hist: Float64Array, p: HistGradientBoostingParams): Node['split'] {
  const lambda = p.l2Regularization;
  const n = node.rows.length;
  const parent = (node.g * node.g) / (node.h + lambda);
  let best: Node['split'];
  for (let j = 0; j < f; j++) {
    const start = b.offset[j]!;
    const valueBins = b.offset[j + 1]! - start - 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // Left = bins 0 … bin; NaN's bin always goes right (the stored trees send NaN right).
    for (let bin = 0; bin < valueBins - 1; bin++) {
      const at = (start + bin) * 3;
      gl += hist[at]!;
      hl += hist[at + 1]!;
      cl += hist[at + 2]!;
      if (cl < p.minSamplesLeaf) continue;
      if (n - cl < p.minSamplesLeaf) break;
      const gr = node.g - gl;
      const hr = node.h - hl;
      if (hl < MIN_HESSIAN || hr < MIN_HESSIAN) continue;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
      if (gain > 1e-12 && (!best || gain > best.gain)) best = { gain, feature: j, bin };
    }
  }
  return best;
}

/**
 * One tree grown best-first (the leaf whose split gains most is split next) up to
 * `maxLeafNodes` leaves, as scikit-learn's `TreeGrower`: per node, a histogram of gradients and
 * hessians over the bins; only the smaller child's is built, the larger one's is the parent's
 * minus it (the subtraction trick). Leaves hold −lr·G/(H + λ). Calls `leafRows` per leaf.
 */
function growHistTree(b: Binned, n: number, f: number, rows: Uint32Array, grad: Float64Array, hess: Float64Array, p: HistGradientBoostingParams, pool: Float64Array[], onLeaf: (rows: Uint32Array, value: number) => void): TreeJSON {
  const t: TreeJSON = { feature: [], threshold: [], left: [], right: [], value: [] };
  let kept = 0;
  // Histogram buffers are reused (a bag of words has ~10⁵ bins: allocating one per node kept the garbage collector busy).
  const build = (nodeRows: Uint32Array) => histogram(b, n, f, nodeRows, grad, hess, pool.pop() ?? new Float64Array(b.offset[f]! * 3));
  const newNode = (nodeRows: Uint32Array, hist: Float64Array): Node => {
    let g = 0;
    let h = 0;
    for (const r of nodeRows) {
      g += grad[r]!;
      h += hess[r]!;
    }
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    const node: Node = { rows: nodeRows, g, h, index: t.feature.length - 1 };
    if (nodeRows.length >= 2 * p.minSamplesLeaf) node.split = bestSplit(b, f, node, hist, p);
    if (node.split && kept + hist.length <= KEPT_HISTOGRAM_VALUES) {
      node.hist = hist;
      kept += hist.length;
    } else pool.push(hist);
    return node;
  };
  const leaves: Node[] = [newNode(rows, build(rows))];
  while (leaves.length < p.maxLeafNodes) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) if (leaves[i]!.split && (pick < 0 || leaves[i]!.split!.gain > leaves[pick]!.split!.gain)) pick = i;
    if (pick < 0) break;
    const node = leaves[pick]!;
    const { feature, bin } = node.split!;
    const col = feature * n;
    let nl = 0;
    for (const r of node.rows) if (b.bins[col + r]! <= bin) nl++;
    const lRows = new Uint32Array(nl);
    const rRows = new Uint32Array(node.rows.length - nl);
    let li = 0;
    let ri = 0;
    for (const r of node.rows) {
      if (b.bins[col + r]! <= bin) lRows[li++] = r;
      else rRows[ri++] = r;
    }
    // Subtraction trick: only the smaller child's histogram is built; the larger one's is the parent's minus it.
    const smallLeft = lRows.length <= rRows.length;
    const small = build(smallLeft ? lRows : rRows);
    let large: Float64Array;
    if (node.hist) {
      large = node.hist;
      for (let i = 0; i < large.length; i++) large[i] = large[i]! - small[i]!;
      kept -= large.length;
      node.hist = undefined;
    } else large = build(smallLeft ? rRows : lRows);
    const left = newNode(lRows, smallLeft ? small : large);
    const right = newNode(rRows, smallLeft ? large : small);
    t.feature[node.index] = feature;
    t.threshold[node.index] = b.edges[feature]![bin]!;
    t.left[node.index] = left.index;
    t.right[node.index] = right.index;
    leaves.splice(pick, 1, left, right);
  }
  for (const leaf of leaves) {
    if (leaf.hist) pool.push(leaf.hist);
    const v = -p.learningRate * (leaf.g / (leaf.h + p.l2Regularization));
    t.value[leaf.index] = Number.isFinite(v) ? v : 0;
    onLeaf(leaf.rows, t.value[leaf.index]!);
  }
  return t;
}

/**
 * Histogram gradient boosting (scikit-learn's `HistGradientBoostingClassifier` / `Regressor`,
 * after LightGBM): each column is cut once into at most 255 bins, and trees choose splits from
 * per-bin sums of gradients and hessians instead of sorting rows, so thousands of columns (a
 * TF-IDF bag of words) cost one pass over the rows per tree level. Squared error (regression),
 * log loss with one score (two classes) or one tree per class and round (softmax).
 */
export const histGradientBoosting = defineModel<HistGradientBoostingParams>({
  kind: 'tree',
  id: 'hist-gradient-boosting',
  // Its gradient histograms take no row weights yet (scikit-learn scales gradients and hessians by them).
  ignoresSampleWeights: true,
  label: 'Histogram gradient boosting',
  card: {
    summary: 'Gradient boosting whose trees pick splits from binned columns (at most 255 values each), as LightGBM and scikit-learn’s HistGradientBoosting do.',
    goodFor: 'Many rows or many columns, such as a TF-IDF bag of words: much faster than plain gradient boosting, usually as accurate.',
    watchOut: 'Binning rounds each column to 255 values at most; with few rows, the 20 rows per leaf it asks for can be too many.',
  },
  tasks: ['classification', 'regression'],
  defaultParams: { nEstimators: 100, learningRate: 0.1, maxLeafNodes: 31, minSamplesLeaf: 20, l2Regularization: 0, maxBins: 255 },
  fields: [
    BOOSTING_FIELDS.nEstimators,
    BOOSTING_FIELDS.learningRate,
    { key: 'maxLeafNodes', label: 'Leaves per tree', kind: 'int', min: 2, max: 255, step: 1, help: 'Each tree grows its most useful split first, up to this many leaves.' },
    BOOSTING_FIELDS.minSamplesLeaf,
    { key: 'l2Regularization', label: 'L2 regularisation', kind: 'number', min: 0, max: 100, step: 0.1, help: 'Shrinks leaf values towards zero: higher = smoother model.' },
    { key: 'maxBins', label: 'Bins per column', kind: 'int', min: 2, max: 255, step: 1, help: 'Each column is cut into at most this many value ranges before training.' },
  ],
  rounds: (p) => p.nEstimators,
  work: (p, n, f, outputs) => p.nEstimators * (outputs > 2 ? outputs : 1) * n * (f * Math.max(1, Math.log2(p.maxLeafNodes)) + 4) + n * f * 8,
  paramCount: (p, _f, outputs) => p.nEstimators * (outputs > 2 ? outputs : 1) * (2 * p.maxLeafNodes - 1),
  async fit(x, n, f, yIn, task, p, _seed, classes, hooks) {
    const setup = boostSetup(yIn, task, classes);
    const { y, regression, K, S, link, outW, base } = setup;
    const binned = binData(x, n, f, p.maxBins);
    const all = Uint32Array.from({ length: n }, (_, i) => i);
    const val = hooks?.validation;
    // A resumed fit (tree-checkpoint.ts) goes on with the trees and scores of its last round; nothing here is random.
    const from = resumeFrom(hooks?.resume, 'hist-gradient-boosting', n, val?.n ?? 0, S, p.nEstimators);
    const raw = from.raw ?? startScores(n, setup);
    const valRaw = val ? (from.valRaw ?? startScores(val.n, setup)) : undefined;
    const grads = Array.from({ length: S }, () => new Float64Array(n));
    const hesss = Array.from({ length: S }, () => new Float64Array(n));
    const trees: TreeJSON[] = from.trees;
    const pool: Float64Array[] = [];

    for (let round = from.first; round <= p.nEstimators; round++) {
      // The gradients of every class come from the scores before this round (scikit-learn).
      const current = linkScores(raw, n, S, link);
      for (let k = 0; k < S; k++) {
        const g = grads[k]!;
        const h = hesss[k]!;
        for (let r = 0; r < n; r++) {
          if (regression) {
            g[r] = raw[r]! - y[r]!;
            h[r] = 1;
          } else {
            const pk = S === 1 ? current[r * 2 + 1]! : current[r * K + k]!;
            const yk = S === 1 ? y[r]! : y[r] === k ? 1 : 0;
            g[r] = pk - yk;
            h[r] = pk * (1 - pk);
          }
        }
      }
      for (let k = 0; k < S; k++) {
        const grown = growHistTree(binned, n, f, all, grads[k]!, hesss[k]!, p, pool, (rows, v) => {
          for (const r of rows) raw[r * S + k]! += v;
        });
        const t: TreeJSON = { ...grown, value: new Array<number>(grown.feature.length * S).fill(0) };
        grown.value.forEach((v, i) => (t.value[i * S + k] = v));
        trees.push(t);
        if (val && valRaw) for (let r = 0; r < val.n; r++) valRaw[r * S + k]! += t.value[leafIndex(t, val.x, r, f) * S + k]!;
      }
      if (hooks?.round) await reportRound(hooks, setup, round, p.nEstimators, linkScores(raw, n, S, link), valRaw);
      if (round < p.nEstimators) hooks?.checkpoint?.(() => ({ kind: 'trees', family: 'hist-gradient-boosting', epoch: round, trees: trees.slice(), raw: raw.slice(), valRaw: valRaw?.slice() ?? null, rng: 0 }));
      if (hooks?.stopped?.()) break;
    }
    return createTreeModel({ format: 'ml-studio-trees', version: 2, family: 'hist-gradient-boosting', task, features: f, outputs: outW, trees, boost: { base, link } });
  },
});
