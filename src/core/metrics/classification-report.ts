/**
 * Everything the evaluate step shows for a classifier, in one JSON-serialisable object:
 * no NaN and no Infinity anywhere (undefined values are null), so it can be stored, hashed,
 * posted from a worker and exported in a bundle unchanged.
 */
import {
  accuracy,
  balancedAccuracy,
  column,
  confusionMatrix,
  logLoss,
  meanDefined,
  oneVsRest,
  precisionRecallF1,
  predictedClasses,
  type AverageScores,
  type ClassScores,
  type Proba,
} from './classification';
import { averagePrecisionFromCounts, binaryClfCounts, prFromCounts, rocFromCounts, trapezoidArea } from './curves';

export interface ClassReport extends ClassScores {
  name: string;
}

/** A curve ready for JSON: the +Infinity first ROC threshold is written as null. */
export interface JsonCurve {
  x: number[];
  y: number[];
  thresholds: (number | null)[];
}

export interface ClassCurves {
  name: string;
  /** One-vs-rest ROC of this class (x = FPR, y = TPR); null when the class is absent or is every row. */
  roc: JsonCurve | null;
  auc: number | null;
  /** One-vs-rest precision–recall curve (x = recall, y = precision), sklearn order; null when the class is absent. */
  pr: JsonCurve | null;
  averagePrecision: number | null;
}

export interface ClassificationReport {
  kind: 'classification';
  n: number;
  classNames: string[];
  accuracy: number | null;
  balancedAccuracy: number | null;
  perClass: ClassReport[];
  macro: AverageScores;
  weighted: AverageScores;
  /** confusionMatrix[true][predicted]. */
  confusionMatrix: number[][];
  logLoss: number | null;
  /** Binary: AUC of class 1 vs class 0. Multiclass: macro mean of one-vs-rest AUCs (sklearn 'ovr'). */
  auc: number | null;
  /** Binary: AP of class 1. Multiclass: macro mean of one-vs-rest APs. */
  averagePrecision: number | null;
  /** One entry per class, one-vs-rest. For K = 2, entry 1 is the usual "positive class" curve. */
  curves: ClassCurves[];
}

export interface ClassificationReportOptions {
  /**
   * Curves are thinned to at most this many points for charts (first and last points kept).
   * AUC and AP are always computed on the full curves. Default 1000.
   */
  maxCurvePoints?: number;
}

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

function thin(x: number[], y: number[], thresholds: number[], max: number): JsonCurve {
  const n = x.length;
  const pick =
    n <= max || max < 2
      ? Array.from({ length: n }, (_, i) => i)
      : Array.from({ length: max }, (_, j) => Math.round((j * (n - 1)) / (max - 1)));
  const t = thresholds.length;
  return {
    x: pick.map((i) => x[i]!),
    y: pick.map((i) => y[i]!),
    // PR curves have one threshold fewer than points (the closing (0, 1) point has none).
    thresholds: pick.map((i) => (i < t && Number.isFinite(thresholds[i]!) ? thresholds[i]! : null)),
  };
}

export function classificationReport(
  yTrue: ArrayLike<number>,
  proba: Proba,
  classNames: string[],
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const K = classNames.length;
  const max = options.maxCurvePoints ?? 1000;
  const yPred = predictedClasses(proba, K);
  if (yPred.length !== yTrue.length || proba.length !== yTrue.length * K) {
    throw new Error(`proba has ${proba.length} values, expected ${yTrue.length} rows × ${K} classes`);
  }
  const prf = precisionRecallF1(yTrue, yPred, K);
  const curves: ClassCurves[] = classNames.map((name, k) => {
    const counts = binaryClfCounts(oneVsRest(yTrue, k), column(proba, K, k));
    const roc = rocFromCounts(counts, { dropIntermediate: true });
    const pr = prFromCounts(counts);
    return {
      name,
      roc: roc && thin(roc.fpr, roc.tpr, roc.thresholds, max),
      auc: roc && finiteOrNull(trapezoidArea(roc.fpr, roc.tpr)),
      pr: pr && thin(pr.recall, pr.precision, pr.thresholds, max),
      averagePrecision: finiteOrNull(averagePrecisionFromCounts(counts)),
    };
  });
  const binary = K === 2;
  return {
    kind: 'classification',
    n: yTrue.length,
    classNames: [...classNames],
    accuracy: accuracy(yTrue, yPred),
    balancedAccuracy: balancedAccuracy(yTrue, yPred, K),
    perClass: prf.perClass.map((c, k) => ({ name: classNames[k]!, ...c })),
    macro: prf.macro,
    weighted: prf.weighted,
    confusionMatrix: confusionMatrix(yTrue, yPred, K),
    logLoss: finiteOrNull(logLoss(yTrue, proba, K)),
    auc: binary ? curves[1]!.auc : meanDefined(curves.map((c) => c.auc)),
    averagePrecision: binary ? curves[1]!.averagePrecision : meanDefined(curves.map((c) => c.averagePrecision)),
    curves,
  };
}
