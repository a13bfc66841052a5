import { useState } from 'react';
import type { RunRecord } from '../../store/modeling';
import type { ClassificationReport, RegressionReport } from '../../core/metrics';
import { getModelInfo } from '../../core/models/catalog';
import { LiveLineChart } from '../../ui/live-line-chart';
import { seriesColor } from '../../ui/palette';
import { fmtNum } from '../shared/format';

export function mainMetric(run: RunRecord): string {
  const m = run.metrics;
  if (!m) return '—';
  return m.kind === 'classification' ? `accuracy ${fmtNum((m as ClassificationReport).accuracy, 3)}` : `R² ${fmtNum((m as RegressionReport).r2, 3)}`;
}

/** Every run with its settings and test metric; tick two to compare their curves side by side. */
export function RunHistory({ runs }: { runs: RunRecord[] }) {
  const [picked, setPicked] = useState<string[]>([]);
  if (runs.length === 0) return null;
  const compare = runs.filter((r) => picked.includes(r.id));
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const merged = new Map<number, Record<string, number | null>>();
  for (const r of compare) for (const e of r.epochs) merged.set(e.epoch, { ...(merged.get(e.epoch) ?? { epoch: e.epoch }), [`v${r.number}`]: e.valLoss, [`t${r.number}`]: e.trainLoss });
  return (
    <section aria-label="Run history">
      <h3>Runs</h3>
      <table className="runs">
        <thead>
          <tr>
            <th>Compare</th>
            <th>Run</th>
            <th>Model</th>
            <th>Settings</th>
            <th>Backend</th>
            <th>Epochs</th>
            <th>Test result</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {[...runs].reverse().map((r) => (
            <tr key={r.id}>
              <td>
                <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`Compare run ${r.number}`} />
              </td>
              <td>#{r.number}</td>
              <td>{getModelInfo(r.family)?.label ?? r.family}</td>
              <td className="small">
                lr {r.hp.learningRate}, batch {r.hp.batchSize}, {r.hp.optimizer}, seed {r.hp.seed}
              </td>
              <td>{r.backend ? `${r.backend.name}${r.backend.threads ? ` ×${r.backend.threads}` : ''}` : '—'}</td>
              <td>{r.epochs.length}</td>
              <td>{mainMetric(r)}</td>
              <td className="small">{r.status === 'failed' ? `failed: ${r.problem ?? ''}` : r.outcome ? `${r.status} (${r.outcome.stoppedBy})` : r.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {compare.length === 2 && (
        <div className="compare">
          <p className="small muted">Settings as a diff, metric differences and the test rows that changed prediction: Evaluate → Compare runs.</p>
          <LiveLineChart
            title={`Run #${compare[0]!.number} vs run #${compare[1]!.number}: loss per epoch`}
            data={[...merged.values()].sort((a, b) => (a.epoch as number) - (b.epoch as number))}
            xKey="epoch"
            xLabel="epoch"
            series={compare.flatMap((r, i) => [
              { key: `v${r.number}`, label: `#${r.number} validation`, color: seriesColor(i) },
              { key: `t${r.number}`, label: `#${r.number} training`, color: seriesColor(i), dashed: true },
            ])}
          />
          <table className="runs">
            <tbody>
              {compare.map((r) => (
                <tr key={r.id}>
                  <th>#{r.number}</th>
                  <td>{getModelInfo(r.family)?.label}</td>
                  <td className="small">{JSON.stringify(r.params)}</td>
                  <td>{mainMetric(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
