/**
 * Stop-word removal with the stopwords-iso lists (core/words/stopwords.ts).
 * Words are matched case-insensitively (’ read as '), as the text profile splits them; removed
 * words take their surrounding spaces with them (the text's whitespace is collapsed and trimmed).
 * Languages written without spaces (zh, ja, th) only lose stop words that stand alone.
 * The English list is long (1,298 words, including "not", "no", "good", "great", "best", "like"):
 * words that matter for the task (negations and praise for sentiment) can be kept with `keep`.
 */
import { listNames } from './helpers';
import { problem } from '../util/result';
import { defineOp } from './op';
import { checkTextColumns, defaultTextColumns, rewriteTextColumns } from './text-helpers';
import { wordRegex } from '../words/words';
import { isStopWord, STOPWORD_LANGUAGES, stopWords } from '../words/stopwords';
import { collapseWhitespace } from './text-whitespace';

export interface StopwordsParams {
  columns: string[];
  language: string;
  /** Words to keep although the list has them, comma-separated (e.g. "not, no, never"). */
  keep?: string;
}

const keepSet = (keep: string): Set<string> =>
  new Set(keep.split(',').map((w) => w.trim().toLowerCase().replace(/’/g, "'")).filter((w) => w !== ''));

export function removeStopWords(s: string, set: ReadonlySet<string>, keep: ReadonlySet<string> = new Set()): string {
  let removed = false;
  const out = s.replace(wordRegex(), (w) => {
    if (!isStopWord(w, set) || keep.has(w.toLowerCase().replace(/’/g, "'"))) return w;
    removed = true;
    return '';
  });
  return removed ? collapseWhitespace(out) : s;
}

export const textStopwords = defineOp<StopwordsParams>({
  type: 'text-stopwords',
  label: 'Remove stop words',
  summary:
    'Removes very common words such as "the", "and", "is". The English list is long and also holds "not", "good" and "like": keep the words your task needs.',
  rowFilter: false,
  defaultParams: (ctx) => ({ columns: defaultTextColumns(ctx), language: 'en', keep: '' }),
  describe: (p) => `Remove ${p.language} stop words from ${listNames(p.columns)}`,
  validate: (p, ctx) => {
    const bad = checkTextColumns(ctx, p.columns);
    if (bad) return bad;
    if (!STOPWORD_LANGUAGES.includes(p.language)) return problem(`No stop-word list for language "${String(p.language)}"`);
    // A form may hand over a number for "keep" when a single numeral is typed; it is read as text.
    return ['string', 'number', 'undefined'].includes(typeof p.keep) ? null : problem('The words to keep are malformed');
  },
  apply: (p, _fitted, ctx) => {
    const set = stopWords(p.language);
    const keep = keepSet(String(p.keep ?? ''));
    return rewriteTextColumns(ctx, p.columns, (s) => removeStopWords(s, set, keep));
  },
});
