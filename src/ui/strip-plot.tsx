import { memo } from 'react';
import { niceTicks, tickLabel } from './ticks';

export interface StripRow {
  label: string;
  /** One value per fold. */
  values: number[];
  mean: number;
  sd: number;
}

interface Props {
  title: string;
  xLabel: string;
  rows: StripRow[];
}

const W = 480;
const ROW_H = 34;
const M = { left: 150, right: 14, top: 8, bottom: 30 };

function quartiles(values: number[]): [number, number, number] {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
  };
  return [q(0.25), q(0.5), q(0.75)];
}

/**
 * Per-fold values of one metric, one row per model, as plain SVG (like live-line-chart.tsx): a
 * dot per fold, a box from the first to the third quartile with the median, and the mean ± one
 * standard deviation as a line with a diamond at the mean.
 */
export const StripPlot = memo(function StripPlot({ title, xLabel, rows }: Props) {
  const all = rows.flatMap((r) => [...r.values, r.mean - r.sd, r.mean + r.sd]).filter(Number.isFinite);
  const ticks = all.length ? niceTicks(Math.min(...all), Math.max(...all), 5) : [0, 1];
  const x0 = ticks[0]!;
  const x1 = ticks.at(-1)!;
  const plotW = W - M.left - M.right;
  const H = M.top + rows.length * ROW_H + M.bottom;
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0 || 1)) * plotW;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: 640 }} role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${r.values.map((v) => tickLabel(v)).join(', ')}`).join('; ')}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={sx(t)} x2={sx(t)} y1={M.top} y2={H - M.bottom} stroke="#e5e7eb" />
            <text x={sx(t)} y={H - M.bottom + 14} fontSize="10" textAnchor="middle" fill="#555">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        <text x={M.left + plotW / 2} y={H - 4} fontSize="11" textAnchor="middle" fill="#333">
          {xLabel}
        </text>
        {rows.map((r, i) => {
          const cy = M.top + i * ROW_H + ROW_H / 2;
          const [q1, med, q3] = r.values.length ? quartiles(r.values) : [r.mean, r.mean, r.mean];
          return (
            <g key={r.label}>
              <text x={M.left - 8} y={cy + 4} fontSize="11" textAnchor="end" fill="#222">
                {r.label}
              </text>
              <rect x={sx(q1)} y={cy - 9} width={Math.max(1, sx(q3) - sx(q1))} height={18} fill="#dbe4fb" stroke="#9fb4ee" />
              <line x1={sx(med)} x2={sx(med)} y1={cy - 9} y2={cy + 9} stroke="#2f5bd3" strokeWidth={2} />
              <line x1={sx(r.mean - r.sd)} x2={sx(r.mean + r.sd)} y1={cy + 13} y2={cy + 13} stroke="#d36b2f" strokeWidth={2} />
              <path d={`M${sx(r.mean)} ${cy + 9} l4 4 l-4 4 l-4 -4 z`} fill="#d36b2f" />
              {r.values.map((v, j) => (
                <circle key={j} cx={sx(v)} cy={cy - 2 + ((j % 3) - 1) * 3} r={3} fill="#111" fillOpacity={0.7} />
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
});
