import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Props {
  data: Record<string, number | null>[];
  /** The step of the sample shown beside the chart (a vertical marker). */
  marker?: number;
}

/** Training loss per step (line) and validation loss at each evaluation (line with dots), no animation. */
export function LossChart({ data, marker }: Props) {
  return (
    <figure className="chart" aria-label="Loss per step">
      <figcaption className="chart-title">Loss per step</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ left: 4, right: 12, top: 6, bottom: 14 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e7ed" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} label={{ value: 'step', position: 'insideBottom', offset: -8, fontSize: 11 }} allowDecimals={false} />
          <YAxis tick={{ fontSize: 11 }} width={40} domain={['auto', 'auto']} tickFormatter={(v: number) => String(Math.round(v * 100) / 100)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {marker !== undefined && <ReferenceLine x={marker} stroke="#8a93a3" strokeDasharray="4 3" />}
          <Line dataKey="train" name="training loss" stroke="#2f5bd3" dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="validation" name="validation loss" stroke="#d36b2f" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
