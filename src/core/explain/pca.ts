/**
 * Principal component analysis to 2-D (the embedding view): the rows of x [n, d] are centred and
 * projected on the top principal axes, found by power iteration on XᵀX without forming it (each
 * step is two passes over the data, O(n·d)), each later axis kept orthogonal to the earlier ones.
 * Signs follow one convention so results are reproducible: each axis's largest-magnitude loading
 * is positive. Deterministic (a fixed start vector), float64 throughout.
 */

export interface PcaResult {
  /** [n, k] row-major: each row's coordinates on the axes. */
  coords: Float64Array;
  /** [k, d] row-major: the unit axes. */
  axes: Float64Array;
  /** Variance along each axis (sample variance, n − 1), and its share of the total variance. */
  variance: number[];
  explained: number[];
}

export interface PcaOptions {
  components?: number;
  maxIterations?: number;
  tolerance?: number;
}

export function pca(x: ArrayLike<number>, n: number, d: number, opts: PcaOptions = {}): PcaResult {
  const k = Math.min(opts.components ?? 2, d, Math.max(n, 1));
  const maxIt = opts.maxIterations ?? 1000;
  const tol = opts.tolerance ?? 1e-12;
  if (x.length !== n * d) throw new Error(`pca: expected ${n * d} values, got ${x.length}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]! / n;
  const c = new Float64Array(n * d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]! - mean[j]!;
      c[i * d + j] = v;
      total += v * v;
    }
  }
  const axes = new Float64Array(k * d);
  const variance: number[] = [];
  const xv = new Float64Array(n);
  const orthogonalise = (v: Float64Array, upTo: number) => {
    for (let a = 0; a < upTo; a++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += v[j]! * axes[a * d + j]!;
      for (let j = 0; j < d; j++) v[j]! -= dot * axes[a * d + j]!;
    }
  };
  const normalise = (v: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += v[j]! * v[j]!;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let j = 0; j < d; j++) v[j]! /= norm;
    return norm;
  };
  for (let a = 0; a < k; a++) {
    // A fixed start that is unlikely to be orthogonal to any axis.
    let v = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7919 + a * 104729) % 97) / 97);
    orthogonalise(v, a);
    normalise(v);
    let lambda = 0;
    for (let it = 0; it < maxIt; it++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += c[i * d + j]! * v[j]!;
        xv[i] = s;
      }
      const w = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        const s = xv[i]!;
        if (s !== 0) for (let j = 0; j < d; j++) w[j]! += c[i * d + j]! * s;
      }
      orthogonalise(w, a);
      const next = normalise(w);
      let change = 0;
      for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(w[j]! - v[j]!));
      v = w;
      const done = Math.abs(next - lambda) <= tol * Math.max(1, next) && change < 1e-9;
      lambda = next;
      if (done || next === 0) break;
    }
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    if (v[big]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
    axes.set(v, a * d);
  }
  const coords = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += c[i * d + j]! * axes[a * d + j]!;
      coords[i * k + a] = s;
    }
  }
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += coords[i * k + a]! ** 2;
    variance.push(n > 1 ? s / (n - 1) : 0);
  }
  const totalVar = n > 1 ? total / (n - 1) : 0;
  return { coords, axes, variance, explained: variance.map((v) => (totalVar > 0 ? v / totalVar : 0)) };
}
