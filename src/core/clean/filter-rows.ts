import { parseNumber } from '../data/infer-type';
import { missingDictMask } from '../data/stats';
import { filterRows } from '../data/table';
import { problem } from '../util/result';
import { findColumn, missingColumnProblem } from './helpers';
import { defineOp } from './op';

export const FILTER_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'is missing', 'is not missing'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterRowsParams {
  column: string;
  operator: FilterOperator;
  value?: string | number | null;
}

const ORDER_OPS: ReadonlySet<FilterOperator> = new Set(['<', '<=', '>', '>=']);
const needsValue = (op: FilterOperator) => op !== 'is missing' && op !== 'is not missing';

/**
 * Does a present cell match? Numbers compare numerically; text compares as text (exact, case-sensitive),
 * or numerically when both sides are numbers. A missing cell matches only 'is missing'.
 */
function matcher(op: FilterOperator, value: string | number): (cell: string | number) => boolean {
  const text = String(value);
  const num = typeof value === 'number' ? value : parseNumber(value);
  const cmp = (cell: string | number): number => {
    const a = typeof cell === 'number' ? cell : parseNumber(cell);
    if (a !== null && num !== null) return a - num;
    const s = String(cell);
    return s < text ? -1 : s > text ? 1 : 0;
  };
  switch (op) {
    case '==':
      return (c) => cmp(c) === 0;
    case '!=':
      return (c) => cmp(c) !== 0;
    case '<':
      return (c) => cmp(c) < 0;
    case '<=':
      return (c) => cmp(c) <= 0;
    case '>':
      return (c) => cmp(c) > 0;
    case '>=':
      return (c) => cmp(c) >= 0;
    case 'contains':
      return (c) => String(c).toLowerCase().includes(text.toLowerCase());
    case 'is missing':
      return () => false;
    case 'is not missing':
      return () => true;
  }
}

export const filterRowsOp = defineOp<FilterRowsParams>({
  type: 'filter-rows',
  label: 'Filter rows',
  summary: 'Keeps only the rows that match a condition, such as Age > 18.',
  rowFilter: true,
  defaultParams: (ctx) => ({ column: ctx.table.columns[0]?.name ?? '', operator: 'is not missing', value: null }),
  describe: (p) => `Keep rows where ${p.column} ${p.operator}${needsValue(p.operator) ? ` ${JSON.stringify(p.value ?? null)}` : ''}`,
  validate: (p, ctx) => {
    const found = findColumn(ctx, p.column);
    if (!found) return missingColumnProblem(p.column);
    if (!FILTER_OPERATORS.includes(p.operator)) return problem(`Unknown comparison: ${String(p.operator)}`);
    if (!needsValue(p.operator)) return null;
    if (p.value === undefined || p.value === null || p.value === '') return problem('Enter the value to compare with');
    if (found.col.kind === 'number' && ORDER_OPS.has(p.operator) && typeof p.value === 'string' && parseNumber(p.value) === null) {
      return problem(`"${p.column}" holds numbers: compare it with a number`, undefined, { column: p.column });
    }
    return null;
  },
  apply: (p, _fitted, ctx) => {
    const { table } = ctx;
    const col = findColumn(ctx, p.column)!.col;
    const wantMissing = p.operator === 'is missing';
    const match = matcher(p.operator, p.value ?? '');
    const keep = new Uint8Array(table.rowCount);
    if (col.kind === 'number') {
      for (let i = 0; i < keep.length; i++) {
        const v = col.values[i]!;
        keep[i] = (v !== v ? wantMissing : match(v)) ? 1 : 0;
      }
    } else {
      // Decide once per dictionary entry, then one pass over the codes.
      const dictMissing = missingDictMask(col);
      const byCode = col.dict.map((s, c) => (dictMissing[c] ? wantMissing : match(s)));
      for (let i = 0; i < keep.length; i++) {
        const c = col.codes[i]!;
        keep[i] = (c < 0 ? wantMissing : byCode[c]) ? 1 : 0;
      }
    }
    const out = filterRows(table, keep);
    return { table: out, schema: ctx.schema, changed: { rows: table.rowCount - out.rowCount }, problems: [], kept: keep };
  },
});
