import type { ClassificationReport, RegressionReport } from '../../core/metrics';
import type { RunRecord } from '../../store/modeling';

export function mainMetricText(run: RunRecord): string {
  const m = run.metrics;
  if (!m) return 'no metrics';
  const v = m.kind === 'classification' ? (m as ClassificationReport).accuracy : (m as RegressionReport).r2;
  return `${m.kind === 'classification' ? 'accuracy' : 'R²'} ${v === null ? '—' : v.toFixed(3)}`;
}
