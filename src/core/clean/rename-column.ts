import { problem } from '../util/result';
import { findColumn, missingColumnProblem, replaceColumns, setSchemaEntry } from './helpers';
import { defineOp } from './op';

export interface RenameColumnParams {
  from: string;
  to: string;
}

export const renameColumn = defineOp<RenameColumnParams>({
  type: 'rename-column',
  label: 'Rename column',
  summary: 'Gives a column a clearer name.',
  rowFilter: false,
  defaultParams: (ctx) => ({ from: ctx.table.columns[0]?.name ?? '', to: '' }),
  describe: (p) => `Rename ${p.from} to ${p.to}`,
  validate: (p, ctx) => {
    if (!findColumn(ctx, p.from)) return missingColumnProblem(p.from);
    if (typeof p.to !== 'string' || p.to.trim() === '') return problem('Enter the new name');
    if (p.to === p.from) return problem(`The column is already called "${p.to}"`);
    if (findColumn(ctx, p.to)) {
      return { ...problem(`There is already a column called "${p.to}"`, 'Pick a name no other column has.', { column: p.to }), code: 'duplicate-column' };
    }
    return null;
  },
  apply: (p, _fitted, ctx) => {
    const { index, col } = findColumn(ctx, p.from)!;
    return {
      table: replaceColumns(ctx.table, new Map([[index, { ...col, name: p.to }]])),
      schema: setSchemaEntry(ctx.schema, p.from, { name: p.to }),
      changed: { columns: 1 },
      problems: [],
    };
  },
});
