import { parseNumber } from '../data/infer-type';
import { mean, missingDictMask, quantileSorted, sortedValues, valueCounts } from '../data/stats';
import type { Column } from '../data/table';
import { problem, type Problem } from '../util/result';
import { checkColumns, checkNumberColumns, codeFor, findColumn, listNames, replaceColumns } from './helpers';
import { defineOp } from './op';

export const IMPUTE_STRATEGIES = ['mean', 'median', 'most_frequent', 'constant'] as const;
export type ImputeStrategy = (typeof IMPUTE_STRATEGIES)[number];

export interface ImputeParams {
  columns: string[];
  strategy: ImputeStrategy;
  /** The fill value for 'constant'. */
  value?: string | number | null;
}

export interface ImputeFitted {
  /** Fill value per column; null when the column had no values to learn from. */
  fills: Record<string, number | string | null>;
}

const STRATEGY_WORDS: Record<ImputeStrategy, string> = {
  mean: 'the mean',
  median: 'the median',
  most_frequent: 'the most frequent value',
  constant: 'a constant',
};

function fitColumn(col: Column, p: ImputeParams): number | string | null {
  if (p.strategy === 'constant') {
    const v = p.value ?? null;
    if (v === null || col.kind === 'string') return v === null ? null : String(v);
    return typeof v === 'number' ? v : parseNumber(v);
  }
  if (col.kind === 'number' && p.strategy !== 'most_frequent') {
    const v = p.strategy === 'mean' ? mean(col.values) : quantileSorted(sortedValues(col.values), 0.5);
    return Number.isFinite(v) ? v : null;
  }
  // Most frequent; ties go to the smallest value, like scikit-learn's SimpleImputer.
  const counts = valueCounts(col);
  if (counts.length === 0) return null;
  const top = counts[0]!.count;
  const tied = counts.filter((c) => c.count === top).map((c) => c.value);
  if (col.kind === 'number') return Math.min(...tied.map(Number));
  return tied.sort()[0]!;
}

export const impute = defineOp<ImputeParams, ImputeFitted>({
  type: 'impute',
  label: 'Fill missing values',
  summary: 'Fills empty cells with a value learned from the column (mean, median, most frequent) or a constant.',
  rowFilter: false,
  defaultParams: () => ({ columns: [], strategy: 'median' }),
  describe: (p) =>
    `Impute ${listNames(p.columns)} with ${p.strategy === 'constant' ? JSON.stringify(p.value ?? null) : STRATEGY_WORDS[p.strategy]}`,
  validate: (p, ctx) => {
    const bad = checkColumns(ctx, p.columns);
    if (bad) return bad;
    if (!IMPUTE_STRATEGIES.includes(p.strategy)) return problem(`Unknown way to fill: ${String(p.strategy)}`);
    if (p.strategy === 'mean' || p.strategy === 'median') {
      return checkNumberColumns(ctx, p.columns, `The ${p.strategy} needs numbers: use "most frequent" or a constant.`);
    }
    if (p.strategy === 'constant') {
      if (p.value === undefined || p.value === null || p.value === '') return problem('Enter the value to fill with');
      const numeric = p.columns.find((n) => findColumn(ctx, n)?.col.kind === 'number');
      if (numeric !== undefined && typeof p.value === 'string' && parseNumber(p.value) === null) {
        return problem(`"${numeric}" holds numbers, so the fill value must be a number`, undefined, { column: numeric });
      }
    }
    return null;
  },
  fit: (p, ctx) => ({
    fills: Object.fromEntries(p.columns.map((name) => [name, fitColumn(findColumn(ctx, name)!.col, p)])),
  }),
  apply: (p, fitted, ctx) => {
    const replacements = new Map<number, Column>();
    const problems: Problem[] = [];
    let cells = 0;
    for (const name of p.columns) {
      const { index, col } = findColumn(ctx, name)!;
      const fill = fitted.fills[name] ?? null;
      if (fill === null) {
        problems.push({
          ...problem(`"${name}" has no values to compute ${STRATEGY_WORDS[p.strategy]} from; left as it is`, undefined, { column: name }),
          code: 'nothing-to-fit',
        });
        continue;
      }
      if (col.kind === 'number') {
        const v = typeof fill === 'number' ? fill : parseNumber(fill);
        if (v === null) {
          problems.push(problem(`"${name}" holds numbers; cannot fill it with "${fill}"`, undefined, { column: name }));
          continue;
        }
        const values = col.values.slice();
        for (let i = 0; i < values.length; i++) {
          if (values[i] !== values[i]) {
            values[i] = v;
            cells++;
          }
        }
        replacements.set(index, { ...col, values });
      } else {
        const dictMissing = missingDictMask(col);
        const { dict, code } = codeFor(col.dict, String(fill));
        const codes = col.codes.slice();
        for (let i = 0; i < codes.length; i++) {
          const c = codes[i]!;
          if (c < 0 || dictMissing[c]) {
            codes[i] = code;
            cells++;
          }
        }
        replacements.set(index, { ...col, codes, dict });
      }
    }
    return { table: replaceColumns(ctx.table, replacements), schema: ctx.schema, changed: { cells }, problems };
  },
});
