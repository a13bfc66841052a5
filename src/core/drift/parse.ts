/**
 * A data summary read back from a saved project or an imported bundle's training.json: checked
 * shape by shape, so a damaged or hostile file gives `undefined` (no report, a message) instead of
 * a crash or a wrong report.
 */
import type { ColumnSummary, DataSummary, DistributionSummary, PredictionSummary } from './summary';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function isDistribution(v: unknown): v is DistributionSummary {
  return isObj(v) && isCount(v.count) && numbers(v.edges) && numbers(v.bins) && v.bins.length === v.edges.length + 1 && numbers(v.sample);
}

function isColumn(v: unknown): v is ColumnSummary {
  if (!isObj(v) || typeof v.name !== 'string' || !isCount(v.rows) || !isCount(v.missing)) return false;
  if (v.kind === 'numeric') return isDistribution(v);
  if (v.kind === 'categorical') return isCount(v.otherCount) && Array.isArray(v.categories) && v.categories.every((c) => isObj(c) && typeof c.value === 'string' && isCount(c.count));
  if (v.kind === 'text') return Array.isArray(v.columns) && v.columns.every((c) => typeof c === 'string') && isDistribution(v.lengths) && isCount(v.tokens) && isCount(v.unknown);
  return false;
}

function isPredictions(v: unknown): v is PredictionSummary {
  if (!isObj(v)) return false;
  if (v.kind === 'classes') return Array.isArray(v.classes) && v.classes.every((c) => typeof c === 'string') && numbers(v.counts) && v.counts.length === v.classes.length;
  return v.kind === 'values' && isDistribution(v);
}

export function parseDataSummary(v: unknown): DataSummary | undefined {
  if (!isObj(v) || v.format !== 'ml-studio-data-summary' || v.version !== 1 || !isCount(v.rows)) return undefined;
  if (!Array.isArray(v.columns) || !v.columns.every(isColumn)) return undefined;
  if (v.predictions !== undefined && !isPredictions(v.predictions)) return undefined;
  return v as unknown as DataSummary;
}
