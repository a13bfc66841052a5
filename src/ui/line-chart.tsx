import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Series {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

interface Props {
  title: string;
  data: Record<string, number | null>[];
  xKey: string;
  xLabel: string;
  series: Series[];
  height?: number;
  yDomain?: [number | 'auto', number | 'auto'];
}

/** Curves over time (loss, metrics): one line per series, no animation so live updates stay cheap. */
export function LineChartView({ title, data, xKey, xLabel, series, height = 220, yDomain = ['auto', 'auto'] }: Props) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ left: 4, right: 12, top: 6, bottom: 14 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ed" />
          <XAxis dataKey={xKey} type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 11 }} allowDecimals={false} />
          <YAxis tick={{ fontSize: 11 }} width={48} domain={yDomain} tickFormatter={(v: number) => (Math.abs(v) >= 1000 ? v.toExponential(1) : String(Math.round(v * 1000) / 1000))} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.color} strokeDasharray={s.dashed ? '4 3' : undefined} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
