/**
 * Easy Data Augmentation (Wei & Zou 2019, "EDA: Easy Data Augmentation Techniques for Boosting
 * Performance on Text Classification Tasks"): four cheap edits that make new training texts
 * which mostly keep their label. With n = max(1, ⌊α · words⌋):
 * - synonym replacement (SR): n distinct non-stop words with a synonym are replaced by one;
 * - random insertion (RI): n times, a synonym of a random non-stop word goes in at a random place;
 * - random swap (RS): n times, two random words change places;
 * - random deletion (RD): each word goes with probability α (at least one word stays).
 * Unlike the paper's code we do not lower-case or strip punctuation first: the texts come out of
 * the cleaning recipe already, and the edits should not change their style. Words are the
 * whitespace-separated tokens; punctuation glued to a word ("movie,") stays around its synonym.
 * Every function draws from the seeded rng it is given, so the same seed gives the same texts.
 * Augment the training split only (the caller's job): augmented copies of a test text would leak.
 */
import { stopWords } from '../words/stopwords';
import type { Rng } from '../util/rng';
import { createRng } from '../util/rng';

/** Synonyms of a lower-case word (the word itself and an empty list are fine: both are ignored). */
export type Thesaurus = (word: string) => readonly string[];

export const EDA_OPS = ['synonym', 'insert', 'swap', 'delete'] as const;
export type EdaOp = (typeof EDA_OPS)[number];

const EDGE_PUNCT = /^(\p{P}*)(.*?)(\p{P}*)$/su;

interface Token {
  lead: string;
  word: string;
  trail: string;
}

const tokenize = (text: string): Token[] =>
  text.split(/\s+/).filter((t) => t !== '').map((t) => {
    const m = EDGE_PUNCT.exec(t)!;
    return { lead: m[1]!, word: m[2]!, trail: m[3]! };
  });

const join = (tokens: readonly Token[]): string => tokens.map((t) => t.lead + t.word + t.trail).join(' ');

const editCount = (words: number, alpha: number): number => Math.max(1, Math.floor(alpha * words));

/** "Quick" → "Fast": a replacement takes the capital of the word it replaces. */
function matchCase(model: string, word: string): string {
  const first = model.charAt(0);
  return first !== first.toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

function synonymsOf(word: string, thesaurus: Thesaurus): string[] {
  const key = word.toLowerCase();
  return [...new Set(thesaurus(key).filter((s) => s !== '' && s.toLowerCase() !== key))];
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const isCandidate = (word: string, stop: ReadonlySet<string>) => /\p{L}/u.test(word) && !stop.has(word.toLowerCase());

export interface WordOptions {
  thesaurus: Thesaurus;
  /** Words never replaced or used as a source of insertions; English stop words by default. */
  stopWords?: ReadonlySet<string>;
}

export function synonymReplacement(text: string, alpha: number, rng: Rng, opts: WordOptions): string {
  const tokens = tokenize(text);
  const stop = opts.stopWords ?? stopWords('en');
  const n = editCount(tokens.length, alpha);
  // As the paper: distinct candidate words in random order; every occurrence of a chosen word changes.
  const words = shuffle([...new Set(tokens.filter((t) => isCandidate(t.word, stop)).map((t) => t.word.toLowerCase()))], rng);
  let replaced = 0;
  for (const word of words) {
    if (replaced >= n) break;
    const syns = synonymsOf(word, opts.thesaurus);
    if (syns.length === 0) continue;
    const pick = syns[rng.int(syns.length)]!;
    for (const t of tokens) if (t.word.toLowerCase() === word) t.word = matchCase(t.word, pick);
    replaced++;
  }
  return join(tokens);
}

export function randomInsertion(text: string, alpha: number, rng: Rng, opts: WordOptions): string {
  const tokens = tokenize(text);
  const stop = opts.stopWords ?? stopWords('en');
  const n = editCount(tokens.length, alpha);
  const sources = tokens.filter((t) => isCandidate(t.word, stop)).map((t) => t.word);
  for (let k = 0; k < n && sources.length > 0; k++) {
    // The paper tries 10 random words for one that has a synonym.
    for (let attempt = 0; attempt < 10; attempt++) {
      const syns = synonymsOf(sources[rng.int(sources.length)]!, opts.thesaurus);
      if (syns.length === 0) continue;
      const word = syns[rng.int(syns.length)]!;
      tokens.splice(rng.int(tokens.length + 1), 0, { lead: '', word, trail: '' });
      break;
    }
  }
  return join(tokens);
}

export function randomSwap(text: string, alpha: number, rng: Rng): string {
  const tokens = tokenize(text);
  if (tokens.length < 2) return join(tokens);
  for (let k = editCount(tokens.length, alpha); k > 0; k--) {
    const i = rng.int(tokens.length);
    let j = rng.int(tokens.length - 1);
    if (j >= i) j++; // a different position, drawn uniformly
    [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
  }
  return join(tokens);
}

export function randomDeletion(text: string, p: number, rng: Rng): string {
  const tokens = tokenize(text);
  if (tokens.length < 2) return join(tokens);
  const kept = tokens.filter(() => rng.next() >= p);
  return kept.length > 0 ? join(kept) : join([tokens[rng.int(tokens.length)]!]);
}

export interface AugmentOptions {
  /** New texts per input text (the paper suggests 16 for ~500 examples, 4 for 5,000+). */
  perExample: number;
  /** Share of words changed (the paper's α; 0.1 is its recommendation). */
  alpha: number;
  seed: number;
  /** Which edits to use; each new text uses one, drawn at random. Default: all four. */
  ops?: readonly EdaOp[];
  /** Needed by 'synonym' and 'insert'; without one those edits are skipped. */
  thesaurus?: Thesaurus;
  stopWords?: ReadonlySet<string>;
}

const MAX_ATTEMPTS = 10;

export interface Augmented<L> {
  texts: string[];
  labels: L[];
  /** Index of the input text each new text was made from. */
  source: number[];
}

/**
 * New (text, label) pairs for the training split: `perExample` edits of each text, each with an
 * edit drawn at random. An edit that changes nothing (no synonym known, a one-word text) is
 * retried (up to MAX_ATTEMPTS times, with a new random edit) and then dropped: an unchanged copy is oversampling, not augmentation.
 * Missing texts are skipped. The inputs themselves are not repeated in the output.
 */
export function augmentTexts<L>(texts: readonly (string | null)[], labels: readonly L[], opts: AugmentOptions): Augmented<L> {
  if (texts.length !== labels.length) throw new Error(`${texts.length} texts but ${labels.length} labels`);
  const ops = (opts.ops ?? EDA_OPS).filter((op) => opts.thesaurus || (op !== 'synonym' && op !== 'insert'));
  const out: Augmented<L> = { texts: [], labels: [], source: [] };
  if (ops.length === 0 || opts.perExample <= 0) return out;
  const rng = createRng(opts.seed);
  const words: WordOptions = { thesaurus: opts.thesaurus ?? (() => []), stopWords: opts.stopWords };
  const edit = (text: string, op: EdaOp): string => {
    switch (op) {
      case 'synonym':
        return synonymReplacement(text, opts.alpha, rng, words);
      case 'insert':
        return randomInsertion(text, opts.alpha, rng, words);
      case 'swap':
        return randomSwap(text, opts.alpha, rng);
      case 'delete':
        return randomDeletion(text, opts.alpha, rng);
    }
  };
  texts.forEach((text, i) => {
    if (text === null || text.trim() === '') return;
    const made = new Set<string>([join(tokenize(text))]);
    for (let k = 0; k < opts.perExample; k++) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const t = edit(text, ops[rng.int(ops.length)]!);
        if (made.has(t)) continue;
        made.add(t);
        out.texts.push(t);
        out.labels.push(labels[i]!);
        out.source.push(i);
        break;
      }
    }
  });
  return out;
}
