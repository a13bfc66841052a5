import { ChartTable, MAX_TABLE_ROWS, thinRows } from './chart-table';
import { CHART_COLORS } from './palette';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

interface CurveProps {
  title: string;
  curves: { label: string; x: number[]; y: number[]; color: string }[];
  xLabel: string;
  yLabel: string;
  diagonal?: boolean;
}

/** ROC and precision–recall curves: x and y in [0, 1]. */
export function CurveChart({ title, curves, xLabel, yLabel, diagonal }: CurveProps) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ left: 4, right: 12, top: 6, bottom: 16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_COLORS.grid} />
          <XAxis dataKey="x" type="number" domain={[0, 1]} tick={{ fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }} />
          <YAxis dataKey="y" type="number" domain={[0, 1]} tick={{ fontSize: 11 }} width={40} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 11 }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          {diagonal && <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke={CHART_COLORS.reference} strokeDasharray="4 4" />}
          {curves.map((c) => (
            <Line key={c.label} data={c.x.map((x, i) => ({ x, y: c.y[i] }))} dataKey="y" name={c.label} stroke={c.color} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ChartTable
        title={title}
        data={() => ({
          columns: ['curve', xLabel, yLabel],
          // Each curve thinned on its own, so every curve keeps its share of the rows.
          rows: curves.flatMap((c) => thinRows(c.x.map((x, i): [string, number, number | null] => [c.label, x, c.y[i] ?? null]), Math.max(2, Math.floor(MAX_TABLE_ROWS / curves.length)))),
        })}
      />
    </figure>
  );
}

interface ScatterProps {
  title: string;
  points: { x: number; y: number }[];
  xLabel: string;
  yLabel: string;
  /** 'identity' draws y = x (predicted vs actual); 'zero' draws y = 0 (residuals). */
  reference?: 'identity' | 'zero';
}

export function ScatterView({ title, points, xLabel, yLabel, reference }: ScatterProps) {
  const xs = points.map((p) => p.x);
  const lo = Math.min(...xs), hi = Math.max(...xs);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ScatterChart margin={{ left: 4, right: 12, top: 6, bottom: 16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_COLORS.grid} />
          <XAxis dataKey="x" type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} name={xLabel} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }} />
          <YAxis dataKey="y" type="number" domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={48} name={yLabel} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
          {reference === 'identity' && Number.isFinite(lo) && <ReferenceLine segment={[{ x: lo, y: lo }, { x: hi, y: hi }]} stroke={CHART_COLORS.reference} strokeDasharray="4 4" />}
          {reference === 'zero' && <ReferenceLine y={0} stroke={CHART_COLORS.reference} strokeDasharray="4 4" />}
          <Scatter data={points} fill={CHART_COLORS.primary} fillOpacity={0.55} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
      <ChartTable title={title} data={() => ({ columns: [xLabel, yLabel], rows: points.map((p) => [p.x, p.y]) })} />
    </figure>
  );
}
