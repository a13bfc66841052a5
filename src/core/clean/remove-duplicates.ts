import { filterRows } from '../data/table';
import { duplicateRowMask } from '../data/stats';
import { checkColumns, listNames } from './helpers';
import { defineOp } from './op';

export interface RemoveDuplicatesParams {
  /** Rows are duplicates when equal on these columns; empty = all columns. The first is kept. */
  columns: string[];
}

export const removeDuplicates = defineOp<RemoveDuplicatesParams>({
  type: 'remove-duplicates',
  label: 'Remove duplicate rows',
  summary: 'Keeps the first of several identical rows, so repeated rows do not count twice.',
  rowFilter: true,
  defaultParams: () => ({ columns: [] }),
  describe: (p) =>
    p.columns.length === 0 ? 'Remove duplicate rows' : `Remove rows that repeat ${listNames(p.columns)}`,
  validate: (p, ctx) => checkColumns(ctx, p.columns ?? [], true),
  apply: (p, _fitted, ctx) => {
    const { table } = ctx;
    const cols = p.columns ?? [];
    const indices = cols.length === 0 ? undefined : cols.map((n) => table.columns.findIndex((c) => c.name === n));
    const dup = duplicateRowMask(table, indices);
    const keep = new Uint8Array(table.rowCount);
    for (let i = 0; i < keep.length; i++) keep[i] = dup[i] ? 0 : 1;
    const out = filterRows(table, keep);
    return { table: out, schema: ctx.schema, changed: { rows: table.rowCount - out.rowCount }, problems: [], kept: keep };
  },
});
