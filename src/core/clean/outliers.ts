import { mean, quantileSorted, sampleStd, sortedValues } from '../data/stats';
import { filterRows, type Column } from '../data/table';
import { problem, type Problem } from '../util/result';
import { checkColumns, checkNumberColumns, findColumn, listNames, replaceColumns } from './helpers';
import { defineOp } from './op';

export interface OutliersParams {
  columns: string[];
  method: 'iqr' | 'zscore';
  /** IQR multiplier (default 1.5) or number of standard deviations (default 3). */
  threshold?: number | null;
  action: 'remove' | 'clip';
}

export interface OutlierBounds {
  lower: number | null;
  upper: number | null;
}

export interface OutliersFitted {
  bounds: Record<string, OutlierBounds>;
}

export const DEFAULT_THRESHOLD = { iqr: 1.5, zscore: 3 } as const;

export const thresholdOf = (p: OutliersParams): number => p.threshold ?? DEFAULT_THRESHOLD[p.method];

/**
 * IQR: [q1 − t·IQR, q3 + t·IQR] (quartiles by linear interpolation).
 * z-score: mean ± t·std with the sample std (ddof = 1), the same std the profile shows.
 */
export function fitBounds(values: Float64Array, method: OutliersParams['method'], t: number): OutlierBounds {
  if (method === 'iqr') {
    const sorted = sortedValues(values);
    if (sorted.length === 0) return { lower: null, upper: null };
    const q1 = quantileSorted(sorted, 0.25), q3 = quantileSorted(sorted, 0.75);
    return { lower: q1 - t * (q3 - q1), upper: q3 + t * (q3 - q1) };
  }
  const m = mean(values), s = sampleStd(values, m);
  if (!Number.isFinite(m)) return { lower: null, upper: null };
  if (!Number.isFinite(s)) return { lower: m, upper: m };
  return { lower: m - t * s, upper: m + t * s };
}

export const outliers = defineOp<OutliersParams, OutliersFitted>({
  type: 'outliers',
  label: 'Handle outliers',
  summary: 'Finds values far from the rest (by IQR or z-score) and removes those rows or clips the values to the limits.',
  rowFilter: (p) => p.action === 'remove',
  defaultParams: () => ({ columns: [], method: 'iqr', threshold: DEFAULT_THRESHOLD.iqr, action: 'clip' }),
  describe: (p) =>
    `${p.action === 'remove' ? 'Remove rows with' : 'Clip'} outliers in ${listNames(p.columns)} (${
      p.method === 'iqr' ? `${thresholdOf(p)} × IQR` : `${thresholdOf(p)} standard deviations`
    })`,
  validate: (p, ctx) => {
    const bad = checkColumns(ctx, p.columns);
    if (bad) return bad;
    if (p.method !== 'iqr' && p.method !== 'zscore') return problem(`Unknown outlier method: ${String(p.method)}`);
    if (p.action !== 'remove' && p.action !== 'clip') return problem(`Unknown outlier action: ${String(p.action)}`);
    const t = thresholdOf(p);
    if (typeof t !== 'number' || !(t > 0)) return problem('The threshold must be a positive number');
    return checkNumberColumns(ctx, p.columns, 'Outliers only make sense for numeric columns.');
  },
  fit: (p, ctx) => ({
    bounds: Object.fromEntries(
      p.columns.map((name) => {
        const col = findColumn(ctx, name)!.col;
        return [name, col.kind === 'number' ? fitBounds(col.values, p.method, thresholdOf(p)) : { lower: null, upper: null }];
      }),
    ),
  }),
  apply: (p, fitted, ctx) => {
    const { table } = ctx;
    const problems: Problem[] = [];
    const keep = new Uint8Array(table.rowCount).fill(1);
    const replacements = new Map<number, Column>();
    let cells = 0;
    for (const name of p.columns) {
      const { index, col } = findColumn(ctx, name)!;
      const b = fitted.bounds[name];
      if (col.kind !== 'number' || !b || b.lower === null || b.upper === null) {
        problems.push({ ...problem(`"${name}" has no values to compute limits from; left as it is`, undefined, { column: name }), code: 'nothing-to-fit' });
        continue;
      }
      const { lower, upper } = b;
      if (p.action === 'remove') {
        for (let i = 0; i < keep.length; i++) {
          const v = col.values[i]!;
          if (v < lower || v > upper) keep[i] = 0;
        }
      } else {
        const values = col.values.slice();
        for (let i = 0; i < values.length; i++) {
          const v = values[i]!;
          if (v < lower) values[i] = lower;
          else if (v > upper) values[i] = upper;
          else continue;
          cells++;
        }
        replacements.set(index, { ...col, values });
      }
    }
    if (p.action === 'remove') {
      const out = filterRows(table, keep);
      return { table: out, schema: ctx.schema, changed: { rows: table.rowCount - out.rowCount }, problems, kept: keep };
    }
    return { table: replaceColumns(table, replacements), schema: ctx.schema, changed: { cells }, problems };
  },
});
