/**
 * Pairs → model inputs: the seeded split (grouped by source text, so a word never sits in two
 * splits), ids per side, and padded teacher-forcing batches:
 *   src    = source ids                       (pad 0)
 *   tgtIn  = [start 0, y₁ … yₙ]                (pad 0)
 *   tgtOut = [y₁ … yₙ, end 1]                  (weight 0 on padding)
 */
import { createRng } from '../util/rng';
import { DECODER_START_ID, EOS_ID, PAD_ID } from './config';
import type { PairVocab } from './vocab';

export interface Pair {
  source: string;
  target: string;
}

export interface PairSplit {
  train: Pair[];
  validation: Pair[];
  test: Pair[];
}

/** Seeded shuffle of the distinct source texts, cut into train / validation / test shares. */
export function splitPairs(pairs: readonly Pair[], seed: number, validation = 0.1, test = 0.1): PairSplit {
  const groups = new Map<string, Pair[]>();
  for (const p of pairs) {
    const g = groups.get(p.source);
    if (g) g.push(p);
    else groups.set(p.source, [p]);
  }
  const keys = [...groups.keys()];
  const rng = createRng(seed);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const nTest = Math.round(keys.length * test);
  const nVal = Math.round(keys.length * validation);
  const take = (ks: string[]) => ks.flatMap((k) => groups.get(k)!);
  return { test: take(keys.slice(0, nTest)), validation: take(keys.slice(nTest, nTest + nVal)), train: take(keys.slice(nTest + nVal)) };
}

export interface EncodedPairs {
  src: number[][];
  tgt: number[][];
}

/** Ids of each pair, cut to the model's lengths (source maxSource, target maxTarget − 1 for the end token). */
export function encodePairs(pairs: readonly Pair[], vocab: PairVocab, maxSource: number, maxTarget: number): EncodedPairs {
  return {
    src: pairs.map((p) => vocab.encodeSource(p.source).slice(0, maxSource)),
    tgt: pairs.map((p) => vocab.encodeTarget(p.target).slice(0, maxTarget - 1)),
  };
}

export interface BatchArrays {
  B: number;
  S: number;
  T: number;
  src: Int32Array;
  tgtIn: Int32Array;
  tgtOut: Int32Array;
  tgtWeight: Float32Array;
}

/** Rows `rows` of the encoded pairs as padded arrays (lengths: the longest row in the batch). */
export function makeBatch(data: EncodedPairs, rows: readonly number[]): BatchArrays {
  const B = rows.length;
  const S = Math.max(1, ...rows.map((r) => data.src[r]!.length));
  const T = Math.max(1, ...rows.map((r) => data.tgt[r]!.length + 1));
  const src = new Int32Array(B * S).fill(PAD_ID);
  const tgtIn = new Int32Array(B * T).fill(PAD_ID);
  const tgtOut = new Int32Array(B * T).fill(PAD_ID);
  const tgtWeight = new Float32Array(B * T);
  rows.forEach((r, b) => {
    const s = data.src[r]!;
    const t = data.tgt[r]!;
    src.set(s, b * S);
    tgtIn[b * T] = DECODER_START_ID;
    tgtIn.set(t, b * T + 1);
    tgtOut.set(t, b * T);
    tgtOut[b * T + t.length] = EOS_ID;
    tgtWeight.fill(1, b * T, b * T + t.length + 1);
  });
  return { B, S, T, src, tgtIn, tgtOut, tgtWeight };
}

/**
 * Parses two aligned plain-text files (one example per line) into pairs; blank line pairs are
 * skipped. A different number of non-empty lines is an error naming both counts.
 */
export function pairsFromLines(sourceText: string, targetText: string): Pair[] {
  const a = sourceText.split(/\r?\n/);
  const b = targetText.split(/\r?\n/);
  while (a.length && a[a.length - 1] === '') a.pop();
  while (b.length && b[b.length - 1] === '') b.pop();
  if (a.length !== b.length) throw new Error(`The source file has ${a.length} lines and the target file ${b.length}: they must be aligned line by line`);
  const out: Pair[] = [];
  a.forEach((s, i) => {
    const t = b[i]!;
    if (s.trim() !== '' && t.trim() !== '') out.push({ source: s, target: t });
  });
  return out;
}
