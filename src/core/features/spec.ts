/**
 * The feature spec: how each column of the cleaned table becomes model inputs, and how rows are
 * split. Plain JSON (saved in the project, exported in the bundle); nothing fitted lives here —
 * fitted statistics are in FittedEncoders (fit.ts), learned on the training rows.
 */
import { inferColumnType } from '../data/infer-type';
import { effectiveType, type ColumnSchema, type ColumnType, type TaskKind } from '../data/schema';
import type { Column, Table } from '../data/table';
import { validateFractions } from '../data/split';
import { problem, type Problem } from '../util/result';
import { allRows, countCategories, datePartsOf, gatherBooleans, gatherDates, gatherNumbers } from './read';
import { DEFAULT_TEXT, type TextSettings } from './text';
import { deserializeTokenizer } from '../text';

export const DATE_PARTS = ['year', 'month', 'day', 'weekday', 'hour'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export type NumericScaling = 'standardize' | 'minmax' | 'none';
export type CategoricalMode = 'onehot' | 'ordinal';

export interface ColumnFeatureSettings {
  name: string;
  include: boolean;
  /** Why the default left the column out, in words a student understands. */
  reason?: string;
  /** Numeric columns and date parts. */
  numeric: NumericScaling;
  /** Categorical columns (and text/identifier columns the user includes anyway). */
  categorical: { mode: CategoricalMode; topK: number };
  /** Date columns: which calendar parts become features. */
  dateParts: DatePart[];
  /** Adds a 0/1 feature "<column> (missing)". */
  missingIndicator: boolean;
}

export interface SplitSettings {
  train: number;
  validation: number;
  test: number;
  seed: number;
  /** Keep class proportions in every part (classification only). */
  stratify: boolean;
}

export interface FeatureSpec {
  format: 'ml-studio-features';
  version: 1;
  target: string;
  task: TaskKind;
  /** Every column but the target, in table order. */
  columns: ColumnFeatureSettings[];
  split: SplitSettings;
  /** The text input (see text.ts); absent for purely tabular data. */
  text?: TextSettings;
  /** Small or imbalanced data: extra training rows (training split only; validation and test untouched). */
  balance?: BalanceSettings;
}

export interface BalanceSettings {
  /** EDA: new texts made from each training text (0 = off). Needs a text input. */
  augment: number;
  /** EDA's α: the share of words each edit changes. */
  alpha: number;
  /** Repeat rows of the smaller classes until every class has as many as the largest (classification). */
  oversample: boolean;
}

export const DEFAULT_TOP_K = 20;
export const DEFAULT_SPLIT: Omit<SplitSettings, 'stratify'> = { train: 0.7, validation: 0.15, test: 0.15, seed: 42 };

export const REASONS = {
  identifier: 'Every row has a different value: an id tells the model nothing general.',
  text: 'Free text: it is read by the text settings below (tokenized), not as a category.',
  constant: 'Every row has the same value: it cannot help tell rows apart.',
  empty: 'Every value is missing: there is nothing to learn from.',
} as const;

/** The schema type of a column (inferred from the data when the schema does not list it). */
export function typeOf(table: Table, schema: readonly ColumnSchema[], name: string): ColumnType {
  const s = schema.find((c) => c.name === name);
  if (s) return effectiveType(s);
  const col = table.columns.find((c) => c.name === name);
  return col ? inferColumnType(col, table.rowCount) : 'categorical';
}

/** Distinct present values (counting stops at 2) and missing cells, as the encoder will read them. */
function valueStats(col: Column, type: ColumnType, rows: Uint32Array): { distinct: number; missing: number; hasTime: boolean } {
  let hasTime = false;
  if (type === 'numeric' || type === 'boolean' || type === 'date') {
    const v = new Float64Array(rows.length);
    (type === 'numeric' ? gatherNumbers : type === 'boolean' ? gatherBooleans : gatherDates)(col, rows, v);
    let missing = 0, first = NaN, distinct = 0;
    const parts = new Float64Array(5);
    for (let k = 0; k < v.length; k++) {
      const x = v[k]!;
      if (x !== x) missing++;
      else if (distinct === 0) [first, distinct] = [x, 1];
      else if (distinct === 1 && x !== first) distinct = 2;
      if (type === 'date' && x === x && !hasTime) {
        datePartsOf(x, parts);
        hasTime = parts[4] !== 0;
      }
    }
    return { distinct, missing, hasTime };
  }
  const counts = countCategories(col, rows);
  let present = 0;
  for (const n of counts.values()) present += n;
  return { distinct: counts.size, missing: rows.length - present, hasTime };
}

/**
 * Defaults: every column but the target, except identifiers, free text and columns with nothing
 * to learn (one value in every row, or every cell missing), which are off with a reason.
 * A column with one value and some missing cells stays in: whether a value is missing may matter.
 * Standardized numbers, one-hot top 20 + "other", missing indicators where values are missing,
 * date parts year/month/day/weekday (+ hour when some value has a time), split 70/15/15 with
 * seed 42, stratified for classification.
 */
export function defaultFeatureSpec(table: Table, schema: readonly ColumnSchema[], target: string, task: TaskKind): FeatureSpec {
  const rows = allRows(table.rowCount);
  const columns = table.columns
    .filter((col) => col.name !== target)
    .map((col): ColumnFeatureSettings => {
      const type = typeOf(table, schema, col.name);
      const { distinct, missing, hasTime } = valueStats(col, type, rows);
      const reason =
        type === 'identifier' ? REASONS.identifier
        : type === 'text' ? REASONS.text
        : distinct === 0 ? REASONS.empty
        : distinct === 1 && missing === 0 ? REASONS.constant
        : undefined;
      return {
        name: col.name,
        include: reason === undefined,
        ...(reason !== undefined ? { reason } : {}),
        numeric: 'standardize',
        categorical: { mode: 'onehot', topK: DEFAULT_TOP_K },
        dateParts: hasTime ? ['year', 'month', 'day', 'weekday', 'hour'] : ['year', 'month', 'day', 'weekday'],
        missingIndicator: missing > 0,
      };
    });
  const textColumns = columns.filter((c) => typeOf(table, schema, c.name) === 'text').map((c) => c.name);
  return {
    format: 'ml-studio-features',
    version: 1,
    target,
    task,
    columns,
    split: { ...DEFAULT_SPLIT, stratify: task === 'classification' },
    ...(textColumns.length > 0 ? { text: { ...DEFAULT_TEXT, tokenizer: { ...DEFAULT_TEXT.tokenizer }, columns: textColumns } } : {}),
  };
}

/** Tabular columns are inputs unless the text is read as a token sequence (text models only). */
export const usesTabular = (spec: FeatureSpec): boolean => spec.text?.representation !== 'tokens';

/** Problems that stop fitting: a missing target, no included column, a bad split or top-K. */
export function validateFeatureSpec(spec: FeatureSpec, table: Table): Problem[] {
  const out: Problem[] = [];
  const names = new Set(table.columns.map((c) => c.name));
  if (!names.has(spec.target)) {
    out.push({ ...problem(`The target column "${spec.target}" does not exist (any more)`, 'Choose the target again.'), code: 'missing-target' });
  }
  const included = usesTabular(spec) ? spec.columns.filter((c) => c.include && c.name !== spec.target) : [];
  const text = spec.text;
  if (text) {
    const missing = text.columns.find((c) => !names.has(c));
    if (text.columns.length === 0) out.push({ ...problem('No text column is chosen', 'Pick the column that holds the text, or remove the text input.'), code: 'no-text' });
    else if (missing !== undefined) out.push({ ...problem(`Text column "${missing}" does not exist (any more)`, 'Pick the text columns again.', { column: missing }), code: 'missing-column' });
    if (text.columns.includes(spec.target)) out.push({ ...problem('The target cannot also be the text input', 'Pick another text column.'), code: 'text-is-target' });
    if (!Number.isInteger(text.tokenizer.vocabSize) || text.tokenizer.vocabSize < 10 || text.tokenizer.vocabSize > 100_000) {
      out.push({ ...problem('The vocabulary size must be a whole number from 10 to 100,000', 'Try 5,000 for a few thousand texts.'), code: 'bad-vocab' });
    }
    if (text.pretrained) {
      const loaded = deserializeTokenizer(text.pretrained.json);
      if (!loaded.ok) out.push({ ...problem(`The tokenizer file "${text.pretrained.fileName}" cannot be used: ${loaded.error.message}`, loaded.error.hint ?? 'Choose a Hugging Face tokenizer.json with a BPE, WordPiece or WordLevel model, or train one here.'), code: 'bad-tokenizer' });
    }
    if (!Number.isInteger(text.maxLength) || text.maxLength < 1 || text.maxLength > 4096) {
      out.push({ ...problem('The maximum length must be a whole number from 1 to 4,096 tokens', 'Look at the length histogram: a length that covers most texts is a good choice.'), code: 'bad-max-length' });
    }
  }
  if (included.length === 0 && !text) {
    out.push({ ...problem('No column is used as an input', 'Turn on at least one column.'), code: 'no-features' });
  }
  for (const c of included) {
    if (!names.has(c.name)) {
      out.push({ ...problem(`Column "${c.name}" does not exist (any more)`, 'Turn it off or reset the feature settings.', { column: c.name }), code: 'missing-column' });
    }
    if (!Number.isInteger(c.categorical.topK) || c.categorical.topK < 1) {
      out.push({ ...problem(`"${c.name}" must keep at least 1 category`, 'Use a whole number such as 20.', { column: c.name }), code: 'bad-top-k' });
    }
  }
  const fractions = validateFractions(spec.split);
  if (!fractions.ok) out.push(fractions.error);
  return out;
}
