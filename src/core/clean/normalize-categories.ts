import { checkColumns, findColumn, listNames, mapStrings, replaceColumns } from './helpers';
import { problem } from '../util/result';
import { isMissingToken, type Column } from '../data/table';
import { defineOp } from './op';

export type CaseStyle = 'none' | 'lower' | 'upper' | 'title';

export interface NormalizeCategoriesParams {
  columns: string[];
  /** Remove spaces at both ends and collapse inner runs of spaces (a value that becomes empty becomes missing). */
  trim: boolean;
  case: CaseStyle;
}

const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s\-_/(])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());

export function normalizeText(s: string, trim: boolean, style: CaseStyle): string {
  const t = trim ? s.trim().replace(/\s+/g, ' ') : s;
  switch (style) {
    case 'none':
      return t;
    case 'lower':
      return t.toLowerCase();
    case 'upper':
      return t.toUpperCase();
    case 'title':
      return titleCase(t);
  }
}

export const normalizeCategories = defineOp<NormalizeCategoriesParams>({
  type: 'normalize-categories',
  label: 'Tidy category spelling',
  summary: 'Trims stray spaces and unifies upper/lower case, so " Paris" and "paris" become one category.',
  rowFilter: false,
  defaultParams: (ctx) => ({
    columns: ctx.table.columns.filter((c) => c.kind === 'string').map((c) => c.name),
    trim: true,
    case: 'none',
  }),
  describe: (p) => {
    const what = [p.trim ? 'trim spaces' : '', p.case !== 'none' ? `${p.case} case` : ''].filter(Boolean).join(', ');
    return `Tidy ${listNames(p.columns)}${what ? ` (${what})` : ''}`;
  },
  validate: (p, ctx) => {
    const bad = checkColumns(ctx, p.columns);
    if (bad) return bad;
    if (!['none', 'lower', 'upper', 'title'].includes(p.case)) return problem(`Unknown case style: ${String(p.case)}`);
    const numeric = p.columns.find((n) => findColumn(ctx, n)!.col.kind === 'number');
    return numeric === undefined ? null : problem(`"${numeric}" holds numbers, not categories`, undefined, { column: numeric });
  },
  apply: (p, _fitted, ctx) => {
    const replacements = new Map<number, Column>();
    let cells = 0;
    for (const name of p.columns) {
      const { index, col } = findColumn(ctx, name)!;
      if (col.kind !== 'string') continue;
      const r = mapStrings(col, (s) => {
        if (isMissingToken(s)) return s;
        const t = normalizeText(s, p.trim, p.case);
        return t === '' ? null : t;
      });
      cells += r.cells;
      replacements.set(index, r.col);
    }
    return { table: replaceColumns(ctx.table, replacements), schema: ctx.schema, changed: { cells }, problems: [] };
  },
});
