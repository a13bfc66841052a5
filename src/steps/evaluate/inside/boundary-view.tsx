import { useState } from 'react';
import { gridValues } from '../../../core/explain/decision-boundary';
import type { BoundaryResult, InsideGroup } from '../../../core/jobs';
import type { ClassificationReport } from '../../../core/metrics';
import { actions } from '../../../store';
import type { RunRecord } from '../../../store/modeling';
import { ChartTable } from '../../../ui/chart-table';
import { CHART_COLORS, seriesColor } from '../../../ui/palette';
import { ProgressBar } from '../../../ui/progress-bar';
import { niceTicks } from '../../../ui/ticks';
import { fmtNum } from '../../shared/format';
import { JobProblem, useInsideJob } from './use-inside-job';

const STEPS = 40;
/** Viridis (perceptually uniform, readable with colour-vision deficiencies), 5 stops. */
const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

export function heatColour(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const mix = (a: string, b: string, w: number) =>
    '#' + [1, 3, 5].map((k) => Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - w) + parseInt(b.slice(k, k + 2), 16) * w).toString(16).padStart(2, '0')).join('');
  return mix(VIRIDIS[i]!, VIRIDIS[i + 1]!, u - i);
}

const raw = (g: InsideGroup, v: number) => v * (g.axis?.scale ?? 1) + (g.axis?.center ?? 0);

/** The model's prediction over two chosen number columns, the others held at typical values, with the test rows on top. */
export function BoundaryView({ run }: { run: RunRecord }) {
  const groups = (actions.insideColumns()?.groups ?? []).filter((g) => g.axis);
  const [a, setA] = useState(0);
  const [b, setB] = useState(Math.min(1, groups.length - 1));
  const [job, start] = useInsideJob<'boundary'>(run.id);
  if (groups.length < 2) return null;
  const ga = groups[a], gb = groups[b];
  return (
    <section aria-labelledby="boundary-title" className="inside-panel">
      <h4 id="boundary-title">Decision boundary for two inputs</h4>
      <p className="muted small">
        The model predicts every point of a grid over two number columns while every other input is held at its typical training value (numbers at the median, categories at the most common one).
        The test rows are drawn on top: the picture is a slice through the model, so rows whose other inputs are far from typical may sit in a region of another colour.
      </p>
      <div className="inside-axes">
        <label>
          Across{' '}
          <select value={a} onChange={(e) => setA(Number(e.target.value))}>
            {groups.map((g, i) => <option key={g.name} value={i}>{g.name}</option>)}
          </select>
        </label>{' '}
        <label>
          Up{' '}
          <select value={b} onChange={(e) => setB(Number(e.target.value))}>
            {groups.map((g, i) => <option key={g.name} value={i}>{g.name}</option>)}
          </select>
        </label>{' '}
        <button type="button" disabled={!ga || !gb || a === b || job.state === 'running'} onClick={() => void start({ kind: 'boundary', a: ga!.start, b: gb!.start, steps: STEPS })}>
          Draw the boundary
        </button>
      </div>
      {a === b && <p className="problem-inline small">Choose two different columns.</p>}
      {job.state === 'running' && <ProgressBar label="Predicting the grid" done={job.done} total={job.total} />}
      {job.state === 'failed' && <JobProblem problem={job.problem} />}
      {job.state === 'done' && <BoundaryChart run={run} result={job.result} ga={groups.find((g) => g.start === job.result.a.column)!} gb={groups.find((g) => g.start === job.result.b.column)!} />}
    </section>
  );
}

function BoundaryChart({ run, result, ga, gb }: { run: RunRecord; result: BoundaryResult; ga: InsideGroup; gb: InsideGroup }) {
  const labels = run.metrics?.kind === 'classification' ? (run.metrics as ClassificationReport).classNames : undefined;
  const { steps, cells, test } = result;
  const W = 420, H = 360, L = 52, B = 40, T = 8, R = 10;
  const pw = W - L - R, ph = H - T - B;
  const ax = result.a, bx = result.b;
  const sx = (v: number) => L + ((v - ax.min) / (ax.max - ax.min)) * pw;
  const sy = (v: number) => T + ph - ((v - bx.min) / (bx.max - bx.min)) * ph;
  const vmin = Math.min(...cells.value, ...(labels ? [] : test.y)), vmax = Math.max(...cells.value, ...(labels ? [] : test.y));
  const heat = (v: number) => heatColour((v - vmin) / (vmax - vmin || 1));
  const cw = pw / steps, ch = ph / steps;
  const rawTicks = (g: InsideGroup, axis: { min: number; max: number }) => niceTicks(raw(g, axis.min), raw(g, axis.max), 5).filter((t) => t >= raw(g, axis.min) && t <= raw(g, axis.max));
  const toEnc = (g: InsideGroup, t: number) => (t - (g.axis?.center ?? 0)) / (g.axis?.scale ?? 1);
  const right = test.predicted.filter((p, i) => (labels ? p === test.y[i] : true)).length;
  const title = `Decision boundary: ${ga.name} across, ${gb.name} up`;
  const shares = labels?.map((_, k) => cells.cls!.filter((c) => c === k).length / cells.cls!.length);
  const va = gridValues(ax, steps), vb = gridValues(bx, steps);
  return (
    <figure className="chart inside-boundary" aria-label={title}>
      <p className="small" data-testid="boundary-summary">
        {labels
          ? `Grid regions: ${labels.map((l, k) => `${l} ${Math.round(shares![k]! * 100)} %`).join(', ')}. ${right} of ${test.y.length} test rows predicted right (crosses mark the wrong ones).`
          : `Predictions over the grid range from ${fmtNum(vmin, 4)} to ${fmtNum(vmax, 4)} (dark = low, yellow = high); test rows are coloured by their actual value.`}
      </p>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: 560 }} role="img" aria-label={`${title}. The table below lists the grid and the test rows.`}>
        {cells.value.map((v, c) => {
          const i = c % steps, j = Math.floor(c / steps);
          const fill = labels ? seriesColor(cells.cls![c]!) : heat(v);
          return <rect key={c} x={L + i * cw} y={T + ph - (j + 1) * ch} width={cw + 0.5} height={ch + 0.5} fill={fill} fillOpacity={labels ? 0.22 + 0.4 * v : 1} />;
        })}
        {test.a.map((va0, r) => {
          const x = sx(va0), y = sy(test.b[r]!);
          const wrong = labels && test.predicted[r] !== test.y[r];
          const fill = labels ? seriesColor(test.y[r]!) : heat(test.y[r]!);
          return wrong ? (
            <g key={r} stroke="#000" strokeWidth={2.5}>
              <line x1={x - 4} y1={y - 4} x2={x + 4} y2={y + 4} />
              <line x1={x - 4} y1={y + 4} x2={x + 4} y2={y - 4} />
            </g>
          ) : (
            <circle key={r} cx={x} cy={y} r={3.5} fill={fill} stroke="#000" strokeWidth={1} />
          );
        })}
        {rawTicks(ga, ax).map((t) => (
          <text key={`a${t}`} x={sx(toEnc(ga, t))} y={H - B + 16} fontSize={11} textAnchor="middle" fill={CHART_COLORS.axisText}>{t}</text>
        ))}
        {rawTicks(gb, bx).map((t) => (
          <text key={`b${t}`} x={L - 6} y={sy(toEnc(gb, t)) + 4} fontSize={11} textAnchor="end" fill={CHART_COLORS.axisText}>{t}</text>
        ))}
        <text x={L + pw / 2} y={H - 6} fontSize={12} textAnchor="middle" fill={CHART_COLORS.axisText}>{ga.name}</text>
        <text x={12} y={T + ph / 2} fontSize={12} textAnchor="middle" fill={CHART_COLORS.axisText} transform={`rotate(-90 12 ${T + ph / 2})`}>{gb.name}</text>
      </svg>
      {labels && (
        <ul className="inside-legend" aria-label="Classes">
          {labels.map((l, k) => (
            <li key={l}>
              <span className="swatch" style={{ background: seriesColor(k) }} aria-hidden="true" /> {l}
            </li>
          ))}
        </ul>
      )}
      <ChartTable
        title={`${title}, test rows`}
        data={() => ({
          columns: [ga.name, gb.name, 'actual', 'predicted'],
          rows: test.a.map((v, r) => [fmtNum(raw(ga, v), 4), fmtNum(raw(gb, test.b[r]!), 4), labels ? labels[test.y[r]!]! : fmtNum(test.y[r]!, 4), labels ? labels[test.predicted[r]!]! : fmtNum(test.predicted[r]!, 4)]),
        })}
      />
      <ChartTable
        title={`${title}, grid`}
        data={() => ({
          columns: [ga.name, gb.name, labels ? 'predicted class' : 'predicted value', ...(labels ? ['probability'] : [])],
          rows: cells.value.map((v, c) => [fmtNum(raw(ga, va[c % steps]!), 4), fmtNum(raw(gb, vb[Math.floor(c / steps)]!), 4), labels ? labels[cells.cls![c]!]! : fmtNum(v, 4), ...(labels ? [fmtNum(v, 3)] : [])]),
        })}
      />
    </figure>
  );
}
