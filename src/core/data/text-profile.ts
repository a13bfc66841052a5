/**
 * The profile of a text column (and, optionally, of a label column beside it): how long the texts
 * are (characters and words: quartiles and a histogram), how many distinct words there are, the
 * most frequent words overall and per class (stop words and words without a letter left out),
 * duplicate texts, texts without any word, and which writing systems (scripts) appear.
 *
 * Words are the clean step's words (`wordRegex` in core/words/words.ts), lower-cased, with ’
 * read as '; stop words are stopwords-iso's list for `language` (English unless told). Characters
 * are code points (`charCount`). Very long columns are profiled on an evenly spaced sample of
 * TEXT_PROFILE_ROWS rows (`analysed` says how many); every count is then of that sample.
 */
import { charCount, wordRegex } from '../words/words';
import { stopWords } from '../words/stopwords';
import { histogramSorted, histogramWithBins, MAX_BINS, summarizeSorted, type HistogramBin } from './stats';
import { cellText, columnIndex, isMissing, type Table } from './table';

export const TEXT_PROFILE_ROWS = 100_000;
export const TOP_WORDS = 20;
export const TOP_CLASS_WORDS = 10;
export const MAX_PROFILE_CLASSES = 20;

export interface LengthSummary {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  histogram: HistogramBin[];
}

export interface WordCount {
  word: string;
  count: number;
}

export interface ClassWords {
  label: string;
  /** Texts (non-missing) with this label. */
  texts: number;
  words: WordCount[];
}

export interface ScriptCount {
  /** A Unicode script name (Latin, Cyrillic, Han …), 'Other letters' or 'Emoji'. */
  script: string;
  /** Characters (code points) of this script over all texts. */
  chars: number;
  /** Texts with at least one such character. */
  texts: number;
}

export interface TextProfile {
  column: string;
  /** The label column the per-class words are of, when one was given. */
  labelColumn?: string;
  rows: number;
  /** Rows looked at: all of them, or an evenly spaced sample of TEXT_PROFILE_ROWS. */
  analysed: number;
  /** Non-missing texts among the analysed rows. */
  texts: number;
  missing: number;
  /** Lengths in characters and in words (null when there is no text). */
  chars: LengthSummary | null;
  words: LengthSummary | null;
  totalWords: number;
  /** Distinct words (lower-cased), stop words included. */
  vocabulary: number;
  /** Texts with no word at all (only emoji, symbols or punctuation). */
  noWords: number;
  /** Texts identical to an earlier text. */
  duplicates: number;
  /** Most frequent words over all texts, stop words and words without a letter left out. */
  topWords: WordCount[];
  /** Per class, most frequent classes first (at most MAX_PROFILE_CLASSES). */
  classes?: ClassWords[];
  /** Classes not shown in `classes`. */
  otherClasses?: number;
  /** Scripts present, most characters first. */
  scripts: ScriptCount[];
  stopWordLanguage: string;
}

/** Scripts told apart, in this order; letters of any other script count as 'Other letters'. */
export const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Thai',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Han',
  'Armenian',
  'Georgian',
  'Ethiopic',
] as const;
const SCRIPT_NAMES: readonly string[] = [...SCRIPTS, 'Other letters', 'Emoji'];
const SCRIPT_SOURCE = [...SCRIPTS.map((s) => String.raw`(\p{Script=${s}}+)`), String.raw`(\p{L}+)`, String.raw`(\p{Extended_Pictographic}+)`].join('|');

export interface TextProfileOptions {
  labelColumn?: string;
  /** ISO 639-1 code of the stop-word list; 'en' unless told. */
  language?: string;
  /** Rows to look at, at most (tests use small values). */
  maxRows?: number;
}

const normalizeWord = (w: string): string => w.toLowerCase().replace(/’/g, "'");
const HAS_LETTER = /\p{L}/u;

function lengthSummary(values: number[]): LengthSummary | null {
  const sorted = Float64Array.from(values).sort();
  const s = summarizeSorted(sorted);
  if (!s) return null;
  // Lengths are whole numbers: a narrow range gets one bin per length ([k, k + 1)), a wide one the usual bins.
  const range = s.max - s.min;
  const histogram = range < MAX_BINS ? histogramWithBins(sorted, s.min, s.max + 1, range + 1) : histogramSorted(sorted);
  return { min: s.min, q1: s.q1, median: s.median, q3: s.q3, max: s.max, mean: s.mean, histogram };
}

function topOf(counts: Map<string, number>, stop: ReadonlySet<string>, n: number): WordCount[] {
  const out: WordCount[] = [];
  for (const [word, count] of counts) {
    if (stop.has(word) || !HAS_LETTER.test(word)) continue;
    out.push({ word, count });
  }
  // Most frequent first; ties in alphabetical order so the result does not depend on text order.
  out.sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return out.slice(0, n);
}

/** Profiles `column` of `table`; undefined when there is no such column. */
export function profileText(table: Table, column: string, options: TextProfileOptions = {}): TextProfile | undefined {
  const ci = columnIndex(table, column);
  if (ci < 0) return undefined;
  const col = table.columns[ci]!;
  const li = options.labelColumn !== undefined && options.labelColumn !== column ? columnIndex(table, options.labelColumn) : -1;
  const labelCol = li >= 0 ? table.columns[li]! : undefined;
  const language = options.language ?? 'en';
  const stop = stopWords(language);

  const rows = table.rowCount;
  const limit = Math.max(1, options.maxRows ?? TEXT_PROFILE_ROWS);
  const analysed = Math.min(rows, limit);
  const step = rows / analysed;

  const charLengths: number[] = [];
  const wordLengths: number[] = [];
  const counts = new Map<string, number>();
  const classCounts = new Map<string, { texts: number; counts: Map<string, number> }>();
  const seen = new Set<string>();
  const scriptChars = new Array<number>(SCRIPT_NAMES.length).fill(0);
  const scriptTexts = new Array<number>(SCRIPT_NAMES.length).fill(0);
  const inText = new Uint8Array(SCRIPT_NAMES.length);
  const words = wordRegex();
  const scripts = new RegExp(SCRIPT_SOURCE, 'gu');
  let missing = 0;
  let totalWords = 0;
  let noWords = 0;
  let duplicates = 0;

  for (let k = 0; k < analysed; k++) {
    const r = Math.floor(k * step);
    if (isMissing(col, r)) {
      missing++;
      continue;
    }
    const text = cellText(col, r);
    if (seen.has(text)) duplicates++;
    else seen.add(text);
    charLengths.push(charCount(text));

    let cls: Map<string, number> | undefined;
    if (labelCol && !isMissing(labelCol, r)) {
      const label = cellText(labelCol, r);
      let entry = classCounts.get(label);
      if (!entry) classCounts.set(label, (entry = { texts: 0, counts: new Map() }));
      entry.texts++;
      cls = entry.counts;
    }
    let n = 0;
    words.lastIndex = 0;
    for (let m = words.exec(text); m !== null; m = words.exec(text)) {
      n++;
      const w = normalizeWord(m[0]);
      counts.set(w, (counts.get(w) ?? 0) + 1);
      if (cls) cls.set(w, (cls.get(w) ?? 0) + 1);
    }
    wordLengths.push(n);
    totalWords += n;
    if (n === 0) noWords++;

    inText.fill(0);
    scripts.lastIndex = 0;
    for (let m = scripts.exec(text); m !== null; m = scripts.exec(text)) {
      for (let g = 1; g < m.length; g++) {
        if (m[g] === undefined) continue;
        scriptChars[g - 1]! += charCount(m[g]!);
        inText[g - 1] = 1;
        break;
      }
    }
    for (let g = 0; g < inText.length; g++) scriptTexts[g]! += inText[g]!;
  }

  const profile: TextProfile = {
    column,
    rows,
    analysed,
    texts: analysed - missing,
    missing,
    chars: lengthSummary(charLengths),
    words: lengthSummary(wordLengths),
    totalWords,
    vocabulary: counts.size,
    noWords,
    duplicates,
    topWords: topOf(counts, stop, TOP_WORDS),
    scripts: SCRIPT_NAMES.map((script, g) => ({ script, chars: scriptChars[g]!, texts: scriptTexts[g]! }))
      .filter((s) => s.chars > 0)
      .sort((a, b) => b.chars - a.chars),
    stopWordLanguage: language,
  };
  if (labelCol) {
    const ordered = [...classCounts].sort((a, b) => b[1].texts - a[1].texts || (a[0] < b[0] ? -1 : 1));
    profile.labelColumn = options.labelColumn;
    profile.classes = ordered.slice(0, MAX_PROFILE_CLASSES).map(([label, e]) => ({ label, texts: e.texts, words: topOf(e.counts, stop, TOP_CLASS_WORDS) }));
    profile.otherClasses = Math.max(0, ordered.length - MAX_PROFILE_CLASSES);
  }
  return profile;
}
