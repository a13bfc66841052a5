import { ChartTable } from './chart-table';
import { CHART_COLORS } from './palette';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Bar1 {
  label: string;
  count: number;
}

interface Props {
  bars: Bar1[];
  /** Accessible description of what the chart shows. */
  title: string;
  height?: number;
  horizontal?: boolean;
}

/** One bar per category or histogram bin (recharts). */
export function CountChart({ bars, title, height = 140, horizontal = false }: Props) {
  return (
    <figure className="chart" aria-label={title}>
      <ResponsiveContainer width="100%" height={height}>
        {horizontal ? (
          <BarChart data={bars} layout="vertical" margin={{ left: 8, right: 8, top: 4, bottom: 4 }}>
            <XAxis type="number" hide />
            <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 11 }} interval={0} />
            <Tooltip />
            <Bar dataKey="count" fill={CHART_COLORS.primary} isAnimationActive={false} />
          </BarChart>
        ) : (
          <BarChart data={bars} margin={{ left: 0, right: 8, top: 4, bottom: 4 }} barCategoryGap={1}>
            <XAxis dataKey="label" tick={{ fontSize: 10 }} minTickGap={16} />
            <YAxis width={36} tick={{ fontSize: 10 }} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" fill={CHART_COLORS.primary} isAnimationActive={false} />
          </BarChart>
        )}
      </ResponsiveContainer>
      <ChartTable title={title} data={() => ({ columns: [horizontal ? 'value' : 'bin', 'count'], rows: bars.map((b) => [b.label, b.count]) })} />
    </figure>
  );
}
