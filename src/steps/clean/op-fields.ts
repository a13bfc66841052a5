/**
 * How each cleaning op's params are edited: a field list per op type, rendered by OpForm.
 * Adding an op to core/clean/registry.ts and one entry here gives it a form.
 */
import { COLUMN_TYPES } from '../../core/data/schema';
import { STOPWORD_LANGUAGES } from '../../core/words/stopwords';
import { NUMBER_STYLES } from '../../core/clean/written-numbers';

export type Field =
  | { key: string; label: string; kind: 'column' }
  | { key: string; label: string; kind: 'columns'; emptyMeans?: string }
  | {
      key: string;
      label: string;
      kind: 'select';
      options: readonly string[];
      /** Words shown for an option (the option itself is what the params store). */
      optionLabels?: Readonly<Record<string, string>>;
      showIf?: (p: Record<string, unknown>) => boolean;
    }
  | { key: string; label: string; kind: 'number'; optional?: boolean; placeholder?: string; showIf?: (p: Record<string, unknown>) => boolean }
  | { key: string; label: string; kind: 'text'; showIf?: (p: Record<string, unknown>) => boolean }
  | { key: string; label: string; kind: 'checkbox' }
  | { key: string; label: string; kind: 'mapping'; columnKey: string };

const textColumns: Field = { key: 'columns', label: 'Text columns', kind: 'columns' };

/** English first: it is the default language of a new stop-word step. */
const LANGUAGES = ['en', ...STOPWORD_LANGUAGES.filter((l) => l !== 'en')];

const needsValue = (p: Record<string, unknown>) => p.operator !== 'is missing' && p.operator !== 'is not missing';

export const OP_FIELDS: Record<string, Field[]> = {
  'drop-columns': [{ key: 'columns', label: 'Columns to drop', kind: 'columns' }],
  'drop-missing-rows': [{ key: 'columns', label: 'Look for missing values in', kind: 'columns', emptyMeans: 'any column' }],
  impute: [
    { key: 'columns', label: 'Columns to fill', kind: 'columns' },
    { key: 'strategy', label: 'Fill with', kind: 'select', options: ['mean', 'median', 'most_frequent', 'constant'] },
    { key: 'value', label: 'Constant value', kind: 'text', showIf: (p) => p.strategy === 'constant' },
  ],
  'remove-duplicates': [{ key: 'columns', label: 'Compare on', kind: 'columns', emptyMeans: 'all columns' }],
  outliers: [
    { key: 'columns', label: 'Numeric columns', kind: 'columns' },
    { key: 'method', label: 'Method', kind: 'select', options: ['iqr', 'zscore'] },
    { key: 'threshold', label: 'Threshold (blank: 1.5 for IQR, 3 for z-score)', kind: 'number', optional: true },
    { key: 'action', label: 'Then', kind: 'select', options: ['remove', 'clip'] },
  ],
  'change-type': [
    { key: 'column', label: 'Column', kind: 'column' },
    { key: 'to', label: 'New type', kind: 'select', options: COLUMN_TYPES },
  ],
  'written-numbers': [
    { key: 'column', label: 'Column', kind: 'column' },
    {
      key: 'style',
      label: 'Written as',
      kind: 'select',
      options: ['auto', ...NUMBER_STYLES],
      optionLabels: { auto: 'Find out from the values', '1,234.5': '1,234.5 (decimal point)', '1.234,5': '1.234,5 (decimal comma)', '1 234,5': '1 234,5 (decimal comma, spaces)' },
    },
  ],
  'filter-rows': [
    { key: 'column', label: 'Keep rows where', kind: 'column' },
    { key: 'operator', label: 'Condition', kind: 'select', options: ['==', '!=', '<', '<=', '>', '>=', 'contains', 'is missing', 'is not missing'] },
    { key: 'value', label: 'Value', kind: 'text', showIf: needsValue },
  ],
  'rename-column': [
    { key: 'from', label: 'Column', kind: 'column' },
    { key: 'to', label: 'New name', kind: 'text' },
  ],
  'map-values': [
    { key: 'column', label: 'Column', kind: 'column' },
    { key: 'mapping', label: 'New values (leave blank to keep)', kind: 'mapping', columnKey: 'column' },
  ],
  'normalize-categories': [
    { key: 'columns', label: 'Columns', kind: 'columns' },
    { key: 'trim', label: 'Trim spaces at both ends', kind: 'checkbox' },
    { key: 'case', label: 'Letter case', kind: 'select', options: ['none', 'lower', 'upper', 'title'] },
  ],
  'text-strip-html': [textColumns],
  'text-normalize-unicode': [textColumns],
  'text-lowercase': [textColumns],
  'text-replace-patterns': [
    textColumns,
    { key: 'urls', label: 'Web addresses (URLs)', kind: 'checkbox' },
    { key: 'emails', label: 'E-mail addresses', kind: 'checkbox' },
    { key: 'numbers', label: 'Numbers', kind: 'checkbox' },
    { key: 'emoji', label: 'Emoji', kind: 'checkbox' },
    { key: 'punctuation', label: 'Punctuation', kind: 'checkbox' },
    {
      key: 'replaceWith',
      label: 'Replace them with',
      kind: 'select',
      options: ['tag', 'nothing', 'space'],
      optionLabels: { tag: 'a tag such as <url>', nothing: 'nothing (remove)', space: 'a space' },
    },
  ],
  'text-stopwords': [
    textColumns,
    { key: 'language', label: 'Language', kind: 'select', options: LANGUAGES },
    { key: 'keep', label: 'Keep these words anyway (comma-separated, e.g. not, no, good)', kind: 'text' },
  ],
  'text-collapse-whitespace': [textColumns],
  'text-length-filter': [
    { key: 'column', label: 'Text column', kind: 'column' },
    { key: 'unit', label: 'Count', kind: 'select', options: ['words', 'characters'] },
    { key: 'min', label: 'Keep texts at least this long (blank: no minimum)', kind: 'number', optional: true },
    { key: 'max', label: 'and at most this long (blank: no maximum)', kind: 'number', optional: true },
  ],
  'text-remove-duplicates': [
    { key: 'column', label: 'Text column', kind: 'column' },
    {
      key: 'mode',
      label: 'Duplicates are',
      kind: 'select',
      options: ['exact', 'near'],
      optionLabels: { exact: 'exactly the same text', near: 'nearly the same text (same word pairs)' },
    },
    { key: 'threshold', label: 'Share of word pairs in common (0.5 to 1)', kind: 'number', showIf: (p) => p.mode === 'near' },
  ],
};

/** Starting values that differ from the generic ones below (first option, ticked, empty). */
const INITIAL: Readonly<Record<string, Record<string, unknown>>> = {
  'normalize-categories': { case: 'lower' },
  // URLs and e-mails rarely carry meaning; numbers, emoji and punctuation often do (prices, 😡, "!!!").
  'text-replace-patterns': { emoji: false, numbers: false, punctuation: false },
  'text-length-filter': { min: 1 },
  'text-remove-duplicates': { threshold: 0.8 },
};

/** Starting params for a new step: empty column choices, the first option of each select. */
export function initialParams(op: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of OP_FIELDS[op] ?? []) {
    if (f.kind === 'columns') out[f.key] = [];
    else if (f.kind === 'select') out[f.key] = f.options[0];
    else if (f.kind === 'checkbox') out[f.key] = true;
    else if (f.kind === 'mapping') out[f.key] = {};
    else if (f.kind === 'number') out[f.key] = null;
    else out[f.key] = '';
  }
  return { ...out, ...INITIAL[op] };
}
