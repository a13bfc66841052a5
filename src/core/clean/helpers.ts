/** Small table/schema helpers shared by the cleaning ops. */
import type { ColumnSchema } from '../data/schema';
import type { Column, NumberColumn, StringColumn, Table } from '../data/table';
import { problem, type Problem } from '../util/result';
import type { CleanContext, OpResult } from './op';

export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

export function findColumn(ctx: CleanContext, name: string): { index: number; col: Column } | null {
  const index = ctx.table.columns.findIndex((c) => c.name === name);
  return index < 0 ? null : { index, col: ctx.table.columns[index]! };
}

export function missingColumnProblem(name: string): Problem {
  return {
    ...problem(`Column "${name}" does not exist (any more)`, 'Remove this step, or pick a column that exists.', { column: name }),
    code: 'missing-column',
  };
}

/** Checks a column list param: an array of names that all exist; `allowEmpty` for "empty = all". */
export function checkColumns(ctx: CleanContext, columns: unknown, allowEmpty = false): Problem | null {
  if (!isStringArray(columns)) return problem('The list of columns is malformed', 'Pick the columns again.');
  if (!allowEmpty && columns.length === 0) return problem('Choose at least one column');
  for (const name of columns) if (!findColumn(ctx, name)) return missingColumnProblem(name);
  return null;
}

export function checkNumberColumns(ctx: CleanContext, columns: string[], why: string): Problem | null {
  for (const name of columns) {
    if (findColumn(ctx, name)?.col.kind !== 'number') {
      return problem(`"${name}" does not hold numbers`, why, { column: name });
    }
  }
  return null;
}

export function replaceColumns(table: Table, replacements: Map<number, Column>): Table {
  if (replacements.size === 0) return table;
  return { ...table, columns: table.columns.map((c, j) => replacements.get(j) ?? c) };
}

export function setSchemaEntry(schema: ColumnSchema[], name: string, patch: Partial<ColumnSchema>): ColumnSchema[] {
  return schema.map((s) => (s.name === name ? { ...s, ...patch } : s));
}

export const unchanged = (ctx: CleanContext, problems: Problem[] = []): OpResult => ({
  table: ctx.table,
  schema: ctx.schema,
  changed: {},
  problems,
});

export const listNames = (names: readonly string[]): string =>
  names.length === 0 ? 'no columns' : names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;

/**
 * Rewrites each used dictionary entry through `fn` (null = missing); equal results share one code,
 * so the dictionary stays compact and codes stay comparable. Counts the cells whose text changed.
 */
export function mapStrings(col: StringColumn, fn: (s: string) => string | null): { col: StringColumn; cells: number } {
  const used = new Uint8Array(col.dict.length);
  for (let i = 0; i < col.codes.length; i++) {
    const c = col.codes[i]!;
    if (c >= 0) used[c] = 1;
  }
  const dict: string[] = [];
  const lookup = new Map<string, number>();
  const newCode = new Int32Array(col.dict.length).fill(-1);
  const differs = new Uint8Array(col.dict.length);
  for (let c = 0; c < col.dict.length; c++) {
    if (!used[c]) continue;
    const before = col.dict[c]!;
    const after = fn(before);
    if (after !== before) differs[c] = 1;
    if (after === null) continue;
    let code = lookup.get(after);
    if (code === undefined) {
      code = dict.length;
      dict.push(after);
      lookup.set(after, code);
    }
    newCode[c] = code;
  }
  const codes = new Int32Array(col.codes.length);
  let cells = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i]!;
    if (c < 0) codes[i] = -1;
    else {
      codes[i] = newCode[c]!;
      cells += differs[c]!;
    }
  }
  return { col: { kind: 'string', name: col.name, codes, dict }, cells };
}

/** Numbers as text ("3", "2.5"); NaN becomes a missing cell. */
export function numbersToStrings(col: NumberColumn): StringColumn {
  const dict: string[] = [];
  const lookup = new Map<number, number>();
  const codes = new Int32Array(col.values.length);
  for (let i = 0; i < codes.length; i++) {
    const v = col.values[i]!;
    if (v !== v) {
      codes[i] = -1;
      continue;
    }
    const key = v === 0 ? 0 : v;
    let code = lookup.get(key);
    if (code === undefined) {
      code = dict.length;
      dict.push(String(key));
      lookup.set(key, code);
    }
    codes[i] = code;
  }
  return { kind: 'string', name: col.name, codes, dict };
}

/** Index of `value` in a copy of the dictionary, appending it when absent. */
export function codeFor(dict: string[], value: string): { dict: string[]; code: number } {
  const i = dict.indexOf(value);
  return i >= 0 ? { dict, code: i } : { dict: [...dict, value], code: dict.length };
}
