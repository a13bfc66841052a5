import { useState } from 'react';
import type { ImportanceResult } from '../../../core/explain/permutation-importance';
import type { RunRecord } from '../../../store/modeling';
import { ChartTable } from '../../../ui/chart-table';
import { CHART_COLORS } from '../../../ui/palette';
import { ProgressBar } from '../../../ui/progress-bar';
import { niceTicks } from '../../../ui/ticks';
import { fmtNum } from '../../shared/format';
import { JobProblem, useInsideJob } from './use-inside-job';

const scoreLabel = (s: ImportanceResult['score']) => (s === 'accuracy' ? 'accuracy' : 'R²');

/** Permutation importance of every input column on the test split, as bars with ± one sd. */
export function ImportanceView({ run }: { run: RunRecord }) {
  const [job, start] = useInsideJob<'importance'>(run.id);
  const [repeats, setRepeats] = useState(5);
  return (
    <section aria-labelledby="importance-title" className="inside-panel">
      <h4 id="importance-title">Which inputs matter (permutation importance)</h4>
      <p className="muted small">
        Each input column is shuffled among the test rows, breaking its link with the answer, and the test score is measured again. The drop is how much the model relies on that column.
        Repeated with seeded shuffles (seed {run.hp.seed}); the bar is the mean drop, the whisker ± one standard deviation. Works the same for every kind of model.
      </p>
      <label>
        Shuffles per column{' '}
        <select value={repeats} onChange={(e) => setRepeats(Number(e.target.value))}>
          {[3, 5, 10, 20].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" disabled={job.state === 'running'} onClick={() => void start({ kind: 'importance', repeats, seed: run.hp.seed })}>
        {job.state === 'running' ? 'Measuring…' : 'Measure importance'}
      </button>
      {job.state === 'running' && <ProgressBar label="Shuffling columns and predicting again" done={job.done} total={job.total} />}
      {job.state === 'failed' && <JobProblem problem={job.problem} />}
      {job.state === 'done' && <ImportanceChart result={job.result.result} />}
    </section>
  );
}

export function ImportanceChart({ result }: { result: ImportanceResult }) {
  const features = [...result.features].sort((a, b) => b.mean - a.mean);
  const label = scoreLabel(result.score);
  const title = `Permutation importance: drop in test ${label} when a column is shuffled`;
  const hi = Math.max(1e-9, ...features.map((f) => f.mean + f.sd));
  const lo = Math.min(0, ...features.map((f) => f.mean - f.sd));
  const ticks = niceTicks(lo, hi, 4);
  const [t0, t1] = [ticks[0]!, ticks.at(-1)!];
  const W = 560, left = 150, right = 16, rowH = 24, top = 8, H = top + features.length * rowH + 28;
  const sx = (v: number) => left + ((v - t0) / (t1 - t0 || 1)) * (W - left - right);
  const top3 = features.slice(0, 3).filter((f) => f.mean > 0);
  return (
    <figure className="chart inside-importance" aria-label={title}>
      <p className="small" data-testid="importance-summary">
        Test {label} {fmtNum(result.baseline, 4)} on {result.rows} rows.{' '}
        {top3.length ? `The model relies most on ${top3.map((f) => `${f.name} (−${fmtNum(f.mean, 3)})`).join(', ')}.` : 'No column’s shuffle lowers the score: the model relies on none alone.'}
      </p>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title}. ${features.map((f) => `${f.name} ${fmtNum(f.mean, 3)} ± ${fmtNum(f.sd, 3)}`).join('; ')}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={sx(t)} x2={sx(t)} y1={top} y2={H - 22} stroke={CHART_COLORS.grid} />
            <text x={sx(t)} y={H - 8} fontSize={11} textAnchor="middle" fill={CHART_COLORS.axisText}>
              {t}
            </text>
          </g>
        ))}
        <line x1={sx(0)} x2={sx(0)} y1={top} y2={H - 22} stroke={CHART_COLORS.reference} />
        {features.map((f, i) => {
          const y = top + i * rowH;
          const [a, b] = [sx(Math.min(0, f.mean)), sx(Math.max(0, f.mean))];
          return (
            <g key={f.name}>
              <text x={left - 6} y={y + rowH / 2 + 4} fontSize={12} textAnchor="end" fill={CHART_COLORS.axisText}>
                {f.name.length > 22 ? `${f.name.slice(0, 21)}…` : f.name}
              </text>
              <rect x={a} y={y + 4} width={Math.max(1, b - a)} height={rowH - 8} fill={CHART_COLORS.primary} />
              <line x1={sx(f.mean - f.sd)} x2={sx(f.mean + f.sd)} y1={y + rowH / 2} y2={y + rowH / 2} stroke="#000" strokeWidth={1.5} />
            </g>
          );
        })}
      </svg>
      <ChartTable
        title={title}
        data={() => ({
          columns: ['column', `mean drop in ${label}`, 'sd', 'drops per shuffle'],
          rows: features.map((f) => [f.name, Number(f.mean.toFixed(4)), Number(f.sd.toFixed(4)), f.drops.map((d) => fmtNum(d, 3)).join(', ')]),
        })}
      />
    </figure>
  );
}
