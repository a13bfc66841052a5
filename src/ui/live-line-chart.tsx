import { memo, useState, type PointerEvent } from 'react';
import { integerTicks, niceTicks, tickLabel } from './ticks';
import { ChartTable } from './chart-table';
import { CHART_COLORS } from './palette';

interface Series {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

interface Props {
  title: string;
  data: Record<string, number | null>[];
  /** x values must increase along `data` (epochs, rounds, steps). */
  xKey: string;
  xLabel: string;
  series: (Series & { dots?: boolean })[];
  height?: number;
  /** A dashed vertical line at this x (e.g. the step of the sample shown). */
  marker?: number;
}

const W = 480;
const M = { left: 46, right: 10, top: 8, bottom: 30 };
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Curves over epochs, rounds or steps (training curves, run comparison), drawn as plain SVG.
 * recharts (used for the evaluation charts) needs 150–500 ms of main-thread work to mount and ~60 ms per update here, which breaks the
 * 50 ms budget while a worker keeps every core busy; this chart renders in a few milliseconds.
 * Gaps (null) are bridged, as in recharts' `connectNulls`. Hovering shows the values at an x.
 */
export const LiveLineChart = memo(function LiveLineChart({ title, data, xKey, xLabel, series, height = 220, marker }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const xs = data.map((d) => d[xKey]).filter(finite);
  const ys = data.flatMap((d) => series.map((s) => d[s.key])).filter(finite);
  const H = height;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const empty = xs.length === 0 || ys.length === 0;
  const x0 = empty ? 0 : xs[0]!;
  const x1 = empty ? 1 : Math.max(xs.at(-1)!, x0 + 1);
  const yTicks = empty ? [0, 1] : niceTicks(Math.min(...ys), Math.max(...ys), 5);
  const y0 = yTicks[0]!;
  const y1 = yTicks.at(-1)!;
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * plotW;
  const sy = (v: number) => M.top + (1 - (v - y0) / (y1 - y0 || 1)) * plotH;
  const xTicks = empty ? [] : integerTicks(x0, x1);

  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (empty) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = x0 + (((e.clientX - box.left) / box.width) * W - M.left) / plotW * (x1 - x0);
    // Nearest row by x (rows are in x order).
    let lo = 0;
    let hi = data.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((data[mid]![xKey] ?? -Infinity) < x) lo = mid + 1;
      else hi = mid;
    }
    const prev = Math.max(0, lo - 1);
    const pick = Math.abs((data[prev]![xKey] ?? Infinity) - x) < Math.abs((data[lo]![xKey] ?? Infinity) - x) ? prev : lo;
    setHover(pick);
  };
  const hovered = hover !== null ? data[hover] : undefined;

  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title}: ${series.map((s) => s.label).join(', ')} against ${xLabel}`} onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} stroke={CHART_COLORS.grid} strokeDasharray="3 3" />
            <text x={M.left - 4} y={sy(t)} dy="0.32em" textAnchor="end" fontSize={11} fill={CHART_COLORS.axisText}>
              {tickLabel(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={H - M.bottom + 14} textAnchor="middle" fontSize={11} fill={CHART_COLORS.axisText}>
            {tickLabel(t)}
          </text>
        ))}
        <text x={M.left + plotW / 2} y={H - 4} textAnchor="middle" fontSize={11} fill={CHART_COLORS.axisText}>
          {xLabel}
        </text>
        <line x1={M.left} x2={W - M.right} y1={M.top + plotH} y2={M.top + plotH} stroke={CHART_COLORS.reference} />
        {marker !== undefined && !empty && <line x1={sx(marker)} x2={sx(marker)} y1={M.top} y2={M.top + plotH} stroke={CHART_COLORS.reference} strokeDasharray="4 3" />}
        {!empty &&
          series.map((s) => {
            const pts = data.flatMap((d) => {
              const [x, y] = [d[xKey], d[s.key]];
              return finite(x) && finite(y) ? [[sx(x), sy(y)] as const] : [];
            });
            return (
              <g key={s.key}>
                <path d={pts.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)} ${py.toFixed(1)}`).join('')} fill="none" stroke={s.color} strokeWidth={s.dots ? 2 : 1.5} strokeDasharray={s.dashed ? '4 3' : undefined} />
                {s.dots && pts.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={3} fill={s.color} />)}
              </g>
            );
          })}
        {hovered && finite(hovered[xKey]) && <line x1={sx(hovered[xKey] as number)} x2={sx(hovered[xKey] as number)} y1={M.top} y2={M.top + plotH} stroke={CHART_COLORS.axisText} strokeWidth={0.5} />}
      </svg>
      <div className="chart-legend small">
        {series.map((s) => (
          <span key={s.key} className="chart-legend-item">
            <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
          </span>
        ))}
        {hovered && (
          <span className="chart-readout">
            {xLabel} {hovered[xKey]}:{' '}
            {series
              .filter((s) => finite(hovered[s.key]))
              .map((s) => `${s.label} ${(hovered[s.key] as number).toPrecision(4)}`)
              .join(', ')}
          </span>
        )}
      </div>
      <ChartTable title={title} data={() => ({ columns: [xLabel, ...series.map((s) => s.label)], rows: data.map((d) => [d[xKey] ?? null, ...series.map((s) => (finite(d[s.key]) ? (d[s.key] as number) : null))]) })} />
    </figure>
  );
});
