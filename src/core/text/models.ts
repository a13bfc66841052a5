import type { Vocab } from './vocab';

/**
 * Tokenizer models (HF `model` component). A model turns one pre-tokenized piece into tokens;
 * spans are [start, end) in the piece's own units (code units, or bytes for byte-level BPE).
 */
export type ModelSpec =
  | { type: 'BPE'; vocab: Vocab; merges: [string, string][]; unk: string | null; ignoreMerges: boolean }
  | { type: 'WordPiece'; vocab: Vocab; unk: string; prefix: string; maxInputCharsPerWord: number }
  | { type: 'WordLevel'; vocab: Vocab; unk: string };

export interface ModelToken {
  id: number;
  token: string;
  start: number;
  end: number;
}

export interface Model {
  spec: ModelSpec;
  tokenizePiece(piece: string): ModelToken[];
}

const PAIR = 2 ** 21;

export class BpeModel implements Model {
  private readonly ranks = new Map<number, { rank: number; id: number }>();
  private readonly cache = new Map<string, ModelToken[]>();
  private readonly unkId: number | undefined;

  constructor(readonly spec: Extract<ModelSpec, { type: 'BPE' }>) {
    const { vocab } = spec;
    spec.merges.forEach(([a, b], rank) => {
      const ia = vocab.id(a);
      const ib = vocab.id(b);
      const merged = vocab.id(a + b);
      if (ia === undefined || ib === undefined || merged === undefined) return;
      const key = ia * PAIR + ib;
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id: merged });
    });
    this.unkId = spec.unk === null ? undefined : vocab.id(spec.unk);
  }

  /** Standard BPE: repeatedly merge the adjacent pair of lowest rank, leftmost first. */
  tokenizePiece(piece: string): ModelToken[] {
    const hit = this.cache.get(piece);
    if (hit) return hit;
    const { vocab } = this.spec;
    const whole = this.spec.ignoreMerges ? vocab.id(piece) : undefined;
    let syms: ModelToken[] = [];
    if (whole !== undefined) syms = [{ id: whole, token: piece, start: 0, end: piece.length }];
    else {
      let at = 0;
      for (const ch of piece) {
        const id = vocab.id(ch) ?? this.unkId;
        if (id !== undefined) syms.push({ id, token: vocab.token(id) ?? ch, start: at, end: at + ch.length });
        at += ch.length;
      }
      for (;;) {
        let best = -1;
        let bestRank = Infinity;
        let bestId = 0;
        for (let i = 0; i + 1 < syms.length; i++) {
          const r = this.ranks.get((syms[i] as ModelToken).id * PAIR + (syms[i + 1] as ModelToken).id);
          if (r && r.rank < bestRank) {
            bestRank = r.rank;
            best = i;
            bestId = r.id;
          }
        }
        if (best < 0) break;
        const a = syms[best] as ModelToken;
        const b = syms[best + 1] as ModelToken;
        syms.splice(best, 2, { id: bestId, token: a.token + b.token, start: a.start, end: b.end });
      }
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(piece, syms);
    return syms;
  }
}

/** BERT WordPiece: greedy longest-match-first; a word with any unmatched rest is one [UNK]. */
export class WordPieceModel implements Model {
  /** Code points of the longest vocabulary entry: no longer substring can match, so the search starts there. */
  private readonly longest: number;

  constructor(readonly spec: Extract<ModelSpec, { type: 'WordPiece' }>) {
    let m = 0;
    for (const t of spec.vocab.tokens) m = Math.max(m, [...t].length);
    this.longest = m;
  }

  tokenizePiece(piece: string): ModelToken[] {
    const { vocab, unk, prefix, maxInputCharsPerWord } = this.spec;
    const unkToken = (): ModelToken[] => [{ id: vocab.id(unk) ?? 0, token: unk, start: 0, end: piece.length }];
    const chars = [...piece];
    if (chars.length > maxInputCharsPerWord) return unkToken();
    // Code-unit offset of each code point boundary.
    const at: number[] = [0];
    for (const c of chars) at.push((at[at.length - 1] as number) + c.length);
    const out: ModelToken[] = [];
    let i = 0;
    while (i < chars.length) {
      let found: ModelToken | null = null;
      const p = i > 0 ? prefix : '';
      // Same result as trying every j from the end: substrings longer than any entry are not in the vocabulary.
      for (let j = Math.min(chars.length, i + Math.max(0, this.longest - [...p].length)); j > i; j--) {
        const sub = p + chars.slice(i, j).join('');
        const id = vocab.id(sub);
        if (id !== undefined) {
          found = { id, token: sub, start: at[i] as number, end: at[j] as number };
          i = j;
          break;
        }
      }
      if (!found) return unkToken();
      out.push(found);
    }
    return out;
  }
}

export class WordLevelModel implements Model {
  constructor(readonly spec: Extract<ModelSpec, { type: 'WordLevel' }>) {}

  tokenizePiece(piece: string): ModelToken[] {
    const { vocab, unk } = this.spec;
    const id = vocab.id(piece);
    if (id !== undefined) return [{ id, token: piece, start: 0, end: piece.length }];
    return [{ id: vocab.id(unk) ?? 0, token: unk, start: 0, end: piece.length }];
  }
}

export function createModel(spec: ModelSpec): Model {
  switch (spec.type) {
    case 'BPE':
      return new BpeModel(spec);
    case 'WordPiece':
      return new WordPieceModel(spec);
    case 'WordLevel':
      return new WordLevelModel(spec);
  }
}
