/** Words for the UI: how many features each column became, and how. */
import { loadTokenizer, textWidth, type FittedText } from './text';
import { widthOf, type FittedColumn, type FittedEncoders } from './fit';
import type { NumericScaling } from './spec';

export interface ColumnEncodingSummary {
  name: string;
  features: number;
  /** e.g. "age → 1 feature (standardized)". */
  text: string;
}

export interface EncodingSummary {
  featureCount: number;
  columns: ColumnEncodingSummary[];
  /** e.g. "species → 3 classes (setosa, versicolor, virginica)" or "price → a number (regression)". */
  target: string;
}

const SCALING_WORDS: Record<NumericScaling, string> = {
  standardize: 'standardized',
  minmax: 'scaled to 0–1',
  none: 'as is',
};

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function how(c: FittedColumn): string {
  switch (c.kind) {
    case 'numeric':
      return SCALING_WORDS[c.scaling];
    case 'boolean':
      return 'yes/no as 1/0';
    case 'categorical': {
      const k = c.categories.length;
      return c.mode === 'onehot'
        ? `one-hot: ${plural(k, 'value')} + other`
        : `ordinal: ${plural(k, 'value')} numbered 0–${Math.max(0, k - 1)}, other = ${k}`;
    }
    case 'date':
      return c.parts.length === 0
        ? 'no date parts'
        : `date parts: ${c.parts.map((p) => p.part).join(', ')}; ${SCALING_WORDS[c.parts[0]!.scaling]}`;
  }
}

export function describeColumn(c: FittedColumn): ColumnEncodingSummary {
  const features = widthOf(c);
  const extra = c.indicator ? ' + missing flag' : '';
  return { name: c.name, features, text: `${c.name} → ${plural(features, 'feature')} (${how(c)}${extra})` };
}

const TOKENIZER_WORDS = { word: 'words', char: 'characters', bpe: 'byte-level BPE', wordpiece: 'WordPiece' } as const;

export function describeText(t: FittedText): ColumnEncodingSummary {
  const name = t.columns.join(' + ');
  const tok = loadTokenizer(t);
  const vocab = `${TOKENIZER_WORDS[tok.kind]} tokenizer, ${plural(t.vocabSize, 'token')} in its vocabulary`;
  const features = textWidth(t);
  return t.representation === 'tokens'
    ? { name, features, text: `${name} → ${plural(features, 'token id')} per text (${vocab}; longer texts cut, shorter padded)` }
    : { name, features, text: `${name} → ${plural(features, 'feature')} (TF-IDF bag of words; ${vocab})` };
}

export function describeEncoding(fitted: FittedEncoders): EncodingSummary {
  const t = fitted.target;
  const shown = t.kind === 'classification' ? t.classes.slice(0, 5).join(', ') + (t.classes.length > 5 ? ', …' : '') : '';
  return {
    featureCount: fitted.featureNames.length,
    columns: [...fitted.columns.map(describeColumn), ...(fitted.text ? [describeText(fitted.text)] : [])],
    target: t.kind === 'classification' ? `${t.name} → ${plural(t.classes.length, 'class', 'classes')} (${shown})` : `${t.name} → a number (regression)`,
  };
}
