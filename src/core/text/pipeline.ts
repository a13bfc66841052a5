import { ok, type Result } from '../util/result';
import { byteToCharOffsets, toByteLevel } from './byte-level';
import { decodeTokens, type DecoderSpec } from './decoders';
import type { HfTokenizerJson } from './hf-json-types';
import type { Model, ModelToken } from './models';
import { normalize, normalizeString, originalSpan, type Normalized, type NormalizerStep } from './normalize';
import { preTokenize, type PreTokenizerSpec } from './pre-tokenize';
import type { DecodeOptions, EncodeOptions, Encoding, SpecialTokens, Tokenizer, TokenizerKind } from './types';
import type { Vocab } from './vocab';

export interface AddedTokenSpec {
  id: number;
  content: string;
  special: boolean;
  /** Whitespace on that side of a match belongs to the token (HF lstrip / rstrip). */
  lstrip: boolean;
  rstrip: boolean;
}

/** What the post-processor puts around a single text (ids of special tokens). */
export interface PostSpec {
  before: number[];
  after: number[];
}

export interface PipelineParts {
  kind: TokenizerKind;
  /** Every id → token, added tokens included. */
  vocab: Vocab;
  model: Model;
  normalizer: NormalizerStep[];
  preTokenizer: PreTokenizerSpec | null;
  /** UTF-8 bytes become GPT-2 characters before the model (ByteLevel pre-tokenizer). */
  byteLevel: boolean;
  prefixSpace: boolean;
  added: AddedTokenSpec[];
  post: PostSpec | null;
  decoder: DecoderSpec | null;
  specials: SpecialTokens;
  /** The validated tokenizer.json this was built from, written back by toHfJson. */
  json: HfTokenizerJson;
}

interface Sink {
  ids: number[];
  tokens?: string[];
  offsets?: [number, number][];
}

/**
 * The character span of bytes [start, end): a token holding part of a character's UTF-8 bytes
 * gets the whole character, so its span is never empty (the next token then shares it).
 */
function charSpan(bytesToChars: readonly number[], start: number, end: number): [number, number] {
  const a = bytesToChars[start] as number;
  if (end <= start) return [a, a];
  const last = bytesToChars[end - 1] as number;
  let j = end;
  while (j < bytesToChars.length - 1 && bytesToChars[j] === last) j++;
  return [a, bytesToChars[j] as number];
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CACHE_LIMIT = 50_000;

/**
 * A tokenizer run as the HF pipeline: added tokens are split out of the raw text first, then
 * normalizer → pre-tokenizer → model per remaining segment, then the post-processor.
 * Added tokens are matched in the raw text, longest first (HF matches `normalized: true` ones
 * after normalizing; the tokenizers trained here write `normalized: false`), and `single_word`
 * is not honoured.
 */
export class PipelineTokenizer implements Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocab: Vocab;
  readonly specials: SpecialTokens;
  private readonly addedPattern: RegExp | null;
  private readonly addedByContent: Map<string, AddedTokenSpec>;
  private readonly specialIds: Set<number>;
  /** Raw piece → model tokens (byte-level: with byte spans; the piece → bytes step is costly). */
  private readonly pieceCache = new Map<string, ModelToken[]>();

  constructor(private readonly parts: PipelineParts) {
    this.kind = parts.kind;
    this.vocab = parts.vocab;
    this.specials = parts.specials;
    this.addedByContent = new Map(parts.added.map((a) => [a.content, a]));
    this.specialIds = new Set(parts.added.filter((a) => a.special).map((a) => a.id));
    const contents = parts.added.map((a) => a.content).filter((c) => c.length > 0);
    contents.sort((a, b) => b.length - a.length);
    this.addedPattern = contents.length > 0 ? new RegExp(contents.map(escapeRegex).join('|'), 'gu') : null;
  }

  encode(text: string, options: EncodeOptions = {}): Encoding {
    const sink = { ids: [] as number[], tokens: [] as string[], offsets: [] as [number, number][] };
    this.run(text, sink);
    if (options.addSpecialTokens && this.parts.post) {
      const { before, after } = this.parts.post;
      const tok = (id: number) => this.vocab.token(id) ?? '';
      sink.ids = [...before, ...sink.ids, ...after];
      sink.tokens = [...before.map(tok), ...sink.tokens, ...after.map(tok)];
      const none = (): [number, number] => [0, 0];
      sink.offsets = [...before.map(none), ...sink.offsets, ...after.map(none)];
    }
    return sink;
  }

  ids(text: string): number[] {
    const sink: Sink = { ids: [] };
    this.run(text, sink);
    return sink.ids;
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const tokens: string[] = [];
    for (const id of ids) {
      if (options.skipSpecialTokens && this.specialIds.has(id)) continue;
      const t = this.vocab.token(id);
      if (t !== undefined) tokens.push(t); // unknown ids are skipped, as the Rust crate does
    }
    return decodeTokens(this.parts.decoder, tokens);
  }

  toHfJson(): Result<HfTokenizerJson> {
    return ok(this.parts.json);
  }

  toJson(): unknown {
    return this.parts.json;
  }

  private run(text: string, sink: Sink): void {
    const re = this.addedPattern;
    if (!re) {
      this.segment(text, 0, sink);
      return;
    }
    let last = 0;
    re.lastIndex = 0; // matchAll starts where the shared regex was left
    for (const m of text.matchAll(re)) {
      if (m.index < last) continue; // inside whitespace an rstrip token took
      const added = this.addedByContent.get(m[0]) as AddedTokenSpec;
      let start = m.index;
      let end = start + m[0].length;
      if (added.lstrip) while (start > last && /\s/u.test(text[start - 1] as string)) start--;
      if (added.rstrip) while (end < text.length && /\s/u.test(text[end] as string)) end++;
      if (start > last) this.segment(text.slice(last, start), last, sink);
      sink.ids.push(added.id);
      sink.tokens?.push(added.content);
      sink.offsets?.push([start, end]);
      last = end;
    }
    if (last < text.length) this.segment(text.slice(last), last, sink);
  }

  /** One stretch of text between added tokens; `base` is its offset in the original text. */
  private segment(text: string, base: number, sink: Sink): void {
    const { normalizer, preTokenizer, model, byteLevel, prefixSpace } = this.parts;
    const aligned: Normalized | null = sink.offsets ? normalize(text, normalizer) : null;
    let s = aligned ? aligned.text : normalizeString(text, normalizer);
    // A prefix space (GPT-2 add_prefix_space) stands for nothing in the original: offset shift 1.
    const shift = prefixSpace && s.length > 0 && !/^\s/u.test(s) ? 1 : 0;
    if (shift) s = ` ${s}`;
    for (const piece of preTokenize(preTokenizer, s)) {
      let toks: ModelToken[];
      let bytesToChars: number[] | null = null;
      if (byteLevel) {
        let hit = this.pieceCache.get(piece.text);
        if (!hit) {
          hit = model.tokenizePiece(toByteLevel(piece.text));
          if (this.pieceCache.size >= CACHE_LIMIT) this.pieceCache.clear();
          this.pieceCache.set(piece.text, hit);
        }
        toks = hit;
        if (aligned) bytesToChars = byteToCharOffsets(piece.text);
      } else {
        // WordPiece's longest-match search is quadratic per word: the same cache (results are read, never changed).
        let hit = this.pieceCache.get(piece.text);
        if (!hit) {
          hit = model.tokenizePiece(piece.text);
          if (this.pieceCache.size >= CACHE_LIMIT) this.pieceCache.clear();
          this.pieceCache.set(piece.text, hit);
        }
        toks = hit;
      }
      for (const t of toks) {
        sink.ids.push(t.id);
        sink.tokens?.push(t.token);
        if (aligned && sink.offsets) {
          const [ta, tb] = bytesToChars ? charSpan(bytesToChars, t.start, t.end) : [t.start, t.end];
          const a = piece.start + ta - shift;
          const b = piece.start + tb - shift;
          const [x, y] = originalSpan(aligned, Math.max(0, a), Math.max(0, b));
          sink.offsets.push([base + x, base + y]);
        }
      }
    }
  }
}
