/**
 * Corpus BLEU as sacreBLEU 2.x's defaults (BLEU(): 4-gram, 13a tokenization, case kept, "exp"
 * smoothing, no effective order): n-gram matches are clipped by the largest count in any one
 * reference and summed over the corpus; the brevity penalty compares the hypothesis length with
 * the closest reference length (the shorter on ties), summed over sentences.
 */
import { tokenize13a } from './tokenize-13a';

export interface BleuResult {
  /** 0–100, as sacreBLEU prints it. */
  score: number;
  /** Modified n-gram precisions (0–100), orders 1…4 (after smoothing). */
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

export interface BleuOptions {
  /** 'none' (already tokenized, split on spaces) or '13a' (default). */
  tokenize?: '13a' | 'none';
  maxOrder?: number;
}

function ngramCounts(words: readonly string[], maxOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= maxOrder; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      // \u0001 cannot occur inside a token (split on whitespace), so the key is unambiguous.
      const key = `${n}\u0001${words.slice(i, i + n).join('\u0001')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const r of refLens) {
    const d = Math.abs(hypLen - r);
    if (bestDiff === -1 || d < bestDiff) [bestDiff, best] = [d, r];
    else if (d === bestDiff && r < best) best = r;
  }
  return best;
}

/**
 * hyps[i] is scored against refSets[k][i] for every reference set k (sacreBLEU's layout: a list
 * of reference streams). An empty or missing reference string is skipped, as sacreBLEU does.
 */
export function corpusBleu(hyps: readonly string[], refSets: readonly (readonly string[])[], opts: BleuOptions = {}): BleuResult {
  const maxOrder = opts.maxOrder ?? 4;
  const tok = opts.tokenize === 'none' ? (s: string) => s : tokenize13a;
  const split = (s: string) => tok(s).split(' ').filter(Boolean);
  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let sysLen = 0;
  let refLen = 0;
  hyps.forEach((hyp, i) => {
    const refs = refSets.map((set) => set[i]).filter((r): r is string => typeof r === 'string' && r !== '');
    const refMax = new Map<string, number>();
    const refLens: number[] = [];
    for (const r of refs) {
      const words = split(r);
      refLens.push(words.length);
      for (const [k, c] of ngramCounts(words, maxOrder)) refMax.set(k, Math.max(refMax.get(k) ?? 0, c));
    }
    const words = split(hyp);
    sysLen += words.length;
    refLen += refLens.length ? closestRefLen(words.length, refLens) : 0;
    for (const [k, c] of ngramCounts(words, maxOrder)) {
      const n = Number(k.slice(0, k.indexOf('\u0001'))) - 1;
      total[n]! += c;
      correct[n]! += Math.min(c, refMax.get(k) ?? 0);
    }
  });
  return bleuFromStats(correct, total, sysLen, refLen);
}

/** sacreBLEU's compute_bleu with smooth_method "exp". */
export function bleuFromStats(correct: readonly number[], total: readonly number[], sysLen: number, refLen: number): BleuResult {
  const maxOrder = correct.length;
  const precisions = new Array<number>(maxOrder).fill(0);
  let smooth = 1;
  for (let n = 0; n < maxOrder; n++) {
    if (total[n] === 0) break;
    if (correct[n] === 0) {
      smooth *= 2;
      precisions[n] = 100 / (smooth * total[n]!);
    } else precisions[n] = (100 * correct[n]!) / total[n]!;
  }
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const logs = precisions.map((p) => (p === 0 ? -9999999999 : Math.log(p)));
  const score = bp * Math.exp(logs.reduce((a, b) => a + b, 0) / maxOrder);
  return { score, precisions, bp, sysLen, refLen };
}
