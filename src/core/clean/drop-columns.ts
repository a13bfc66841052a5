import { checkColumns, listNames } from './helpers';
import { defineOp } from './op';

export interface DropColumnsParams {
  columns: string[];
}

export const dropColumns = defineOp<DropColumnsParams>({
  type: 'drop-columns',
  label: 'Drop columns',
  summary: 'Removes columns the model should not see, such as identifiers or leaks of the answer.',
  rowFilter: false,
  defaultParams: () => ({ columns: [] }),
  describe: (p) => `Drop ${listNames(p.columns)}`,
  validate: (p, ctx) => checkColumns(ctx, p.columns),
  apply: (p, _fitted, ctx) => {
    const drop = new Set(p.columns);
    return {
      table: { ...ctx.table, columns: ctx.table.columns.filter((c) => !drop.has(c.name)) },
      schema: ctx.schema.filter((s) => !drop.has(s.name)),
      changed: { columns: ctx.table.columns.length - ctx.table.columns.filter((c) => !drop.has(c.name)).length },
      problems: [],
    };
  },
});
