/**
 * Shared pieces of the text cleaning ops (text-*.ts): column checks and the dictionary-wise
 * rewrite. What a word is lives in core/words, shared with the data profile and augmentation.
 */
import { effectiveType } from '../data/schema';
import { filterRows, isMissingToken, type Column, type StringColumn } from '../data/table';
import { problem, type Problem } from '../util/result';
import { checkColumns, findColumn, mapStrings, replaceColumns } from './helpers';
import type { CleanContext, OpResult, TextExample } from './op';

export interface TextColumnsParams {
  columns: string[];
}

/** Text columns by their semantic type: the default choice of a new text step. */
export const defaultTextColumns = (ctx: CleanContext): string[] =>
  ctx.schema.filter((s) => effectiveType(s) === 'text' && findColumn(ctx, s.name)?.col.kind === 'string').map((s) => s.name);

export const defaultTextColumn = (ctx: CleanContext): string =>
  defaultTextColumns(ctx)[0] ?? ctx.table.columns.find((c) => c.kind === 'string')?.name ?? '';

function notTextProblem(name: string): Problem {
  return problem(`"${name}" holds numbers, not text`, 'Text steps work on text or category columns.', { column: name });
}

export function checkTextColumns(ctx: CleanContext, columns: unknown): Problem | null {
  const bad = checkColumns(ctx, columns);
  if (bad) return bad;
  const numeric = (columns as string[]).find((n) => findColumn(ctx, n)!.col.kind !== 'string');
  return numeric === undefined ? null : notTextProblem(numeric);
}

export function checkTextColumn(ctx: CleanContext, column: unknown): Problem | null {
  if (typeof column !== 'string' || column === '') return problem('Choose a text column');
  return checkTextColumns(ctx, [column]);
}

/** How many before/after examples a step reports, and how long each shown text may be. */
export const MAX_EXAMPLES = 3;
const EXAMPLE_CHARS = 160;
const EXAMPLE_LEAD = 40;

/**
 * Cuts a long pair to the part where they start to differ, so the change is visible without
 * shipping a 10 kB e-mail to the UI: both texts start a little before the first difference.
 */
export function clipExample(before: string, after: string): TextExample {
  if (before.length <= EXAMPLE_CHARS && after.length <= EXAMPLE_CHARS) return { before, after };
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  const start = Math.max(0, p - EXAMPLE_LEAD);
  const clip = (s: string) => {
    if (s === '') return s;
    const part = s.slice(start, start + EXAMPLE_CHARS);
    return (start > 0 ? '…' : '') + part + (start + EXAMPLE_CHARS < s.length ? '…' : '');
  };
  return { before: clip(before), after: clip(after) };
}

/**
 * Rewrites every distinct text of the columns once (the dictionary, not the rows, so 100k rows with
 * repeated texts stay fast). Missing tokens are left alone; a text that ends up empty (or only
 * spaces) becomes a missing cell, as an empty cell in a file is. The first changed texts (in
 * dictionary order, which is the order they first appear) are reported as examples.
 */
export function rewriteTextColumns(ctx: CleanContext, columns: readonly string[], fn: (s: string) => string): OpResult {
  const replacements = new Map<number, Column>();
  const examples: TextExample[] = [];
  let cells = 0;
  for (const name of columns) {
    const found = findColumn(ctx, name);
    if (!found || found.col.kind !== 'string') continue;
    const r = mapStrings(found.col, (s) => {
      if (isMissingToken(s)) return s;
      const t = fn(s);
      if (t === s) return s;
      const out = t.trim() === '' ? null : t;
      if (examples.length < MAX_EXAMPLES) examples.push(clipExample(s, out ?? ''));
      return out;
    });
    cells += r.cells;
    replacements.set(found.index, r.col);
  }
  return { table: replaceColumns(ctx.table, replacements), schema: ctx.schema, changed: { cells }, problems: [], examples };
}

/** A text row filter's result: the kept rows, how many went, and examples of removed texts. */
export function keepTextRows(ctx: CleanContext, col: StringColumn, keep: Uint8Array): OpResult {
  const table = filterRows(ctx.table, keep);
  return { table, schema: ctx.schema, changed: { rows: ctx.table.rowCount - table.rowCount }, problems: [], examples: removedExamples(col, keep), kept: keep };
}

/** The texts of the removed rows (keep[i] = 0), first ones first, as row-filter examples. */
function removedExamples(col: StringColumn, keep: Uint8Array): TextExample[] {
  const out: TextExample[] = [];
  for (let i = 0; i < keep.length && out.length < MAX_EXAMPLES; i++) {
    const c = col.codes[i]!;
    if (!keep[i] && c >= 0) out.push(clipExample(col.dict[c]!, ''));
  }
  return out;
}
