import type { MetricRow } from '../../../core/metrics/compare';
import { MetricName } from '../../../ui/glossary/metric-name';

/** Four decimals: enough to see differences of one test row in a few thousand. */
export const fmt4 = (v: number | null) => (v === null ? '—' : v.toFixed(4));
export const fmtSigned = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(4)}`);

/** Test metrics side by side; each later run shows its signed difference from the first, the best run is marked. */
export function MetricsCompare({ labels, rows, title = 'Test metrics' }: { labels: string[]; rows: MetricRow[]; title?: string }) {
  return (
    <section aria-label={title === 'Test metrics' ? 'Metrics compared' : title}>
      <h4>{title}</h4>
      <table className="runs" aria-label={title === 'Test metrics' ? 'Metrics side by side' : `${title} side by side`}>
        <thead>
          <tr>
            <th>Metric</th>
            {labels.map((l, i) => (
              <th key={l} colSpan={i === 0 ? 1 : 2}>
                Run {l}
                {i > 0 && <span className="small muted"> (vs {labels[0]})</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`metric-row-${r.id}`}>
              <th scope="row" title={r.direction === 'higher' ? 'higher is better' : 'lower is better'}>
                <MetricName name={r.label} /> <span className="small muted">{r.direction === 'higher' ? '↑' : '↓'}</span>
              </th>
              {r.values.map((v, i) => {
                const best = r.best.includes(i);
                const cells = [
                  <td key="v" className={best ? 'num better' : 'num'} data-testid="value" data-value={v ?? ''} title={best ? 'best of these runs' : undefined}>
                    {fmt4(v)}
                    {best && <span aria-label="best"> ★</span>}
                  </td>,
                ];
                if (i > 0) {
                  cells.push(
                    <td key="d" className="num small" data-testid="diff" data-value={r.diffs[i] ?? ''}>
                      {fmtSigned(r.diffs[i] ?? null)}
                    </td>,
                  );
                }
                return cells;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">↑ higher is better, ↓ lower is better; ★ marks the best run on each metric (none on a tie).</p>
    </section>
  );
}
