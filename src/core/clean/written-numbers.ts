/**
 * Numbers as people write them → numbers a model can use: "1,234.5" (English), "1.234,5"
 * (German, Spanish, Italian …) and "1 234,5" (French, Nordic: a space, no-break space or
 * apostrophe between thousands). The table reader keeps such a column as text and its report says
 * so (data/value-hints.ts); this step is what that hint points to. Thousands groups must be of
 * three digits, so "1.234,5" is not misread as 1.2345 under the English style. `auto` picks, on
 * the training rows, the style that reads the most of the column's distinct values (English
 * where they read alike, e.g. only "1,234"), and the fitted style is what later data is read with.
 */
import { missingDictMask } from '../data/stats';
import type { NumberColumn, StringColumn } from '../data/table';
import { problem, type Problem } from '../util/result';
import { findColumn, missingColumnProblem, replaceColumns, setSchemaEntry } from './helpers';
import { defineOp } from './op';

export const NUMBER_STYLES = ['1,234.5', '1.234,5', '1 234,5'] as const;
export type NumberStyle = (typeof NUMBER_STYLES)[number];

export interface WrittenNumbersParams {
  column: string;
  style: 'auto' | NumberStyle;
}

const PATTERNS: Readonly<Record<NumberStyle, { re: RegExp; thousands: RegExp; decimal: string }>> = {
  '1,234.5': { re: /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/, thousands: /,/g, decimal: '.' },
  '1.234,5': { re: /^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/, thousands: /\./g, decimal: ',' },
  '1 234,5': { re: /^[+-]?(\d{1,3}([ \u00a0\u202f']\d{3})+|\d+)(,\d+)?$/, thousands: /[ \u00a0\u202f']/g, decimal: ',' },
};

const STYLE_WORDS: Readonly<Record<NumberStyle, string>> = {
  '1,234.5': 'a decimal point and thousands commas (1,234.5)',
  '1.234,5': 'a decimal comma and thousands points (1.234,5)',
  '1 234,5': 'a decimal comma and thousands spaces (1 234,5)',
};

/** The number `text` is in `style`, or null when it is not one written that way. */
export function readWrittenNumber(text: string, style: NumberStyle): number | null {
  const t = text.trim();
  const p = PATTERNS[style];
  if (!p.re.test(t)) return null;
  const plain = t.replace(p.thousands, '');
  return Number(p.decimal === ',' ? plain.replace(',', '.') : plain);
}

/** The style that reads the most of `values` (the first listed wins a tie). */
export function guessNumberStyle(values: readonly string[]): NumberStyle {
  let best: NumberStyle = NUMBER_STYLES[0];
  let bestCount = -1;
  for (const style of NUMBER_STYLES) {
    let n = 0;
    for (const v of values) if (readWrittenNumber(v, style) !== null) n++;
    if (n > bestCount) [best, bestCount] = [style, n];
  }
  return best;
}

/** The distinct values of `col` that some row uses and that do not mean missing. */
function usedValues(col: StringColumn): string[] {
  const missing = missingDictMask(col);
  const used = new Uint8Array(col.dict.length);
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i]! >= 0) used[col.codes[i]!] = 1;
  return col.dict.filter((_, c) => used[c] && !missing[c]);
}

export const writtenNumbers = defineOp<WrittenNumbersParams, { style: NumberStyle }>({
  type: 'written-numbers',
  label: 'Read written numbers',
  summary: 'Turns numbers written with separators — "1,234.5", "1.234,5" or "1 234,5" — into plain numbers.',
  rowFilter: false,
  defaultParams: (ctx) => ({ column: ctx.table.columns.find((c) => c.kind === 'string')?.name ?? ctx.table.columns[0]?.name ?? '', style: 'auto' }),
  describe: (p) => `Read ${p.column} as numbers${p.style === 'auto' ? '' : ` written ${p.style}`}`,
  validate: (p, ctx) => {
    const found = findColumn(ctx, p.column);
    if (!found) return missingColumnProblem(p.column);
    if (p.style !== 'auto' && !NUMBER_STYLES.includes(p.style)) return problem(`Unknown number style: ${String(p.style)}`);
    if (found.col.kind !== 'string') return problem(`"${p.column}" already holds numbers`, 'Pick a column that was read as text.', { column: p.column });
    return null;
  },
  fit: (p, ctx) => {
    const { col } = findColumn(ctx, p.column)!;
    return { style: p.style !== 'auto' ? p.style : guessNumberStyle(usedValues(col as StringColumn)) };
  },
  apply: (p, fitted, ctx) => {
    const { index, col } = findColumn(ctx, p.column)!;
    const strings = col as StringColumn; // validate let only text columns through
    const missing = missingDictMask(strings);
    const byCode = strings.dict.map((s, c) => (missing[c] ? NaN : (readWrittenNumber(s, fitted.style) ?? NaN)));
    const values = new Float64Array(strings.codes.length);
    let cells = 0, bad = 0, firstBad = -1;
    for (let i = 0; i < values.length; i++) {
      const c = strings.codes[i]!;
      const v = c < 0 ? NaN : byCode[c]!;
      values[i] = v;
      if (v === v) cells++;
      else if (c >= 0 && !missing[c] && bad++ === 0) firstBad = i;
    }
    const problems: Problem[] = [];
    if (p.style === 'auto') {
      problems.push({ message: `Read "${p.column}" as numbers written with ${STYLE_WORDS[fitted.style]}.`, hint: 'If that is not how the file writes them, choose the style in this step.', where: { column: p.column }, code: 'number-style' });
    }
    if (bad > 0) {
      problems.push({
        ...problem(
          `${bad} ${bad === 1 ? 'cell' : 'cells'} in "${p.column}" ${bad === 1 ? 'is' : 'are'} not a number written ${fitted.style} and became missing (first: row ${firstBad + 1}, "${strings.dict[strings.codes[firstBad]!]}")`,
          'Check the style chosen in this step, then fill or drop the missing values in a later step.',
          { row: firstBad + 1, column: p.column },
        ),
        code: 'unparseable-numbers',
        count: bad,
      });
    }
    const out: NumberColumn = { kind: 'number', name: p.column, values };
    const schema = ctx.schema.some((s) => s.name === p.column)
      ? setSchemaEntry(ctx.schema, p.column, { override: 'numeric' })
      : [...ctx.schema, { name: p.column, inferred: 'numeric' as const, override: 'numeric' as const }];
    return { table: replaceColumns(ctx.table, new Map([[index, out]])), schema, changed: { columns: 1, cells }, problems };
  },
});
