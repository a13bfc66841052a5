/**
 * Corpus chrF as sacreBLEU 2.x's CHRF() defaults: character n-grams of orders 1…6 with whitespace
 * removed, β = 2, no word n-grams, case kept. Per sentence the reference with the best F is kept;
 * statistics are summed over the corpus, then precision and recall are averaged over the orders
 * that have both hypothesis and reference n-grams and combined into one F_β (×100).
 */

export interface ChrfOptions {
  charOrder?: number;
  beta?: number;
}

function charNgrams(line: string, n: number): Map<string, number> {
  const chars = Array.from(line.split(/\s+/).join('')); // code points, like Python's str
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join('');
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

function matchStats(hyp: Map<string, number>, ref: Map<string, number>): [number, number, number] {
  let hypCount = 0;
  let match = 0;
  for (const [g, c] of hyp) {
    hypCount += c;
    const r = ref.get(g);
    if (r) match += Math.min(c, r);
  }
  let refCount = 0;
  for (const c of ref.values()) refCount += c;
  return [ref.size ? hypCount : 0, refCount, match];
}

/** sacreBLEU's _compute_f_score without eps smoothing; stats are [hyp, ref, match] per order. */
export function chrfFromStats(stats: readonly number[], beta = 2): number {
  const factor = beta ** 2;
  let avgPrec = 0;
  let avgRec = 0;
  let order = 0;
  for (let i = 0; i < stats.length; i += 3) {
    const [h, r, m] = [stats[i]!, stats[i + 1]!, stats[i + 2]!];
    if (h > 0 && r > 0) {
      avgPrec += m / h;
      avgRec += m / r;
      order += 1;
    }
  }
  if (order === 0) return 0;
  avgPrec /= order;
  avgRec /= order;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

/** hyps[i] against refSets[k][i] for each reference stream k (sacreBLEU's layout). */
export function corpusChrf(hyps: readonly string[], refSets: readonly (readonly string[])[], opts: ChrfOptions = {}): number {
  const order = opts.charOrder ?? 6;
  const beta = opts.beta ?? 2;
  const sums = new Array<number>(3 * order).fill(0);
  hyps.forEach((hyp, i) => {
    const hypNgrams = Array.from({ length: order }, (_, n) => charNgrams(hyp, n + 1));
    let best: number[] = [];
    let bestF = -1;
    for (const set of refSets) {
      const ref = set[i];
      if (typeof ref !== 'string' || ref === '') continue;
      const stats = hypNgrams.flatMap((h, n) => matchStats(h, charNgrams(ref, n + 1)));
      const f = chrfFromStats(stats, beta);
      if (f > bestF) [bestF, best] = [f, stats];
    }
    best.forEach((v, j) => (sums[j]! += v));
  });
  return chrfFromStats(sums, beta);
}
