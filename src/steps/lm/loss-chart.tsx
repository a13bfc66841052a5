import { LiveLineChart } from '../../ui/live-line-chart';
import { CHART_COLORS } from '../../ui/palette';

interface Props {
  data: Record<string, number | null>[];
  /** The step of the sample shown beside the chart (a vertical marker). */
  marker?: number;
}

const SERIES = [
  { key: 'train', label: 'training loss', color: CHART_COLORS.training },
  { key: 'validation', label: 'validation loss', color: CHART_COLORS.validation, dots: true },
];

/** Training loss per step (line) and validation loss at each evaluation (line with dots). */
export function LossChart({ data, marker }: Props) {
  return <LiveLineChart title="Loss per step" data={data} xKey="step" xLabel="step" series={SERIES} height={240} {...(marker !== undefined ? { marker } : {})} />;
}
