/** The trials of a search: a table sortable by score, score per trial, and score against each varied parameter. */
import { useState } from 'react';
import type { SearchState, SearchTrial } from '../../core/jobs';
import { LiveLineChart } from '../../ui/live-line-chart';
import { fmtNum } from '../shared/format';

const shortKey = (key: string) => key.replace(/^(param|hp)\./, '');
const showValue = (v: number | string | undefined) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(3)) : (v ?? '—'));

/** Score (y) against one parameter (x), as dots; log x for a log-scale parameter. */
function ParamScatter({ name, log, points }: { name: string; log: boolean; points: { x: number | string; y: number; best: boolean }[] }) {
  const W = 220;
  const H = 150;
  const M = { l: 36, r: 8, t: 8, b: 28 };
  const cats = [...new Set(points.filter((p) => typeof p.x === 'string').map((p) => String(p.x)))];
  const xv = (x: number | string) => (typeof x === 'string' ? cats.indexOf(x) : log ? Math.log10(Math.max(x, 1e-300)) : x);
  const xs = points.map((p) => xv(p.x));
  const ys = points.map((p) => p.y);
  const [x0, x1] = cats.length ? [-0.5, cats.length - 0.5] : [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => M.l + ((x - x0) / (x1 - x0 || 1)) * (W - M.l - M.r);
  const sy = (y: number) => H - M.b - ((y - y0) / (y1 - y0 || 1)) * (H - M.t - M.b);
  const label = (x: number) => (cats.length ? (cats[x] ?? '') : log ? `1e${x.toFixed(1)}` : fmtNum(x, 3));
  return (
    <figure className="search-scatter" aria-label={`Score against ${name}`}>
      <svg width={W} height={H} role="img">
        <line x1={M.l} y1={H - M.b} x2={W - M.r} y2={H - M.b} stroke="currentColor" opacity={0.4} />
        <line x1={M.l} y1={M.t} x2={M.l} y2={H - M.b} stroke="currentColor" opacity={0.4} />
        {points.map((p, i) => (
          <circle key={i} cx={sx(xs[i]!)} cy={sy(p.y)} r={p.best ? 5 : 3} fill={p.best ? '#d9480f' : '#1971c2'} opacity={0.8} />
        ))}
        <text x={M.l} y={H - 8} fontSize={10}>
          {label(cats.length ? 0 : x0)}
        </text>
        <text x={W - M.r} y={H - 8} fontSize={10} textAnchor="end">
          {label(cats.length ? cats.length - 1 : x1)}
        </text>
        <text x={2} y={M.t + 8} fontSize={10}>
          {fmtNum(y1, 3)}
        </text>
        <text x={2} y={H - M.b} fontSize={10}>
          {fmtNum(y0, 3)}
        </text>
      </svg>
      <figcaption className="small muted">{name}</figcaption>
    </figure>
  );
}

export function SearchResults({ search }: { search: SearchState }) {
  const [byScore, setByScore] = useState(true);
  const { trials, settings } = search;
  const metric = search.metricName ?? 'score';
  // Where the score comes from: the validation split, or the mean over k cross-validation folds.
  const by = settings.scoreBy?.kind === 'cv' ? `${settings.scoreBy.k}-fold CV mean` : 'validation';
  const By = by[0]!.toUpperCase() + by.slice(1);
  const scored = trials.filter((t): t is SearchTrial & { score: number } => t.score !== undefined && Number.isFinite(t.score));
  const bestId = scored.filter((t) => t.status === 'done').reduce<SearchTrial | undefined>((b, t) => (!b || t.score > b.score! ? t : b), undefined)?.id;
  const rows = byScore ? [...trials].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.id - b.id) : trials;
  let runningBest = -Infinity;
  const curve = [...scored].sort((a, b) => a.id - b.id).map((t) => ({ trial: t.id, score: t.score, best: (runningBest = Math.max(runningBest, t.score)) }));
  const done = trials.filter((t) => t.status === 'done' || t.status === 'pruned').length;
  return (
    <section aria-label="Search trials">
      <p aria-live="polite" className="small">
        {search.status === 'running' ? 'Searching' : search.status === 'paused' ? 'Paused' : search.status === 'stopped' ? 'Stopped' : 'Finished'}: {done} trial{done === 1 ? '' : 's'} scored by {by} {metric}
        {bestId !== undefined ? `, best ${fmtNum(scored.find((t) => t.id === bestId)!.score, 4)} (trial #${bestId})` : ''}.
      </p>
      {curve.length > 0 && (
        <LiveLineChart
          title={`${By} ${metric} per trial`}
          data={curve}
          xKey="trial"
          xLabel="trial"
          height={180}
          series={[
            { key: 'score', label: metric, color: '#1971c2', dots: true },
            { key: 'best', label: 'best so far', color: '#d9480f', dashed: true },
          ]}
        />
      )}
      {scored.length > 1 && (
        <div className="search-scatters">
          {settings.space.map((p) => (
            <ParamScatter key={p.key} name={shortKey(p.key)} log={p.kind !== 'categorical' && p.log} points={scored.map((t) => ({ x: t.point[p.key]!, y: t.score, best: t.id === bestId }))} />
          ))}
        </div>
      )}
      <table className="runs" aria-label="Trials">
        <thead>
          <tr>
            <th>Trial</th>
            {settings.space.map((p) => (
              <th key={p.key}>{shortKey(p.key)}</th>
            ))}
            <th aria-sort={byScore ? 'descending' : 'none'}>
              <button type="button" className="link" onClick={() => setByScore(!byScore)}>
                {By} {metric} {byScore ? '▼' : '(sort)'}
              </button>
            </th>
            <th>Budget</th>
            <th>Seconds</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id} className={t.id === bestId ? 'best' : undefined}>
              <td>#{t.id}</td>
              {settings.space.map((p) => (
                <td key={p.key}>{showValue(t.point[p.key])}</td>
              ))}
              <td>{t.score === undefined ? '—' : fmtNum(t.score, 4)}</td>
              <td>{t.budget ?? 'full'}</td>
              <td>{t.seconds.toFixed(1)}</td>
              <td title={t.error}>{t.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
