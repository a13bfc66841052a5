import { parseBooleanToken, parseNumber } from '../data/infer-type';
import { COLUMN_TYPES, type ColumnType } from '../data/schema';
import { missingDictMask } from '../data/stats';
import type { Column, NumberColumn, StringColumn } from '../data/table';
import { problem, type Problem } from '../util/result';
import { findColumn, missingColumnProblem, numbersToStrings, replaceColumns, setSchemaEntry } from './helpers';
import { defineOp } from './op';

export interface ChangeTypeParams {
  column: string;
  to: ColumnType;
}

/** Types stored as strings; numeric and boolean keep number storage when they have it. */
const STRING_TYPES: ReadonlySet<ColumnType> = new Set(['categorical', 'text', 'identifier', 'date']);

/**
 * Text → numbers. A column of boolean words (yes/no, true/false …) becomes 1/0; otherwise each
 * cell is parsed as a number and a cell that is not one becomes missing (and is reported).
 */
function stringsToNumbers(col: StringColumn): { col: NumberColumn; cells: number; problem: Problem | null } {
  const dictMissing = missingDictMask(col);
  const used = new Uint8Array(col.dict.length);
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i]! >= 0) used[col.codes[i]!] = 1;
  const asBool = col.dict.map((s) => parseBooleanToken(s));
  const allBool = col.dict.every((_, c) => !used[c] || dictMissing[c] || asBool[c] !== null);
  const allNumbers = col.dict.every((s, c) => !used[c] || dictMissing[c] || parseNumber(s) !== null);
  const byCode = col.dict.map((s, c) => (dictMissing[c] ? NaN : ((allBool && !allNumbers ? asBool[c] : parseNumber(s)) ?? NaN)));
  const values = new Float64Array(col.codes.length);
  let cells = 0, bad = 0, firstBad = -1;
  for (let i = 0; i < values.length; i++) {
    const c = col.codes[i]!;
    if (c < 0 || dictMissing[c]) {
      values[i] = NaN;
      continue;
    }
    const v = byCode[c]!;
    values[i] = v;
    cells++;
    if (v !== v) {
      bad++;
      if (firstBad < 0) firstBad = i;
    }
  }
  const p =
    bad === 0
      ? null
      : {
          ...problem(
            `${bad} ${bad === 1 ? 'cell' : 'cells'} in "${col.name}" ${bad === 1 ? 'is' : 'are'} not a number and became missing (first: row ${firstBad + 1}, "${col.dict[col.codes[firstBad]!]}")`,
            'Fill or drop the missing values in a later step.',
            { row: firstBad + 1, column: col.name },
          ),
          code: 'unparseable-numbers',
          count: bad,
        };
  return { col: { kind: 'number', name: col.name, values }, cells: cells - bad, problem: p };
}

export const changeType = defineOp<ChangeTypeParams>({
  type: 'change-type',
  label: 'Change column type',
  summary: 'Tells the studio what a column means (a number, a category, text …), converting the cells when needed.',
  rowFilter: false,
  defaultParams: (ctx) => ({ column: ctx.table.columns[0]?.name ?? '', to: 'categorical' }),
  describe: (p) => `Treat ${p.column} as ${p.to}`,
  validate: (p, ctx) => {
    if (!findColumn(ctx, p.column)) return missingColumnProblem(p.column);
    if (!COLUMN_TYPES.includes(p.to)) return problem(`Unknown column type: ${String(p.to)}`);
    return null;
  },
  apply: (p, _fitted, ctx) => {
    const { index, col } = findColumn(ctx, p.column)!;
    let out: Column = col;
    let cells = 0;
    const problems: Problem[] = [];
    if (p.to === 'numeric' && col.kind === 'string') {
      const r = stringsToNumbers(col);
      out = r.col;
      cells = r.cells;
      if (r.problem) problems.push(r.problem);
    } else if (STRING_TYPES.has(p.to) && col.kind === 'number') {
      out = numbersToStrings(col);
      for (let i = 0; i < col.values.length; i++) if (col.values[i] === col.values[i]) cells++;
    }
    const schema = ctx.schema.some((s) => s.name === p.column)
      ? setSchemaEntry(ctx.schema, p.column, { override: p.to })
      : [...ctx.schema, { name: p.column, inferred: p.to, override: p.to }];
    return {
      table: replaceColumns(ctx.table, new Map([[index, out]])),
      schema,
      changed: { columns: 1, cells },
      problems,
    };
  },
});
