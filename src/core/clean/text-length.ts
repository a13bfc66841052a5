import { missingDictMask } from '../data/stats';
import { problem } from '../util/result';
import { findColumn } from './helpers';
import { defineOp } from './op';
import { checkTextColumn, defaultTextColumn, keepTextRows } from './text-helpers';
import { charCount, wordCount } from '../words/words';

export const LENGTH_UNITS = ['words', 'characters'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];

export interface TextLengthParams {
  column: string;
  unit: LengthUnit;
  /** Inclusive bounds; null = no bound on that side. */
  min: number | null;
  max: number | null;
}

/** Words as text-helpers counts them; characters as code points (an emoji with a skin tone is 2). */
export const textLength = (s: string, unit: LengthUnit): number => (unit === 'words' ? wordCount(s) : charCount(s));

const validBound = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

/**
 * Keeps rows whose text length is within [min, max]. A missing text has no length and is kept:
 * removing those is the job of "Drop rows with missing values", where the choice is visible.
 */
export const textLengthFilter = defineOp<TextLengthParams>({
  type: 'text-length-filter',
  label: 'Filter texts by length',
  summary: 'Removes rows whose text is too short (say, under 3 words) or too long to be a useful example.',
  rowFilter: true,
  defaultParams: (ctx) => ({ column: defaultTextColumn(ctx), unit: 'words', min: 1, max: null }),
  describe: (p) => {
    const min = p.min ?? null;
    const max = p.max ?? null;
    const range = min !== null && max !== null ? `${min} to ${max}` : min !== null ? `at least ${min}` : `at most ${String(max)}`;
    return `Keep texts in ${p.column} with ${range} ${p.unit}`;
  },
  validate: (p, ctx) => {
    const bad = checkTextColumn(ctx, p.column);
    if (bad) return bad;
    if (!LENGTH_UNITS.includes(p.unit)) return problem(`Unknown unit: ${String(p.unit)}`);
    if (!validBound(p.min) || !validBound(p.max)) return problem('The lengths must be whole numbers, 0 or more');
    const min = p.min ?? null;
    const max = p.max ?? null;
    if (min === null && max === null) return problem('Enter a minimum length, a maximum length, or both');
    return min !== null && max !== null && min > max ? problem('The minimum length is larger than the maximum') : null;
  },
  apply: (p, _fitted, ctx) => {
    const col = findColumn(ctx, p.column)!.col;
    if (col.kind !== 'string') throw new Error('validated: a text column');
    const min = p.min ?? 0;
    const max = p.max ?? Infinity;
    // Decide once per distinct text, then one pass over the rows.
    const missing = missingDictMask(col);
    const inRange = col.dict.map((s, c) => {
      if (missing[c]) return true;
      const n = textLength(s, p.unit);
      return n >= min && n <= max;
    });
    const keep = new Uint8Array(ctx.table.rowCount);
    for (let i = 0; i < keep.length; i++) {
      const c = col.codes[i]!;
      keep[i] = c < 0 || inRange[c] ? 1 : 0;
    }
    return keepTextRows(ctx, col, keep);
  },
});
