/**
 * The recharts charts, loaded when a chart is first drawn: recharts and its d3 helpers are ~100 KB
 * gzip that the first screen (an empty upload step) never shows. A grey block of the chart's
 * size stands in while the code arrives.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { CountChart as CountChartImpl } from './bar-chart';

const LazyCountChart = lazy(() => import('./bar-chart').then((m) => ({ default: m.CountChart })));

/** `CountChart` of `bar-chart.tsx`, fetched on first use. */
export function CountChart(props: ComponentProps<typeof CountChartImpl>) {
  return (
    <Suspense fallback={<figure className="chart chart-skeleton" aria-label={props.title} aria-busy="true" style={{ height: props.height ?? 140 }} />}>
      <LazyCountChart {...props} />
    </Suspense>
  );
}
