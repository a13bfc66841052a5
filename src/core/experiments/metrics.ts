/**
 * The metrics a cross-validation reports per fold, read from a fold's evaluation report, and the
 * one that ranks models (accuracy for classification, R² for regression: scikit-learn's default
 * `score`, so the studio and GridSearchCV pick by the same number).
 */
import type { TaskKind } from '../data/schema';
import type { ClassificationReport, RegressionReport } from '../metrics';

export interface CvMetric {
  id: string;
  label: string;
  /** True when a larger value is better. */
  higherIsBetter: boolean;
}

const CLASSIFICATION: CvMetric[] = [
  { id: 'accuracy', label: 'Accuracy', higherIsBetter: true },
  { id: 'balancedAccuracy', label: 'Balanced accuracy', higherIsBetter: true },
  { id: 'macroF1', label: 'Macro F1', higherIsBetter: true },
  { id: 'logLoss', label: 'Log loss', higherIsBetter: false },
];
const REGRESSION: CvMetric[] = [
  { id: 'r2', label: 'R²', higherIsBetter: true },
  { id: 'mae', label: 'MAE', higherIsBetter: false },
  { id: 'rmse', label: 'RMSE', higherIsBetter: false },
];

export const cvMetrics = (task: TaskKind): CvMetric[] => (task === 'classification' ? CLASSIFICATION : REGRESSION);

/** The metric models are ranked by. */
export const primaryMetric = (task: TaskKind): CvMetric => cvMetrics(task)[0]!;

export function foldMetricValues(report: ClassificationReport | RegressionReport): Record<string, number | null> {
  if (report.kind === 'classification') {
    return { accuracy: report.accuracy, balancedAccuracy: report.balancedAccuracy, macroF1: report.macro.f1, logLoss: report.logLoss };
  }
  return { r2: report.r2, mae: report.mae, rmse: report.rmse };
}
