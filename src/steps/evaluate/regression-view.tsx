import type { RegressionReport } from '../../core/metrics';
import type { RunRecord } from '../../store/modeling';
import { ScatterView } from '../../ui/xy-chart';
import { fmtNum } from '../shared/format';
import { MetricName } from '../../ui/glossary/metric-name';

export function RegressionView({ run, m }: { run: RunRecord; m: RegressionReport }) {
  const t = run.test;
  const points = t ? Array.from(t.y, (y, i) => ({ actual: y, predicted: t.predictions[i]! })) : [];
  return (
    <>
      <dl className="metric-tiles">
        {(
          [
            ['MAE', m.mae, 'Mean absolute error: the typical miss, in the target’s units.'],
            ['RMSE', m.rmse, 'Root mean squared error: like MAE but punishes big misses more.'],
            ['MSE', m.mse, 'Mean squared error.'],
            ['R²', m.r2, 'Share of the target’s variance explained (1 is perfect, 0 is no better than the mean).'],
          ] as const
        ).map(([name, v, help]) => (
          <div key={name} title={help}>
            <dt><MetricName name={name} /></dt>
            <dd data-testid={`metric-${name}`}>{fmtNum(v, 4)}</dd>
          </div>
        ))}
      </dl>
      <div className="chart-grid">
        <ScatterView title="Predicted vs actual" xLabel="actual" yLabel="predicted" reference="identity" points={points.map((p) => ({ x: p.actual, y: p.predicted }))} />
        <ScatterView title="Residuals (actual − predicted)" xLabel="predicted" yLabel="residual" reference="zero" points={points.map((p) => ({ x: p.predicted, y: p.actual - p.predicted }))} />
      </div>
    </>
  );
}
