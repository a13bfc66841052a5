import { listNames } from './helpers';
import { defineOp } from './op';
import { checkTextColumns, defaultTextColumns, rewriteTextColumns, type TextColumnsParams } from './text-helpers';

/** JavaScript's \s: spaces, tabs, line breaks, no-break and other Unicode spaces, and the BOM. */
export const collapseWhitespace = (s: string): string => s.replace(/\s+/g, ' ').trim();

export const textCollapseWhitespace = defineOp<TextColumnsParams>({
  type: 'text-collapse-whitespace',
  label: 'Collapse whitespace',
  summary: 'Turns runs of spaces, tabs and line breaks into one space and trims both ends.',
  rowFilter: false,
  defaultParams: (ctx) => ({ columns: defaultTextColumns(ctx) }),
  describe: (p) => `Collapse whitespace in ${listNames(p.columns)}`,
  validate: (p, ctx) => checkTextColumns(ctx, p.columns),
  apply: (p, _fitted, ctx) => rewriteTextColumns(ctx, p.columns, collapseWhitespace),
});
