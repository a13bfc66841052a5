import { filterRows } from '../data/table';
import { missingMask } from '../data/stats';
import { checkColumns, listNames } from './helpers';
import { defineOp } from './op';

export interface DropMissingRowsParams {
  /** Rows missing a value in any of these columns are dropped; empty = any column. */
  columns: string[];
}

export const dropMissingRows = defineOp<DropMissingRowsParams>({
  type: 'drop-missing-rows',
  label: 'Drop rows with missing values',
  summary: 'Removes every row that has an empty cell in the chosen columns (or in any column).',
  rowFilter: true,
  defaultParams: () => ({ columns: [] }),
  describe: (p) =>
    p.columns.length === 0 ? 'Drop rows with a missing value in any column' : `Drop rows with a missing ${listNames(p.columns)}`,
  validate: (p, ctx) => checkColumns(ctx, p.columns, true),
  apply: (p, _fitted, ctx) => {
    const { table } = ctx;
    const names = new Set(p.columns);
    const keep = new Uint8Array(table.rowCount).fill(1);
    for (const col of table.columns) {
      if (names.size > 0 && !names.has(col.name)) continue;
      const missing = missingMask(col);
      for (let i = 0; i < keep.length; i++) if (missing[i]) keep[i] = 0;
    }
    const out = filterRows(table, keep);
    return { table: out, schema: ctx.schema, changed: { rows: table.rowCount - out.rowCount }, problems: [], kept: keep };
  },
});
