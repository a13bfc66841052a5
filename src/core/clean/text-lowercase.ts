import { listNames } from './helpers';
import { defineOp } from './op';
import { checkTextColumns, defaultTextColumns, rewriteTextColumns, type TextColumnsParams } from './text-helpers';

/** Locale-independent lower case (String.prototype.toLowerCase): "İ" becomes "i̇", not Turkish "i". */
export const textLowercase = defineOp<TextColumnsParams>({
  type: 'text-lowercase',
  label: 'Lower-case text',
  summary: 'Turns every letter into lower case, so "Great" and "great" count as the same word.',
  rowFilter: false,
  defaultParams: (ctx) => ({ columns: defaultTextColumns(ctx) }),
  describe: (p) => `Lower-case ${listNames(p.columns)}`,
  validate: (p, ctx) => checkTextColumns(ctx, p.columns),
  apply: (p, _fitted, ctx) => rewriteTextColumns(ctx, p.columns, (s) => s.toLowerCase()),
});
