/**
 * The data worker's `text-examples` job (inside a text classifier, issue 16 §3): model inputs
 * for typed texts (recipe in predict mode, as a prediction) or for rows of the cleaned table
 * (the test split, for the embedding view), with each token id's text and each row's text.
 */
import type { ColumnSchema } from '../core/data/schema';
import type { Table } from '../core/data/table';
import type { Recipe } from '../core/clean/recipe';
import type { FittedEncoders } from '../core/features/fit';
import { encodeRecords } from '../core/features/encode-records';
import { encodeRows, encodeTarget } from '../core/features/encode';
import { gatherTexts, loadTokenizer } from '../core/features/text';
import type { TextExamples } from '../core/jobs/inspect';

export type TextExamplesSource =
  | { kind: 'records'; records: Record<string, string>[]; rawSchema: ColumnSchema[]; recipe: Recipe }
  | { kind: 'rows'; rows: number[] };

/** At most this many rows (the embedding view draws them all). */
export const MAX_EXAMPLES = 600;

export function textExamples(fitted: FittedEncoders, source: TextExamplesSource, table: Table | undefined): TextExamples {
  const text = fitted.text;
  if (!text || text.representation !== 'tokens') throw new Error('This model does not read its text as a token sequence');
  const tok = loadTokenizer(text);
  const features = fitted.featureNames.length;
  let x: Float32Array;
  let texts: string[];
  let y: number[];
  if (source.kind === 'records') {
    const records = source.records.slice(0, MAX_EXAMPLES);
    x = encodeRecords(records, source.rawSchema, source.recipe, fitted, table).x;
    texts = records.map((r) => text.columns.map((c) => r[c] ?? '').filter((s) => s !== '').join(' '));
    y = records.map(() => -1);
  } else {
    if (!table) throw new Error('The cleaned table is not loaded');
    const rows = Uint32Array.from(source.rows.slice(0, MAX_EXAMPLES));
    x = encodeRows(table, fitted, rows).x;
    texts = gatherTexts(table, text.columns, rows);
    y = Array.from(encodeTarget(table, fitted, rows));
  }
  const n = texts.length;
  const labels = new Map<number, string>();
  const label = (id: number) => {
    if (id === 0) return '';
    let s = labels.get(id);
    // decode() drops some pieces (a word n-gram decodes to ''): the vocabulary's own string then.
    if (s === undefined) labels.set(id, (s = tok.decode([id]) || tok.vocab.tokens[id] || `#${id}`));
    return s;
  };
  const tokens = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * features, (i + 1) * features), label));
  return { x, n, features, tokens, texts, y };
}
