import { useState } from 'react';
import type { ClassificationReport } from '../../core/metrics';
import type { RunRecord } from '../../store/modeling';
import { ConfusionMatrix } from '../../ui/confusion-matrix';
import { CurveChart } from '../../ui/xy-chart';
import { SERIES_COLORS } from '../../ui/palette';
import { fmtNum } from '../shared/format';
import { RowsTable } from './rows-table';
import { MetricName } from '../../ui/glossary/metric-name';
import { ImbalanceNote } from './imbalance-note';

const COLORS = SERIES_COLORS;

export function ClassificationView({ run, m }: { run: RunRecord; m: ClassificationReport }) {
  const [cell, setCell] = useState<[number, number]>();
  const K = m.classNames.length;
  const test = run.test;
  // Test rows counted by the chosen confusion-matrix cell.
  const cellRows: number[] = [];
  const cellProbs: number[] = [];
  if (cell && test) {
    for (let i = 0; i < test.y.length; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (test.predictions[i * K + k]! > test.predictions[i * K + best]!) best = k;
      if (test.y[i] === cell[0] && best === cell[1]) {
        cellRows.push(test.rows[i]!);
        cellProbs.push(test.predictions[i * K + best]!);
      }
    }
  }
  const curves = K === 2 ? [m.curves[1]!] : m.curves;
  return (
    <>
      <dl className="metric-tiles">
        <Tile name="Accuracy" value={m.accuracy} help="Share of test rows predicted right." />
        <Tile name="Balanced accuracy" value={m.balancedAccuracy} help="Mean recall over classes: fair when classes are imbalanced." />
        <Tile name="Macro F1" value={m.macro.f1} help="F1 averaged over classes, each counting the same." />
        <Tile name="Weighted F1" value={m.weighted.f1} help="F1 averaged over classes, weighted by their size." />
        <Tile name="Log loss" value={m.logLoss} help="How confident and right the probabilities are (lower is better)." />
        <Tile name={K === 2 ? 'ROC AUC' : 'ROC AUC (one-vs-rest)'} value={m.auc} help="Chance a random positive is scored above a random negative." />
      </dl>
      <ImbalanceNote m={m} />
      <table className="per-class" aria-label="Per-class scores">
        <thead>
          <tr>
            <th>Class</th>
            {['Precision', 'Recall', 'F1', 'Support'].map((h) => <th key={h}><MetricName name={h} /></th>)}
          </tr>
        </thead>
        <tbody>
          {m.perClass.map((c) => (
            <tr key={c.name}>
              <th>{c.name}</th>
              <td>{fmtNum(c.precision, 3)}</td>
              <td>{fmtNum(c.recall, 3)}</td>
              <td>{fmtNum(c.f1, 3)}</td>
              <td>{c.support}</td>
            </tr>
          ))}
          {(['macro', 'weighted'] as const).map((a) => (
            <tr key={a} className="avg">
              <th>{a} average</th>
              <td>{fmtNum(m[a].precision, 3)}</td>
              <td>{fmtNum(m[a].recall, 3)}</td>
              <td>{fmtNum(m[a].f1, 3)}</td>
              <td>{m.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="chart-grid">
        <ConfusionMatrix classNames={m.classNames} matrix={m.confusionMatrix} selected={cell} onSelect={(i, j) => setCell([i, j])} />
        <CurveChart title="ROC curve" xLabel="false positive rate" yLabel="true positive rate" diagonal curves={curves.flatMap((c, i) => (c.roc ? [{ label: `${c.name} (AUC ${fmtNum(c.auc, 3)})`, x: c.roc.x, y: c.roc.y, color: COLORS[i % COLORS.length]! }] : []))} />
        <CurveChart title="Precision–recall curve" xLabel="recall" yLabel="precision" curves={curves.flatMap((c, i) => (c.pr ? [{ label: `${c.name} (AP ${fmtNum(c.averagePrecision, 3)})`, x: c.pr.x, y: c.pr.y, color: COLORS[i % COLORS.length]! }] : []))} />
      </div>
      {cell && (
        <section aria-label="Rows in the chosen cell">
          <h3>
            True {m.classNames[cell[0]]}, predicted {m.classNames[cell[1]]}: {cellRows.length} rows
          </h3>
          <RowsTable rows={cellRows.slice(0, 100)} extra={{ label: 'probability', values: cellProbs.slice(0, 100).map((p) => fmtNum(p, 3)) }} />
        </section>
      )}
    </>
  );
}

function Tile({ name, value, help }: { name: string; value: number | null; help: string }) {
  return (
    <div title={help}>
      <dt><MetricName name={name} /></dt>
      <dd data-testid={`metric-${name}`}>{fmtNum(value, 3)}</dd>
    </div>
  );
}
