import { err, ok, problem, type Result } from '../util/result';
import type { HfTokenizerJson } from './hf-json-types';
import { normalize, normalizeString, originalSpan, type NormalizerStep } from './normalize';
import { preTokenize, type PreTokenizerSpec } from './pre-tokenize';
import type { DecodeOptions, Encoding, SpecialTokens, Tokenizer } from './types';
import { Vocab } from './vocab';

/**
 * Word tokenizer with n-grams (2 or 3). Hugging Face tokenizer.json has no n-gram model, so it
 * is saved as studio JSON:
 *   { format: 'ml-studio-tokenizer', version: 1, kind: 'word', ngrams: 2 | 3, lowercase: boolean,
 *     vocab: string[] }   // vocab[id] = token; [PAD] = 0, [UNK] = 1; an n-gram is its words
 *                         // joined by one space (words never contain whitespace)
 * Words are split exactly as the 1-gram word tokenizer does (WORD_SPLIT_REGEX).
 * encode gives the words in order (unknown ones as [UNK]), then the known bigrams in order, then
 * the known trigrams: truncation drops n-grams first. Unknown n-grams are left out rather than
 * becoming [UNK], since most n-grams of a new text are unseen. decode shows the words only.
 */
export const STUDIO_FORMAT = 'ml-studio-tokenizer';

/** Unicode words (letters, marks, numbers, connector punctuation) or runs of other non-space. */
export const WORD_SPLIT_REGEX = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]+|[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\p{White_Space}]+';
export const WORD_SPLIT: PreTokenizerSpec = { type: 'Split', pattern: WORD_SPLIT_REGEX, isRegex: true, behavior: 'Removed', invert: true };

export interface StudioWordJson {
  format: typeof STUDIO_FORMAT;
  version: 1;
  kind: 'word';
  ngrams: 2 | 3;
  lowercase: boolean;
  vocab: string[];
}

export class NgramWordTokenizer implements Tokenizer {
  readonly kind = 'word' as const;
  readonly vocab: Vocab;
  readonly specials: SpecialTokens = { pad: '[PAD]', unk: '[UNK]' };
  private readonly steps: NormalizerStep[];

  constructor(
    tokens: readonly string[],
    readonly ngrams: 2 | 3,
    readonly lowercase: boolean,
  ) {
    this.vocab = new Vocab(tokens);
    this.steps = lowercase ? [{ type: 'Lowercase' }] : [];
  }

  /** The word pieces of `text`, and the n-gram strings of size n (for the trainer too). */
  static grams(words: readonly string[], n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
    return out;
  }

  encode(text: string): Encoding {
    const norm = normalize(text, this.steps);
    const pieces = preTokenize(WORD_SPLIT, norm.text);
    const enc: Encoding = { ids: [], tokens: [], offsets: [] };
    const words = pieces.map((p) => p.text);
    for (let n = 1; n <= this.ngrams; n++) {
      NgramWordTokenizer.grams(words, n).forEach((gram, i) => {
        const id = this.vocab.id(gram) ?? (n === 1 ? 1 : undefined);
        if (id === undefined) return;
        const first = pieces[i] as { start: number };
        const last = pieces[i + n - 1] as { start: number; text: string };
        enc.ids.push(id);
        enc.tokens.push(this.vocab.token(id) as string);
        enc.offsets.push(originalSpan(norm, first.start, last.start + last.text.length));
      });
    }
    return enc;
  }

  ids(text: string): number[] {
    const words = preTokenize(WORD_SPLIT, normalizeString(text, this.steps)).map((p) => p.text);
    const ids: number[] = [];
    for (let n = 1; n <= this.ngrams; n++) {
      for (const gram of NgramWordTokenizer.grams(words, n)) {
        const id = this.vocab.id(gram) ?? (n === 1 ? 1 : undefined);
        if (id !== undefined) ids.push(id);
      }
    }
    return ids;
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const words: string[] = [];
    for (const id of ids) {
      const t = this.vocab.token(id);
      if (t === undefined || t.includes(' ') || (options.skipSpecialTokens && id < 2)) continue;
      words.push(t);
    }
    return words.join(' ');
  }

  toHfJson(): Result<HfTokenizerJson> {
    return err(problem('Word n-grams have no Hugging Face tokenizer.json form.', 'It is saved in the studio’s own format; choose 1-grams for a tokenizer.json.'));
  }

  toJson(): StudioWordJson {
    return { format: STUDIO_FORMAT, version: 1, kind: 'word', ngrams: this.ngrams, lowercase: this.lowercase, vocab: [...this.vocab.tokens] };
  }
}

const MAX_VOCAB = 1_000_000;

/** Reads the studio JSON written by toJson; every field is checked. */
export function fromStudioJson(json: Record<string, unknown>): Result<Tokenizer> {
  const bad = (message: string) => err({ ...problem(message, 'Save the tokenizer again from the studio.'), code: 'bad-tokenizer' });
  if (json.version !== 1) return bad(`This studio tokenizer has version ${String(json.version)}; this studio reads version 1.`);
  if (json.kind !== 'word') return bad('A studio tokenizer must be of kind "word".');
  if (json.ngrams !== 2 && json.ngrams !== 3) return bad('ngrams must be 2 or 3.');
  if (typeof json.lowercase !== 'boolean') return bad('lowercase must be true or false.');
  const vocab = json.vocab;
  if (!Array.isArray(vocab) || vocab.length < 2 || vocab.length > MAX_VOCAB) return bad(`vocab must be a list of 2 to ${MAX_VOCAB} tokens.`);
  if (!vocab.every((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= 1000)) return bad('Every vocab entry must be a non-empty string of at most 1,000 characters.');
  if (vocab[0] !== '[PAD]' || vocab[1] !== '[UNK]') return bad('vocab must start with [PAD] and [UNK].');
  if (new Set(vocab).size !== vocab.length) return bad('vocab lists a token twice.');
  return ok(new NgramWordTokenizer(vocab, json.ngrams, json.lowercase));
}
