import { useState } from 'react';
import type { ClassificationReport } from '../../../core/metrics';
import type { ComparableRun } from '../../../core/metrics/compare';
import { LiveLineChart } from '../../../ui/live-line-chart';
import { CurveChart } from '../../../ui/xy-chart';
import { SERIES_COLORS } from '../../../ui/palette';
import { ConfusionMatrix } from '../../../ui/confusion-matrix';
import { fmtNum } from '../../shared/format';
import { RowsTable } from '../rows-table';
import { predictedClasses } from '../../../core/metrics';

export const RUN_COLORS = SERIES_COLORS;

/** Validation (solid) and training (dashed) loss of every run, overlaid on one epoch axis. */
export function CurvesCompare({ runs }: { runs: ComparableRun[] }) {
  const merged = new Map<number, Record<string, number | null>>();
  runs.forEach((r, i) => {
    for (const e of r.curve ?? []) merged.set(e.epoch, { ...(merged.get(e.epoch) ?? { epoch: e.epoch }), [`v${i}`]: e.valLoss, [`t${i}`]: e.trainLoss });
  });
  if (merged.size === 0) return null;
  return (
    <LiveLineChart
      title={`Loss per epoch: runs ${runs.map((r) => r.label).join(', ')}`}
      data={[...merged.values()].sort((a, b) => (a.epoch as number) - (b.epoch as number))}
      xKey="epoch"
      xLabel="epoch (or boosting round)"
      series={runs.flatMap((r, i) => [
        { key: `v${i}`, label: `${r.label} validation`, color: RUN_COLORS[i % RUN_COLORS.length]! },
        { key: `t${i}`, label: `${r.label} training`, color: RUN_COLORS[i % RUN_COLORS.length]!, dashed: true },
      ])}
    />
  );
}

/** ROC curves of the runs overlaid: the positive class when binary, a chosen class one-vs-rest otherwise. */
export function RocCompare({ runs, reports }: { runs: ComparableRun[]; reports: ClassificationReport[] }) {
  const names = reports[0]!.classNames;
  const [cls, setCls] = useState(names.length === 2 ? 1 : 0);
  if (!reports.every((m) => m.classNames.join('\u0000') === names.join('\u0000'))) return <p className="note">The runs have different classes, so their ROC curves are not overlaid.</p>;
  const k = Math.min(cls, names.length - 1);
  const curves = reports.flatMap((m, i) => {
    const c = m.curves[k];
    return c?.roc ? [{ label: `${runs[i]!.label} (AUC ${fmtNum(c.auc, 3)})`, x: c.roc.x, y: c.roc.y, color: RUN_COLORS[i % RUN_COLORS.length]! }] : [];
  });
  return (
    <div>
      {names.length > 2 && (
        <label className="small">
          ROC of class{' '}
          <select value={k} onChange={(e) => setCls(Number(e.target.value))}>
            {names.map((n, i) => (
              <option key={n} value={i}>
                {n} vs rest
              </option>
            ))}
          </select>
        </label>
      )}
      <CurveChart title={names.length === 2 ? `ROC curves (positive class ${names[1]})` : `ROC curves (${names[k]} vs rest)`} xLabel="false positive rate" yLabel="true positive rate" diagonal curves={curves} />
    </div>
  );
}

/** The runs' confusion matrices side by side; a cell opens the test rows it counts in that run. */
export function MatricesCompare({ runs, reports, readable }: { runs: ComparableRun[]; reports: ClassificationReport[]; readable: boolean[] }) {
  const [cell, setCell] = useState<{ run: number; t: number; p: number }>();
  return (
    <>
      <div className="matrices" role="group" aria-label="Confusion matrices side by side">
        {reports.map((m, i) => (
          <figure key={runs[i]!.id} aria-label={`Confusion matrix of run ${runs[i]!.label}`}>
            <figcaption>Run {runs[i]!.label}</figcaption>
            <ConfusionMatrix classNames={m.classNames} matrix={m.confusionMatrix} selected={cell?.run === i ? [cell.t, cell.p] : undefined} onSelect={(t, p) => setCell({ run: i, t, p })} />
          </figure>
        ))}
      </div>
      {cell && <CellRows run={runs[cell.run]!} names={reports[cell.run]!.classNames} t={cell.t} p={cell.p} readable={readable[cell.run]!} />}
    </>
  );
}

/** The test rows one run's confusion-matrix cell counts. */
function CellRows({ run, names, t, p, readable }: { run: ComparableRun; names: string[]; t: number; p: number; readable: boolean }) {
  const title = `Run ${run.label}: true ${names[t]}, predicted ${names[p]}`;
  if (!run.test) return <p className="note">{title}: this run's test predictions are no longer kept (only the latest five runs keep them).</p>;
  const pred = predictedClasses(run.test.predictions, names.length);
  const rows: number[] = [];
  for (let i = 0; i < pred.length; i++) if (run.test.y[i] === t && pred[i] === p) rows.push(run.test.rows[i]!);
  return (
    <section aria-label="Rows in the chosen cell of a compared run">
      <h4>
        {title}: {rows.length} rows
      </h4>
      {readable ? <RowsTable rows={rows.slice(0, 100)} /> : <p className="note">The cleaned data changed since this run, so its rows' values cannot be shown (rows {rows.slice(0, 20).map((r) => r + 1).join(', ')}).</p>}
    </section>
  );
}
