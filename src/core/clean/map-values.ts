import { parseNumber } from '../data/infer-type';
import { effectiveType } from '../data/schema';
import { isMissingToken, type Column } from '../data/table';
import { problem } from '../util/result';
import { findColumn, mapStrings, missingColumnProblem, numbersToStrings, replaceColumns, setSchemaEntry } from './helpers';
import { defineOp } from './op';

export interface MapValuesParams {
  column: string;
  /** from → to; several values may map to one (merging categories). A `to` of '' (or NA …) means missing. */
  mapping: Record<string, string>;
}

export const mapValues = defineOp<MapValuesParams>({
  type: 'map-values',
  label: 'Map or merge values',
  summary: 'Replaces values with others, for example merging "NY" and "New York" into one category.',
  rowFilter: false,
  defaultParams: (ctx) => ({ column: ctx.table.columns.find((c) => c.kind === 'string')?.name ?? '', mapping: {} }),
  describe: (p) => {
    const pairs = Object.entries(p.mapping);
    const shown = pairs.slice(0, 3).map(([a, b]) => `${a} → ${b === '' ? '(missing)' : b}`).join(', ');
    return `Map values of ${p.column}: ${shown}${pairs.length > 3 ? ` and ${pairs.length - 3} more` : ''}`;
  },
  validate: (p, ctx) => {
    if (!findColumn(ctx, p.column)) return missingColumnProblem(p.column);
    if (typeof p.mapping !== 'object' || p.mapping === null || Array.isArray(p.mapping)) return problem('The mapping is malformed');
    if (Object.keys(p.mapping).length === 0) return problem('Add at least one value to replace');
    if (Object.values(p.mapping).some((v) => typeof v !== 'string')) return problem('The mapping is malformed');
    return null;
  },
  apply: (p, _fitted, ctx) => {
    const { index, col } = findColumn(ctx, p.column)!;
    const target = (to: string): string | null => (isMissingToken(to) ? null : to);
    const lookup = (s: string): string | null => (Object.hasOwn(p.mapping, s) ? target(p.mapping[s]!) : s);
    let out: Column;
    let cells = 0;
    let schema = ctx.schema;
    if (col.kind === 'string') {
      ({ col: out, cells } = mapStrings(col, lookup));
    } else if (Object.values(p.mapping).every((to) => target(to) === null || parseNumber(to) !== null)) {
      // Numbers to numbers: stay numeric.
      const byNumber = new Map<number, number>();
      for (const [from, to] of Object.entries(p.mapping)) {
        const f = parseNumber(from);
        if (f !== null) byNumber.set(f, target(to) === null ? NaN : parseNumber(to)!);
      }
      const values = col.values.slice();
      for (let i = 0; i < values.length; i++) {
        const to = byNumber.get(values[i]!);
        if (to !== undefined && !Object.is(to, values[i])) {
          values[i] = to;
          cells++;
        }
      }
      out = { ...col, values };
    } else {
      // Numbers to words: the column becomes categorical text.
      ({ col: out, cells } = mapStrings(numbersToStrings(col), lookup));
      const entry = ctx.schema.find((s) => s.name === p.column);
      if (entry && (effectiveType(entry) === 'numeric' || effectiveType(entry) === 'boolean')) {
        schema = setSchemaEntry(ctx.schema, p.column, { override: 'categorical' });
      }
    }
    return { table: replaceColumns(ctx.table, new Map([[index, out]])), schema, changed: { cells }, problems: [] };
  },
});
