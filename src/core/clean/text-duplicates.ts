import { missingDictMask } from '../data/stats';
import { problem } from '../util/result';
import { findColumn } from './helpers';
import { nearDuplicateMask, SHINGLE_WORDS } from './near-duplicates';
import { defineOp } from './op';
import { checkTextColumn, defaultTextColumn, keepTextRows } from './text-helpers';

export const DUPLICATE_MODES = ['exact', 'near'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

export interface TextDuplicatesParams {
  column: string;
  /** 'exact': the same text, character for character; 'near': see near-duplicates.ts. */
  mode: DuplicateMode;
  /** Near mode: the least Jaccard similarity of word pairs (0.5–1) that counts as a duplicate. */
  threshold: number;
}

export const MIN_THRESHOLD = 0.5;

/**
 * Removes rows whose text repeats an earlier row's text; the first occurrence stays. Only the one
 * text column is compared (the other columns, such as the label, may differ: a text labelled twice
 * is still one example). Missing texts are never duplicates.
 */
export const textDuplicates = defineOp<TextDuplicatesParams>({
  type: 'text-remove-duplicates',
  label: 'Remove duplicate texts',
  summary: 'Keeps the first of several identical (or nearly identical) texts, so a repeated message does not count twice or leak from training into testing.',
  rowFilter: true,
  defaultParams: (ctx) => ({ column: defaultTextColumn(ctx), mode: 'exact', threshold: 0.8 }),
  describe: (p) =>
    p.mode === 'near'
      ? `Remove near-duplicate texts in ${p.column} (word-pair similarity ≥ ${p.threshold})`
      : `Remove duplicate texts in ${p.column}`,
  validate: (p, ctx) => {
    const bad = checkTextColumn(ctx, p.column);
    if (bad) return bad;
    if (!DUPLICATE_MODES.includes(p.mode)) return problem(`Unknown kind of duplicate: ${String(p.mode)}`);
    if (p.mode === 'near' && !(typeof p.threshold === 'number' && p.threshold >= MIN_THRESHOLD && p.threshold <= 1)) {
      return problem(`The similarity threshold must be between ${MIN_THRESHOLD} and 1`, `It is the share of ${SHINGLE_WORDS}-word sequences two texts have in common.`);
    }
    return null;
  },
  apply: (p, _fitted, ctx) => {
    const col = findColumn(ctx, p.column)!.col;
    if (col.kind !== 'string') throw new Error('validated: a text column');
    const missing = missingDictMask(col);
    const keep = new Uint8Array(ctx.table.rowCount);
    if (p.mode === 'near') {
      const dup = nearDuplicateMask(col.codes, col.dict, p.threshold, (c) => missing[c] === 1);
      for (let i = 0; i < keep.length; i++) keep[i] = dup[i] ? 0 : 1;
    } else {
      const seen = new Set<string>();
      for (let i = 0; i < keep.length; i++) {
        const c = col.codes[i]!;
        if (c < 0 || missing[c]) keep[i] = 1;
        else if (!seen.has(col.dict[c]!)) {
          seen.add(col.dict[c]!);
          keep[i] = 1;
        }
      }
    }
    return keepTextRows(ctx, col, keep);
  },
});
