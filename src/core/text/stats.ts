import type { Tokenizer } from './types';

export interface TokenStats {
  /** Token count per text (before truncation). */
  lengths: number[];
  /** Share of texts with more than maxLength tokens. */
  truncationRate: number;
  /** Share of all tokens that are the unknown token (0 for tokenizers without one). */
  unkRate: number;
  /** Characters (UTF-16 code units) per token over all texts. */
  charsPerToken: number;
  /** Most frequent tokens, count descending, ties by id. */
  topTokens: { token: string; id: number; count: number }[];
}

export function tokenStats(t: Tokenizer, texts: readonly string[], maxLength: number, topN = 20): TokenStats {
  const unkId = t.specials.unk === undefined ? undefined : t.vocab.id(t.specials.unk);
  const counts = new Float64Array(t.vocab.size);
  const lengths: number[] = [];
  let truncated = 0;
  let unk = 0;
  let tokens = 0;
  let chars = 0;
  for (const text of texts) {
    const ids = t.ids(text);
    lengths.push(ids.length);
    if (ids.length > maxLength) truncated++;
    tokens += ids.length;
    chars += text.length;
    for (const id of ids) {
      counts[id] = (counts[id] ?? 0) + 1;
      if (id === unkId) unk++;
    }
  }
  const order: number[] = [];
  counts.forEach((c, id) => {
    if (c > 0) order.push(id);
  });
  order.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  return {
    lengths,
    truncationRate: texts.length > 0 ? truncated / texts.length : 0,
    unkRate: tokens > 0 ? unk / tokens : 0,
    charsPerToken: tokens > 0 ? chars / tokens : 0,
    topTokens: order.slice(0, topN).map((id) => ({ token: t.vocab.token(id) ?? '', id, count: counts[id] as number })),
  };
}

/**
 * Writes the ids of `text` into out[offset .. offset + maxLength): at most maxLength ids, then the
 * pad id 0. Returns the token count before truncation (so callers can count truncated texts).
 */
export function encodeIds(t: Tokenizer, text: string, maxLength: number, out: Float32Array, offset: number): number {
  const ids = t.ids(text);
  const n = Math.min(ids.length, maxLength);
  for (let i = 0; i < n; i++) out[offset + i] = ids[i] as number;
  out.fill(0, offset + n, offset + maxLength);
  return ids.length;
}
