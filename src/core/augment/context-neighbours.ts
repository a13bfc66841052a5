/**
 * A stand-in thesaurus learned from the training texts themselves: the neighbours of a word are
 * the words used in similar contexts, NOT synonyms. Two words are close when the words around
 * them (±window) are alike, measured as the cosine of their positive PMI context vectors with
 * context-distribution smoothing (Levy, Goldberg & Dagan 2015), each word keeping its strongest
 * `maxContexts` contexts. Words that share contexts are
 * often near-synonyms ("film"/"movie"), but just as often opposites or co-hyponyms
 * ("good"/"bad", "monday"/"friday"): with sentiment labels, replacing one by the other can flip
 * the label. Use a real thesaurus where one is available; this is the fallback.
 * Deterministic: no randomness; ties are broken by the word.
 */
import { stopWords } from '../words/stopwords';
import { wordRegex } from '../words/words';
import type { Thesaurus } from './eda';

export interface ContextOptions {
  /** Words either side that count as context (default 2). */
  window?: number;
  /** Words seen fewer times are ignored (default 3: too few contexts to compare). */
  minCount?: number;
  /** Only the most frequent words are indexed (default 5,000), to bound memory and time. */
  maxVocab?: number;
  /** Neighbours returned per word (default 5) and the least cosine to count (default 0.2). */
  topK?: number;
  minSimilarity?: number;
  /** Contexts kept per word, the strongest by PPMI (default 50). */
  maxContexts?: number;
  /** Exponent smoothing the context distribution (default 0.75, as word2vec). */
  smoothing?: number;
  /** Words that get no neighbours and are no one's neighbour (they still count as context). */
  stopWords?: ReadonlySet<string>;
}

export interface Neighbour {
  word: string;
  similarity: number;
}

export interface ContextIndex {
  neighbours(word: string): Neighbour[];
  similarity(a: string, b: string): number;
}

export function buildContextIndex(texts: readonly (string | null)[], opts: ContextOptions = {}): ContextIndex {
  const window = opts.window ?? 2;
  const topK = opts.topK ?? 5;
  const minSim = opts.minSimilarity ?? 0.2;
  const smoothing = opts.smoothing ?? 0.75;
  const maxContexts = opts.maxContexts ?? 50;
  const stop = opts.stopWords ?? stopWords('en');
  const docs = texts.map((t) => (t === null ? [] : (t.toLowerCase().match(wordRegex()) ?? [])));

  const counts = new Map<string, number>();
  for (const d of docs) for (const w of d) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = [...counts]
    .filter(([, c]) => c >= (opts.minCount ?? 3))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.maxVocab ?? 5000)
    .map(([w]) => w);
  const id = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length;
  const isTarget = vocab.map((w) => !stop.has(w));

  // Co-occurrence counts, target × context, keyed target * V + context.
  const pair = new Map<number, number>();
  for (const d of docs) {
    const ids = d.map((w) => id.get(w) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const t = ids[i]!;
      if (t < 0 || !isTarget[t]) continue;
      for (let j = Math.max(0, i - window); j <= Math.min(ids.length - 1, i + window); j++) {
        const c = ids[j]!;
        if (j !== i && c >= 0) pair.set(t * V + c, (pair.get(t * V + c) ?? 0) + 1);
      }
    }
  }
  const rowSum = new Float64Array(V);
  const colSum = new Float64Array(V);
  let total = 0;
  for (const [key, n] of pair) {
    rowSum[Math.floor(key / V)]! += n;
    colSum[key % V]! += n;
    total += n;
  }
  let smoothTotal = 0;
  const colSmooth = colSum.map((c) => c ** smoothing);
  for (const c of colSmooth) smoothTotal += c;

  // PPMI(t, c) = max(0, log(P(t, c) / (P(t) · P_α(c)))); rows normalised to unit length.
  const rows: Map<number, number>[] = Array.from({ length: V }, () => new Map());
  for (const [key, n] of pair) {
    const t = Math.floor(key / V);
    const c = key % V;
    const pmi = Math.log((n / total) / ((rowSum[t]! / total) * (colSmooth[c]! / smoothTotal)));
    if (pmi > 0) rows[t]!.set(c, pmi);
  }
  // Each word keeps its strongest contexts only: the weak ones barely move a cosine, and without
  // them a frequent context no longer links every word to every other (queries stay fast).
  const postings: [number, number][][] = Array.from({ length: V }, () => []);
  rows.forEach((row, t) => {
    const top = [...row].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxContexts);
    let norm = 0;
    for (const [, v] of top) norm += v * v;
    norm = Math.sqrt(norm);
    row.clear();
    for (const [c, v] of top) {
      row.set(c, v / norm);
      postings[c]!.push([t, v / norm]);
    }
  });

  const cache = new Map<string, Neighbour[]>();
  const score = new Float64Array(V);
  const neighbours = (word: string): Neighbour[] => {
    const t = id.get(word.toLowerCase());
    if (t === undefined || !isTarget[t]) return [];
    let hit = cache.get(vocab[t]!);
    if (hit) return hit;
    const touched: number[] = [];
    for (const [c, v] of rows[t]!) {
      for (const [o, w] of postings[c]!) {
        if (o === t) continue;
        if (score[o] === 0) touched.push(o);
        score[o]! += v * w;
      }
    }
    hit = touched
      .filter((o) => score[o]! >= minSim)
      .map((o) => ({ word: vocab[o]!, similarity: score[o]! }))
      .sort((a, b) => b.similarity - a.similarity || (a.word < b.word ? -1 : 1))
      .slice(0, topK);
    for (const o of touched) score[o] = 0;
    cache.set(vocab[t]!, hit);
    return hit;
  };
  const similarity = (a: string, b: string): number => {
    const ra = rows[id.get(a.toLowerCase()) ?? -1];
    const rb = rows[id.get(b.toLowerCase()) ?? -1];
    if (!ra || !rb) return 0;
    let dot = 0;
    for (const [c, v] of ra) dot += v * (rb.get(c) ?? 0);
    return dot;
  };
  return { neighbours, similarity };
}

/** The EDA thesaurus made of context neighbours (see the caveat above: not synonyms). */
export function contextThesaurus(texts: readonly (string | null)[], opts: ContextOptions = {}): Thesaurus {
  const index = buildContextIndex(texts, opts);
  return (word) => index.neighbours(word).map((n) => n.word);
}
