/**
 * Threshold curves for one binary problem (scikit-learn semantics): ROC, AUC, precision–recall,
 * average precision. `isPositive[i]` is truthy for the positive class; `scores[i]` is higher for
 * "more positive". Ties in scores give one point per distinct threshold, as sklearn does.
 *
 * Undefined curves (no positive rows, no negative rows for ROC, or a non-finite score) are
 * returned as null instead of sklearn's warning + NaN, so reports stay JSON-safe.
 */

export interface RocCurve {
  /** False-positive rate per threshold, non-decreasing, starting at 0. */
  fpr: number[];
  /** True-positive rate per threshold, non-decreasing, starting at 0. */
  tpr: number[];
  /** Descending; thresholds[0] is +Infinity ("predict nothing positive" → (0, 0)). */
  thresholds: number[];
}

export interface PrCurve {
  /** sklearn order: precision[i] and recall[i] belong to thresholds[i]; the last point is (recall 0, precision 1). */
  precision: number[];
  /** Non-increasing, ending at 0. */
  recall: number[];
  /** Ascending distinct scores (one fewer entry than precision/recall). */
  thresholds: number[];
}

/** Cumulative counts at each distinct score, highest score first (sklearn `_binary_clf_curve`). */
export interface ClfCounts {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

export function binaryClfCounts(isPositive: ArrayLike<number | boolean>, scores: ArrayLike<number>): ClfCounts | null {
  const n = scores.length;
  if (isPositive.length !== n) throw new Error(`labels (${isPositive.length}) and scores (${n}) differ in length`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i]!)) return null;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    if (isPositive[i]) tp++;
    // Emit a point only at the end of a run of equal scores: one point per distinct threshold.
    const last = j === n - 1 || scores[order[j + 1]!]! !== scores[i]!;
    if (last) {
      tps.push(tp);
      fps.push(j + 1 - tp);
      thresholds.push(scores[i]!);
    }
  }
  return { fps, tps, thresholds };
}

/**
 * sklearn `roc_curve`. dropIntermediate=false keeps every distinct threshold; true drops points
 * that are collinear with their neighbours (sklearn's default), which leaves the AUC unchanged.
 */
export function rocCurve(
  isPositive: ArrayLike<number | boolean>,
  scores: ArrayLike<number>,
  options: { dropIntermediate?: boolean } = {},
): RocCurve | null {
  return rocFromCounts(binaryClfCounts(isPositive, scores), options);
}

/** `rocCurve` from precomputed counts (lets a report sort the scores once per class). */
export function rocFromCounts(counts: ClfCounts | null, options: { dropIntermediate?: boolean } = {}): RocCurve | null {
  if (!counts) return null;
  let { fps, tps, thresholds } = counts;
  const P = tps[tps.length - 1] ?? 0;
  const N = fps[fps.length - 1] ?? 0;
  if (P === 0 || N === 0) return null;
  if (options.dropIntermediate && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = keep.map((i) => fps[i]!);
    tps = keep.map((i) => tps[i]!);
    thresholds = keep.map((i) => thresholds[i]!);
  }
  return {
    fpr: [0, ...fps.map((f) => f / N)],
    tpr: [0, ...tps.map((t) => t / P)],
    thresholds: [Infinity, ...thresholds],
  };
}

/** Trapezoidal area under y(x) for x non-decreasing (sklearn `auc`). */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

/** sklearn `roc_auc_score` for a binary problem; null when only one class is present. */
export function rocAuc(isPositive: ArrayLike<number | boolean>, scores: ArrayLike<number>): number | null {
  const roc = rocCurve(isPositive, scores);
  return roc ? trapezoidArea(roc.fpr, roc.tpr) : null;
}

/** sklearn `precision_recall_curve` (drop_intermediate=false); null when there is no positive row. */
export function precisionRecallCurve(isPositive: ArrayLike<number | boolean>, scores: ArrayLike<number>): PrCurve | null {
  return prFromCounts(binaryClfCounts(isPositive, scores));
}

export function prFromCounts(counts: ClfCounts | null): PrCurve | null {
  if (!counts) return null;
  const { fps, tps, thresholds } = counts;
  const P = tps[tps.length - 1] ?? 0;
  if (P === 0) return null;
  const precision: number[] = [];
  const recall: number[] = [];
  for (let i = tps.length - 1; i >= 0; i--) {
    const predicted = tps[i]! + fps[i]!;
    precision.push(predicted === 0 ? 0 : tps[i]! / predicted);
    recall.push(tps[i]! / P);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds: [...thresholds].reverse() };
}

/**
 * sklearn `average_precision_score`: AP = Σ_n (R_n − R_{n−1}) · P_n over thresholds from high to
 * low, R_0 = 0. A step sum, not the trapezoid (which is optimistic). Null when no positive row.
 */
export function averagePrecision(isPositive: ArrayLike<number | boolean>, scores: ArrayLike<number>): number | null {
  return averagePrecisionFromCounts(binaryClfCounts(isPositive, scores));
}

export function averagePrecisionFromCounts(counts: ClfCounts | null): number | null {
  if (!counts) return null;
  const { fps, tps } = counts;
  const P = tps[tps.length - 1] ?? 0;
  if (P === 0) return null;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const recall = tps[i]! / P;
    ap += (recall - prevRecall) * (tps[i]! / (tps[i]! + fps[i]!));
    prevRecall = recall;
  }
  return ap;
}
