/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F1 as Google's rouge-score package (what Hugging Face evaluate
 * uses) without stemming: lowercase, every run of characters other than a–z and 0–9 is a space,
 * tokens split on spaces. ROUGE-N: clipped n-gram overlap; ROUGE-L: longest common subsequence.
 * The corpus figure is the mean of the per-pair F1 (evaluate's default aggregation is a
 * bootstrap mean; this is the plain mean).
 */

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export function rougeTokens(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ').filter(Boolean);
}

function f1(overlap: number, hypTotal: number, refTotal: number): number {
  const p = hypTotal > 0 ? overlap / hypTotal : 0;
  const r = refTotal > 0 ? overlap / refTotal : 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const k = tokens.slice(i, i + n).join(' ');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export function rougeN(hyp: readonly string[], ref: readonly string[], n: number): number {
  const h = ngrams(hyp, n);
  const r = ngrams(ref, n);
  let overlap = 0;
  for (const [k, c] of h) overlap += Math.min(c, r.get(k) ?? 0);
  return f1(overlap, Math.max(0, hyp.length - n + 1), Math.max(0, ref.length - n + 1));
}

export function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export function rougeL(hyp: readonly string[], ref: readonly string[]): number {
  return f1(lcsLength(hyp, ref), hyp.length, ref.length);
}

/** Mean per-pair F1 (0–1) over aligned hyps and refs. */
export function corpusRouge(hyps: readonly string[], refs: readonly string[]): RougeScores {
  if (hyps.length !== refs.length) throw new Error('hyps and refs differ in length');
  const sum = { rouge1: 0, rouge2: 0, rougeL: 0 };
  hyps.forEach((h, i) => {
    const ht = rougeTokens(h);
    const rt = rougeTokens(refs[i]!);
    sum.rouge1 += rougeN(ht, rt, 1);
    sum.rouge2 += rougeN(ht, rt, 2);
    sum.rougeL += rougeL(ht, rt);
  });
  const n = Math.max(1, hyps.length);
  return { rouge1: sum.rouge1 / n, rouge2: sum.rouge2 / n, rougeL: sum.rougeL / n };
}
