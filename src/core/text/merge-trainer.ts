import type { TrainControl } from './types';

/**
 * The BPE merge loop shared by the byte-level BPE and WordPiece trainers, following the Hugging
 * Face `BpeTrainer`:
 * - each step merges the adjacent pair with the highest count, counted over all words weighted
 *   by how often each word occurs;
 * - ties go to the pair with the smallest (left id, right id), compared left id first. Ids are
 *   vocab positions, so older tokens win ties, and the order is the same on every machine;
 * - inside a word, occurrences are merged left to right ("a a a" with pair (a, a) → "aa a");
 * - the new token is left + right, with the right's continuing prefix ("##") removed; when that
 *   string is already a token (two pairs can spell the same string) its id is reused, and the
 *   merge is still recorded;
 * - it stops at the vocab size, or when no pair is left (then the vocab is smaller).
 *
 * It is incremental: a pair → positions index and a lazy max-heap of pair counts, so a merge
 * costs the positions it touches, not a recount of the corpus. Words are linked lists over flat
 * typed arrays; a merged-away position is marked dead (-1).
 */
export interface MergeInput {
  /** Unique words (or word segments) as symbol ids into `tokens`. */
  words: readonly Int32Array[];
  /** How often each word occurs in the corpus. */
  counts: readonly number[];
  /** The starting vocab: specials and the alphabet, in id order. */
  tokens: readonly string[];
  vocabSize: number;
  /** Continuing-subword prefix removed from the right token of a merge ("##" for WordPiece). */
  prefix: string;
  control?: TrainControl;
}

export interface MergeOutput {
  tokens: string[];
  merges: [string, string][];
}

/** Ids stay below 2^21, so a pair key left * 2^21 + right stays an exact double. */
const PAIR = 2 ** 21;
const PROGRESS_MS = 50;

/** Max-heap of (count, key): higher count first, then smaller key (smaller left, then right id). */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  private above(i: number, j: number): boolean {
    const ci = this.counts[i] as number;
    const cj = this.counts[j] as number;
    return ci > cj || (ci === cj && (this.keys[i] as number) < (this.keys[j] as number));
  }

  private swap(i: number, j: number): void {
    const c = this.counts[i] as number;
    this.counts[i] = this.counts[j] as number;
    this.counts[j] = c;
    const k = this.keys[i] as number;
    this.keys[i] = this.keys[j] as number;
    this.keys[j] = k;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the top; returns [count, key]. Only call when size > 0. */
  pop(): [number, number] {
    const top: [number, number] = [this.counts[0] as number, this.keys[0] as number];
    const lastCount = this.counts.pop() as number;
    const lastKey = this.keys.pop() as number;
    if (this.keys.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.keys.length && this.above(l, best)) best = l;
        if (r < this.keys.length && this.above(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

export function learnMerges(input: MergeInput): MergeOutput {
  const { words, counts, prefix, control } = input;
  const tokens = [...input.tokens];
  const index = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (!index.has(t)) index.set(t, i);
  });
  const merges: [string, string][] = [];
  if (input.vocabSize >= PAIR) throw new RangeError(`vocabulary size must be below ${PAIR}`);

  let n = 0;
  for (const w of words) n += w.length;
  const sym = new Int32Array(n);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const weight = new Float64Array(n);

  const pairCount = new Map<number, number>();
  const pairPositions = new Map<number, number[]>();
  const add = (key: number, w: number, pos: number): void => {
    pairCount.set(key, (pairCount.get(key) ?? 0) + w);
    const list = pairPositions.get(key);
    if (list) list.push(pos);
    else pairPositions.set(key, [pos]);
  };

  let at = 0;
  words.forEach((word, wi) => {
    const w = counts[wi] as number;
    for (let k = 0; k < word.length; k++) {
      const p = at + k;
      sym[p] = word[k] as number;
      prev[p] = k === 0 ? -1 : p - 1;
      next[p] = k === word.length - 1 ? -1 : p + 1;
      weight[p] = w;
      if (k > 0) add((word[k - 1] as number) * PAIR + (word[k] as number), w, p - 1);
    }
    at += word.length;
  });

  const heap = new PairHeap();
  for (const [key, c] of pairCount) heap.push(c, key);

  const target = Math.max(0, input.vocabSize - tokens.length);
  let lastReport = performance.now();
  const touched = new Set<number>();

  while (tokens.length < input.vocabSize) {
    control?.signal?.throwIfAborted();
    // Every count change pushed a fresh entry, so an entry whose count is not the current one is stale.
    let key = -1;
    while (heap.size > 0) {
      const [c, k] = heap.pop();
      if (c > 0 && pairCount.get(k) === c) {
        key = k;
        break;
      }
    }
    if (key < 0) break;
    const a = Math.floor(key / PAIR);
    const b = key - a * PAIR;
    const left = tokens[a] as string;
    const right = tokens[b] as string;
    const merged = left + (prefix !== '' && right.startsWith(prefix) ? right.slice(prefix.length) : right);
    let c = index.get(merged);
    if (c === undefined) {
      c = tokens.length;
      tokens.push(merged);
      index.set(merged, c);
    }
    merges.push([left, right]);

    const positions = pairPositions.get(key) ?? [];
    // Only a pair (a, a) can overlap itself; then left to right order decides, as in HF.
    if (a === b) positions.sort((x, y) => x - y);
    touched.clear();
    const change = (k: number, delta: number, pos: number): void => {
      if (delta > 0) add(k, delta, pos);
      else pairCount.set(k, (pairCount.get(k) ?? 0) + delta);
      touched.add(k);
    };
    for (const p of positions) {
      const q = next[p] as number;
      if (sym[p] !== a || q < 0 || sym[q] !== b) continue; // stale entry
      const w = weight[p] as number;
      const l = prev[p] as number;
      const r = next[q] as number;
      if (l >= 0) {
        change((sym[l] as number) * PAIR + a, -w, l);
        change((sym[l] as number) * PAIR + c, w, l);
      }
      if (r >= 0) {
        change(b * PAIR + (sym[r] as number), -w, q);
        change(c * PAIR + (sym[r] as number), w, p);
      }
      sym[p] = c;
      next[p] = r;
      if (r >= 0) prev[r] = p;
      sym[q] = -1;
      next[q] = -1;
      prev[q] = -1;
    }
    pairCount.delete(key);
    pairPositions.delete(key);
    for (const k of touched) {
      const count = pairCount.get(k) ?? 0;
      if (count > 0) heap.push(count, k);
      else if (k !== key) {
        pairCount.delete(k);
        pairPositions.delete(k);
      }
    }

    const now = performance.now();
    if (control?.onProgress && now - lastReport >= PROGRESS_MS) {
      lastReport = now;
      control.onProgress(merges.length, target);
    }
  }
  control?.onProgress?.(merges.length, target);
  return { tokens, merges };
}
