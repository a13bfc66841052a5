/**
 * The target column: what the model will learn to predict, and which task that implies.
 */
import type { ColumnType, TaskKind } from './schema';
import { columnIndex, type Table } from './table';
import { assert } from '../util/assert';
import { parseNumber } from './infer-type';
import { profileColumn } from './profile';
import { countValues, type HistogramBin, type NumericSummary } from './stats';

/** A numeric target with at most this many distinct whole numbers may be classes. */
export const MAX_INTEGER_CLASSES = 20;
/** … when each class appears, on average, at least this often. */
const MIN_ROWS_PER_CLASS = 5;

export interface ClassShare {
  value: string;
  count: number;
  /** count / non-missing cells. */
  fraction: number;
}

export interface TargetSummary {
  column: string;
  type: ColumnType;
  /** The proposed task; null when the column cannot be a target (identifier, text, date, empty). */
  task: TaskKind | null;
  /** One sentence a student understands, e.g. "12 distinct whole numbers: looks like classes". */
  reason: string;
  missing: number;
  /** Classification: every class, most frequent first. */
  classes?: ClassShare[];
  /** Regression: the numeric summary and histogram. */
  numeric?: NumericSummary | null;
  histogram?: HistogramBin[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summarizeTarget(table: Table, columnName: string, type: ColumnType): TargetSummary {
  const j = columnIndex(table, columnName);
  assert(j >= 0, `target column ${columnName} exists`);
  const col = table.columns[j]!;
  const base = { column: columnName, type };
  // Every class for categories; for numbers, enough to tell whether they are few classes.
  const limit = type === 'categorical' || type === 'boolean' ? Infinity : MAX_INTEGER_CLASSES + 1;
  const { top: counts, distinct, present } = countValues(col, limit);
  const missing = table.rowCount - present;
  const classes = (): ClassShare[] => counts.map((c) => ({ ...c, fraction: c.count / present }));

  if (present === 0) return { ...base, task: null, missing, reason: 'Every value is missing, so there is nothing to learn.' };
  if (distinct === 1 && (type === 'numeric' || type === 'categorical' || type === 'boolean')) {
    return { ...base, task: null, missing, reason: `Every row has the same value (${counts[0]!.value}), so there is nothing to predict.` };
  }
  switch (type) {
    case 'boolean':
      return { ...base, task: 'classification', missing, classes: classes(), reason: 'Two values (yes/no): predict a class.' };
    case 'categorical':
      return {
        ...base,
        task: 'classification',
        missing,
        classes: classes(),
        reason:
          counts.length > 50
            ? `${counts.length} categories: classification, but that many classes needs a lot of data.`
            : `${plural(counts.length, 'category', 'categories')}: predict a class.`,
      };
    case 'numeric': {
      const wholeNumbers = counts.every((c) => Number.isInteger(parseNumber(c.value) ?? NaN));
      const k = distinct;
      if (wholeNumbers && k <= MAX_INTEGER_CLASSES && present >= MIN_ROWS_PER_CLASS * k) {
        return { ...base, task: 'classification', missing, classes: classes(), reason: `${k} distinct whole numbers: looks like classes.` };
      }
      const profile = profileColumn(col, 'numeric');
      return {
        ...base,
        task: 'regression',
        missing,
        numeric: profile.numeric ?? null,
        histogram: profile.histogram ?? [],
        reason: `Numbers with ${plural(k, 'distinct value')}: predict a number (regression).`,
      };
    }
    case 'identifier':
      return { ...base, task: null, missing, reason: 'An identifier is different on every row, so it cannot be predicted.' };
    case 'text':
      return { ...base, task: null, missing, reason: 'Free text is not a target for a tabular model; pick a category or a number.' };
    case 'date':
      return { ...base, task: null, missing, reason: 'Dates are not a target here; pick a category or a number.' };
  }
}
