import { memo, useMemo } from 'react';
import type { RunRecord } from '../../store/modeling';
import type { BatchLog } from '../../core/jobs';
import { LiveLineChart } from '../../ui/live-line-chart';
import { TermLinks } from '../../ui/glossary/term';
import { metricTermId } from '../../core/guide/glossary';
import { CHART_COLORS } from '../../ui/palette';

const LOSS_SERIES = [
  { key: 'train', label: 'training loss', color: CHART_COLORS.training },
  { key: 'validation', label: 'validation loss', color: CHART_COLORS.validation },
];
const BATCH_SERIES = [
  { key: 'loss', label: 'batch loss', color: CHART_COLORS.raw },
  { key: 'smoothed', label: 'smoothed', color: CHART_COLORS.primary },
];

/**
 * Loss and metric per epoch (train vs validation), and the smoothed per-batch loss. Boosted trees
 * log rounds in the same shape (`unit` 'round').
 */
export const LiveCharts = memo(function LiveCharts({ run, batches, unit = 'epoch' }: { run: RunRecord; batches: BatchLog[]; unit?: 'epoch' | 'round' }) {
  const metricName = run.epochs[0]?.metricName ?? 'metric';
  const metricSeries = useMemo(() => [{ key: 'metric', label: metricName, color: CHART_COLORS.metric }], [metricName]);
  // Each chart is memoised: the epoch charts redraw only when epochs arrive, not on batch flushes.
  const epochs = useMemo(() => run.epochs.map((e) => ({ epoch: e.epoch, train: e.trainLoss, validation: e.valLoss, metric: e.metric })), [run.epochs]);
  const perBatch = useMemo(() => batches.map((b, i) => ({ step: i + 1, loss: b.loss, smoothed: b.smoothedLoss })), [batches]);
  return (
    <>
    <TermLinks terms={[{ id: 'loss', label: 'loss' }, { id: 'validation-loss', label: 'validation loss' }, { id: 'epoch', label: unit }, ...(metricTermId(metricName) ? [{ id: metricTermId(metricName)!, label: metricName }] : [])]} />
    <div className="chart-grid">
      <LiveLineChart
        title={`Loss per ${unit}`}
        data={epochs}
        xKey="epoch"
        xLabel={unit}
        series={LOSS_SERIES}
      />
      <LiveLineChart title={`Validation ${metricName} per ${unit}`} data={epochs} xKey="epoch" xLabel={unit} series={metricSeries} />
      {perBatch.length > 0 && (
        <LiveLineChart
          title="Batch loss (smoothed), this session"
          data={perBatch}
          xKey="step"
          xLabel="readings"
          series={BATCH_SERIES}
        />
      )}
    </div>
    </>
  );
});
