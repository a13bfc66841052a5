/**
 * Classification metrics with scikit-learn semantics, on plain arrays.
 * Shapes: yTrue has N class indices in 0..K-1; proba is row-major N×K (row i = proba[i*K .. i*K+K-1]).
 * "Undefined" (empty input, a class never seen) is null, never NaN, so results are JSON-safe.
 */
import { averagePrecision, rocAuc } from './curves';

export type Proba = Float32Array | Float64Array;

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class is this one. */
  support: number;
}

export interface AverageScores extends ClassScores {
  /** Classes that took part in the average (sklearn: present in y_true or y_pred). */
  classesAveraged: number;
}

function checkLabels(yTrue: ArrayLike<number>, numClasses: number, what = 'yTrue'): void {
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new Error(`${what}[${i}] = ${y} is not a class index in 0..${numClasses - 1}`);
    }
  }
}

function checkProba(n: number, proba: Proba, numClasses: number): void {
  if (proba.length !== n * numClasses) {
    throw new Error(`proba has ${proba.length} values, expected ${n} rows × ${numClasses} classes`);
  }
}

/** Row-wise argmax; ties go to the lowest class index (as numpy.argmax). */
export function predictedClasses(proba: Proba, numClasses: number): Uint32Array {
  const n = Math.floor(proba.length / numClasses);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestP = proba[i * numClasses]!;
    for (let k = 1; k < numClasses; k++) {
      const p = proba[i * numClasses + k]!;
      if (p > bestP) {
        best = k;
        bestP = p;
      }
    }
    out[i] = best;
  }
  return out;
}

/** K×K counts: rows = true class, columns = predicted class (sklearn `confusion_matrix`). */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error('yTrue and yPred differ in length');
  checkLabels(yTrue, numClasses);
  checkLabels(yPred, numClasses, 'yPred');
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]!]![yPred[i]!]!++;
  return m;
}

/** Fraction of rows predicted correctly; null for no rows. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number | null {
  if (yTrue.length !== yPred.length) throw new Error('yTrue and yPred differ in length');
  if (yTrue.length === 0) return null;
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** sklearn `balanced_accuracy_score`: mean recall over the classes present in yTrue. */
export function balancedAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number | null {
  const cm = confusionMatrix(yTrue, yPred, numClasses);
  let sum = 0;
  let present = 0;
  cm.forEach((row, k) => {
    const support = row.reduce((a, b) => a + b, 0);
    if (support > 0) {
      sum += row[k]! / support;
      present++;
    }
  });
  return present === 0 ? null : sum / present;
}

/**
 * sklearn `precision_recall_fscore_support` with zero_division=0: a ratio whose denominator is 0
 * counts as 0 (precision of a class never predicted, recall of a class never present, F1 when
 * TP+FP+FN = 0). F1 = 2·TP / (2·TP + FP + FN), equal to 2PR/(P+R) whenever that is defined.
 * Macro = unweighted mean of per-class scores; weighted = mean weighted by support. Both average
 * over the classes present in yTrue or yPred (sklearn's default `labels`), so a class absent from
 * both does not drag the macro average to 0; per-class rows still list every class.
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): { perClass: ClassScores[]; macro: AverageScores; weighted: AverageScores } {
  const cm = confusionMatrix(yTrue, yPred, numClasses);
  const perClass: ClassScores[] = [];
  const used: boolean[] = [];
  for (let k = 0; k < numClasses; k++) {
    const tp = cm[k]![k]!;
    const support = cm[k]!.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < numClasses; t++) predicted += cm[t]![k]!;
    const fp = predicted - tp;
    const fn = support - tp;
    perClass.push({
      precision: predicted === 0 ? 0 : tp / predicted,
      recall: support === 0 ? 0 : tp / support,
      f1: 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
      support,
    });
    used.push(support > 0 || predicted > 0);
  }
  const total = yTrue.length;
  const avg = (weighted: boolean): AverageScores => {
    let p = 0, r = 0, f = 0, w = 0, count = 0;
    perClass.forEach((c, k) => {
      if (!used[k]) return;
      const weight = weighted ? c.support : 1;
      p += weight * c.precision;
      r += weight * c.recall;
      f += weight * c.f1;
      w += weight;
      count++;
    });
    const mean = (s: number) => (w === 0 ? 0 : s / w);
    return { precision: mean(p), recall: mean(r), f1: mean(f), support: total, classesAveraged: count };
  };
  return { perClass, macro: avg(false), weighted: avg(true) };
}

/**
 * Mean cross-entropy −(1/N) Σ log p_i[y_i] (sklearn `log_loss` with labels = 0..K-1).
 * Each probability is clipped to [ε, 1−ε] with ε = float64 machine epsilon (2.22e-16, what
 * sklearn ≥ 1.3 uses for float64 input via eps="auto"; older versions used 1e-15), then each row
 * is renormalised to sum to 1 (as sklearn < 1.5 did; sklearn ≥ 1.5 only warns). For rows that
 * already sum to 1 the two agree. Float32 input is widened to float64 first. Null for no rows.
 */
export function logLoss(yTrue: ArrayLike<number>, proba: Proba, numClasses: number): number | null {
  const n = yTrue.length;
  checkProba(n, proba, numClasses);
  checkLabels(yTrue, numClasses);
  if (n === 0) return null;
  const eps = Number.EPSILON;
  const clip = (p: number) => Math.min(1 - eps, Math.max(eps, p));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let k = 0; k < numClasses; k++) rowSum += clip(proba[i * numClasses + k]!);
    sum -= Math.log(clip(proba[i * numClasses + yTrue[i]!]!) / rowSum);
  }
  return sum / n;
}

/** Column k of a row-major N×K matrix as a Float64Array (the one-vs-rest score for class k). */
export function column(proba: Proba, numClasses: number, k: number): Float64Array {
  const n = Math.floor(proba.length / numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[i * numClasses + k]!;
  return out;
}

/** 1 where yTrue is class k, else 0. */
export function oneVsRest(yTrue: ArrayLike<number>, k: number): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = yTrue[i] === k ? 1 : 0;
  return out;
}

/**
 * ROC AUC. Binary (K = 2): sklearn `roc_auc_score(y, proba[:, 1])`. Multiclass: sklearn
 * `roc_auc_score(multi_class='ovr', average='macro')` = mean of the one-vs-rest AUCs.
 * Where sklearn raises (a class absent from yTrue makes its OvR AUC undefined), we average over
 * the classes whose AUC is defined, and return null if none is.
 */
export function rocAucScore(yTrue: ArrayLike<number>, proba: Proba, numClasses: number): number | null {
  checkProba(yTrue.length, proba, numClasses);
  checkLabels(yTrue, numClasses);
  if (numClasses === 2) return rocAuc(oneVsRest(yTrue, 1), column(proba, 2, 1));
  return meanDefined(Array.from({ length: numClasses }, (_, k) => rocAuc(oneVsRest(yTrue, k), column(proba, numClasses, k))));
}

/** Average precision: binary → of class 1; multiclass → macro mean of one-vs-rest APs (defined ones). */
export function averagePrecisionScore(yTrue: ArrayLike<number>, proba: Proba, numClasses: number): number | null {
  checkProba(yTrue.length, proba, numClasses);
  checkLabels(yTrue, numClasses);
  if (numClasses === 2) return averagePrecision(oneVsRest(yTrue, 1), column(proba, 2, 1));
  return meanDefined(
    Array.from({ length: numClasses }, (_, k) => averagePrecision(oneVsRest(yTrue, k), column(proba, numClasses, k))),
  );
}

export function meanDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}
