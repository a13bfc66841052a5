/**
 * The statistics of a drift report, on plain numbers (no tables): population stability index,
 * the two-sample Kolmogorov–Smirnov test and the chi-squared test of a contingency table.
 * Checked against numpy/scipy 1.10 (`drift-stats.reference.json`, made by `drift-stats.reference.py`).
 *
 * - PSI: Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over bins, eᵢ/aᵢ the expected (training) and actual (new)
 *   shares, each share below PSI_EPSILON raised to it (an empty bin would make ln infinite).
 *   Numeric bins: the training data's deciles (numpy's default linear quantiles at 0.1 … 0.9,
 *   repeated edges merged), a value v goes in the first bin whose upper edge is ≥ v.
 * - KS: D = sup |F₁ − F₂| as `scipy.stats.ks_2samp`'s statistic. The p-value is the asymptotic
 *   Kolmogorov distribution, `scipy.stats.kstwobign.sf(D·√(n·m/(n+m)))` — what ks_2samp's
 *   'asymp' method used before SciPy 1.5 — not its exact small-sample p-value: close to it from a
 *   few hundred rows on, and conservative (larger) below.
 * - Chi-squared: Pearson's statistic of a k × c table of counts against the expected counts of
 *   independent margins, dof (k−1)(c−1), as `scipy.stats.chi2_contingency(..., correction=False)`
 *   (no Yates correction, which SciPy applies by default when dof = 1).
 */

export const PSI_EPSILON = 1e-4;

/** PSI between two count vectors over the same bins. */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, epsilon = PSI_EPSILON): number {
  const sum = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0);
  const ne = sum(expected);
  const na = sum(actual);
  if (ne === 0 || na === 0) return NaN;
  let out = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]! / ne, epsilon);
    const a = Math.max(actual[i]! / na, epsilon);
    out += (a - e) * Math.log(a / e);
  }
  return out;
}

/** numpy.quantile(sorted, q) with the default linear interpolation; `sorted` ascending, no NaN. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The inner decile edges (0.1 … 0.9) of ascending values, repeated edges merged. */
export function decileEdges(sorted: ArrayLike<number>): number[] {
  const edges: number[] = [];
  for (let k = 1; k <= 9; k++) {
    const e = quantileSorted(sorted, k / 10);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Counts per bin for `edges.length + 1` bins (as numpy.searchsorted(edges, v, 'left')); NaN skipped. */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}

/** P(K > x) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) exp(−2k²x²). */
export function kolmogorovSf(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 0.2) return 1; // the series converges slowly there; the cdf is below 1e-20
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface TestResult {
  statistic: number;
  pValue: number;
}

/**
 * Two-sample KS on ascending samples `a` and `b` (no NaN). `sizes` replaces the sample sizes in
 * the p-value when a side is a summary of a larger sample (evenly spaced order statistics).
 */
export function ks2Sorted(a: ArrayLike<number>, b: ArrayLike<number>, sizes?: { a: number; b: number }): TestResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: NaN, pValue: NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= v) i++;
    while (j < m && b[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const na = sizes?.a ?? n;
  const nb = sizes?.b ?? m;
  const en = (na * nb) / (na + nb);
  return { statistic: d, pValue: kolmogorovSf(d * Math.sqrt(en)) };
}

/** ln Γ(x), Lanczos (g = 7, 9 terms): about 15 digits for x > 0. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = c[0]!;
  for (let k = 1; k < 9; k++) s += c[k]! / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** The regularised upper incomplete gamma Q(s, x): series below s + 1, continued fraction above. */
export function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  const lead = Math.exp(-x + s * Math.log(x) - lnGamma(s));
  if (x < s + 1) {
    let term = 1 / s;
    let sum = term;
    for (let k = 1; k < 1000; k++) {
      term *= x / (s + k);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return Math.max(0, 1 - sum * lead);
  }
  // Lentz's method for the continued fraction.
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let k = 1; k < 1000; k++) {
    const an = -k * (k - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return lead * h;
}

export const chi2Sf = (x: number, dof: number): number => gammaQ(dof / 2, x / 2);

/** Pearson's chi-squared test of independence on a table of counts (rows × columns). */
export function chi2Contingency(table: readonly (readonly number[])[]): TestResult & { dof: number } {
  // Rows or columns that are all zero carry nothing (and would make expected counts 0): dropped.
  const rows = table.filter((r) => r.some((v) => v > 0));
  const width = rows[0]?.length ?? 0;
  const cols = Array.from({ length: width }, (_, j) => j).filter((j) => rows.some((r) => r[j]! > 0));
  const total = rows.reduce((s, r) => s + cols.reduce((t, j) => t + r[j]!, 0), 0);
  const dof = (rows.length - 1) * (cols.length - 1);
  if (dof <= 0 || total === 0) return { statistic: 0, dof: Math.max(0, dof), pValue: 1 };
  const rowSum = rows.map((r) => cols.reduce((t, j) => t + r[j]!, 0));
  const colSum = cols.map((j) => rows.reduce((t, r) => t + r[j]!, 0));
  let stat = 0;
  rows.forEach((r, i) =>
    cols.forEach((j, k) => {
      const e = (rowSum[i]! * colSum[k]!) / total;
      stat += (r[j]! - e) ** 2 / e;
    }),
  );
  return { statistic: stat, dof, pValue: chi2Sf(stat, dof) };
}
