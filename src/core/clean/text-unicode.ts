import { listNames } from './helpers';
import { defineOp } from './op';
import { checkTextColumns, defaultTextColumns, rewriteTextColumns, type TextColumnsParams } from './text-helpers';

/**
 * NFKC: composes accents ("e" + combining acute → "é") and folds compatibility forms
 * (full-width "Ａ" → "A", "ﬁ" → "fi", "①" → "1", no-break space → space), as most tokenizers expect.
 */
export const textNormalizeUnicode = defineOp<TextColumnsParams>({
  type: 'text-normalize-unicode',
  label: 'Normalise Unicode (NFKC)',
  summary: 'Writes look-alike characters one way (full-width letters, ligatures, accents), so equal words are stored equally.',
  rowFilter: false,
  defaultParams: (ctx) => ({ columns: defaultTextColumns(ctx) }),
  describe: (p) => `Normalise Unicode (NFKC) in ${listNames(p.columns)}`,
  validate: (p, ctx) => checkTextColumns(ctx, p.columns),
  apply: (p, _fitted, ctx) => rewriteTextColumns(ctx, p.columns, (s) => s.normalize('NFKC')),
});
