/**
 * Text columns as model inputs. One text input per feature spec: its columns (e.g. subject and
 * body) are joined with a newline, tokenized by a tokenizer trained on the TRAINING rows only, and
 * become either
 * - 'tfidf': a bag of words, as scikit-learn's TfidfVectorizer with its defaults: raw counts ×
 *   smooth idf = ln((1 + n) / (1 + df)) + 1, then each row scaled to unit L2 norm. One feature
 *   per vocabulary entry (special tokens excluded). Concatenated after the tabular features, so
 *   any 'vector' model (logistic regression, MLP, trees) can read it.
 * - 'tokens': the first `maxLength` token ids, pad id 0 after the text ('tokens' models: an
 *   embedding first). Tabular columns are not used in this mode.
 * The trained tokenizer travels inside the fitted encoders as JSON (tokenizer.json when it has a
 * Hugging Face equivalent), so predictions after import tokenize exactly as training did.
 */
import { cellText, type Table } from '../data/table';
import { deserializeTokenizer, encodeIds, serializeTokenizer, trainTokenizer, type Tokenizer, type TokenizerSpec, type TrainControl } from '../text';
import { assert } from '../util/assert';

export type TextRepresentation = 'tfidf' | 'tokens';

export interface TextSettings {
  /** Text columns, joined with a newline in this order. */
  columns: string[];
  representation: TextRepresentation;
  tokenizer: TokenizerSpec;
  /** 'tokens': ids kept per text (longer texts are cut). */
  maxLength: number;
  /**
   * A loaded tokenizer file (Hugging Face tokenizer.json, or the studio's own JSON) used as is
   * instead of training one; `tokenizer` then only describes it for the form.
   */
  pretrained?: { fileName: string; json: unknown };
}

export interface FittedText {
  columns: string[];
  representation: TextRepresentation;
  maxLength: number;
  /** serializeTokenizer's JSON. */
  tokenizer: unknown;
  /** 'tfidf': the token id of each feature, and its idf. */
  ids?: number[];
  idf?: number[];
  /** Tokenizer vocabulary size (model embedding rows for 'tokens'). */
  vocabSize: number;
}

export const DEFAULT_TEXT: Omit<TextSettings, 'columns'> = {
  representation: 'tfidf',
  tokenizer: { kind: 'word', vocabSize: 5000, lowercase: true, ngrams: 2 },
  maxLength: 128,
};

/** The joined text of each row ('' when every column is missing). */
export function gatherTexts(table: Table, columns: readonly string[], rows: ArrayLike<number>): string[] {
  const cols = columns.map((name) => table.columns.find((c) => c.name === name));
  const out = new Array<string>(rows.length);
  for (let k = 0; k < rows.length; k++) {
    let s = '';
    for (const col of cols) {
      if (!col) continue;
      const t = cellText(col, rows[k]!);
      if (t !== '') s = s === '' ? t : `${s}\n${t}`;
    }
    out[k] = s;
  }
  return out;
}

function loadPretrained(json: unknown): Tokenizer {
  const r = deserializeTokenizer(json);
  // validateFeatureSpec reports a file that does not load before anything is fitted.
  assert(r.ok, `the tokenizer file does not load: ${r.ok ? '' : r.error.message}`);
  return r.value;
}

/** Ids a bag of words ignores: the tokenizer's special tokens (padding, unknown, …). */
function specialIds(tok: Tokenizer): Set<number> {
  const out = new Set<number>();
  for (const t of Object.values(tok.specials)) {
    const id = t === undefined ? undefined : tok.vocab.id(t);
    if (id !== undefined) out.add(id);
  }
  out.add(0);
  return out;
}

export function fitText(table: Table, settings: TextSettings, trainRows: Uint32Array, control?: TrainControl): FittedText {
  const texts = gatherTexts(table, settings.columns, trainRows);
  const tok = settings.pretrained ? loadPretrained(settings.pretrained.json) : trainTokenizer(texts, settings.tokenizer, control);
  const base: FittedText = {
    columns: [...settings.columns],
    representation: settings.representation,
    maxLength: settings.maxLength,
    tokenizer: serializeTokenizer(tok),
    vocabSize: tok.vocab.size,
  };
  if (settings.representation === 'tokens') return remember(base, tok);
  const skip = specialIds(tok);
  const df = new Float64Array(tok.vocab.size);
  for (const text of texts) {
    for (const id of new Set(tok.ids(text))) df[id]! += 1;
  }
  const ids: number[] = [];
  const idf: number[] = [];
  const n = texts.length;
  for (let id = 0; id < tok.vocab.size; id++) {
    if (skip.has(id)) continue;
    ids.push(id);
    idf.push(Math.log((1 + n) / (1 + df[id]!)) + 1);
  }
  return remember({ ...base, ids, idf }, tok);
}

export const textWidth = (t: FittedText): number => (t.representation === 'tokens' ? t.maxLength : (t.ids?.length ?? 0));

export function textFeatureNames(t: FittedText): string[] {
  if (t.representation === 'tokens') return Array.from({ length: t.maxLength }, (_, i) => `token ${i + 1}`);
  const tok = loadTokenizer(t);
  return (t.ids ?? []).map((id) => `“${tok.vocab.token(id) ?? id}”`);
}

// Deserialising a 20k-entry vocabulary costs milliseconds: once per fitted object, not per row
// (a playground predicts on every keystroke).
// The TF-IDF slot of each token id (−1: not a feature) is kept beside it.
interface Loaded {
  tok: Tokenizer;
  slotOf?: Int32Array;
}
const cache = new WeakMap<object, Loaded>();

/** The fitted object knows its tokenizer already: no parse of what was just serialised. */
function remember(t: FittedText, tok: Tokenizer): FittedText {
  cache.set(t, { tok });
  return t;
}

function loaded(t: FittedText): Loaded {
  const hit = cache.get(t);
  if (hit) return hit;
  const r = deserializeTokenizer(t.tokenizer);
  assert(r.ok, `the stored tokenizer does not load: ${r.ok ? '' : r.error.message}`);
  const entry = { tok: r.value };
  cache.set(t, entry);
  return entry;
}

export const loadTokenizer = (t: FittedText): Tokenizer => loaded(t).tok;

function slotsOf(t: FittedText): Int32Array {
  const entry = loaded(t);
  if (!entry.slotOf) {
    entry.slotOf = new Int32Array(t.vocabSize).fill(-1);
    (t.ids ?? []).forEach((id, j) => (entry.slotOf![id] = j));
  }
  return entry.slotOf;
}

/** Writes the text features of `rows` into x (row stride `stride`, starting at column `offset`). */
export function encodeText(t: FittedText, table: Table, rows: Uint32Array, x: Float32Array, stride: number, offset: number): void {
  encodeTextStrings(t, gatherTexts(table, t.columns, rows), x, stride, offset);
}

/** The same for texts that are not in a table (augmented training texts): row k of x is texts[k]. */
export function encodeTextStrings(t: FittedText, texts: readonly string[], x: Float32Array, stride: number, offset: number): void {
  const tok = loadTokenizer(t);
  if (t.representation === 'tokens') {
    const ids = new Float32Array(t.maxLength);
    for (let k = 0; k < texts.length; k++) {
      encodeIds(tok, texts[k]!, t.maxLength, ids, 0);
      x.set(ids, k * stride + offset);
    }
    return;
  }
  const slotOf = slotsOf(t);
  const idf = t.idf ?? [];
  const counts = new Float64Array(idf.length);
  const touched: number[] = [];
  for (let k = 0; k < texts.length; k++) {
    touched.length = 0;
    for (const id of tok.ids(texts[k]!)) {
      const slot = id < slotOf.length ? slotOf[id]! : -1;
      if (slot < 0) continue;
      if (counts[slot] === 0) touched.push(slot);
      counts[slot]! += 1;
    }
    let norm = 0;
    for (const slot of touched) {
      counts[slot] = counts[slot]! * idf[slot]!;
      norm += counts[slot]! * counts[slot]!;
    }
    norm = Math.sqrt(norm) || 1;
    const base = k * stride + offset;
    // The row's text features start at zero even when x is reused (augmented rows are copies of others).
    x.fill(0, base, base + idf.length);
    for (const slot of touched) {
      x[base + slot] = counts[slot]! / norm;
      counts[slot] = 0;
    }
  }
}
