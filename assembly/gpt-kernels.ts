// Fused GPT kernels in AssemblyScript, compiled to WebAssembly (SIMD) by scripts/build-kernels.mjs.
//
// They run on tfjs-backend-wasm's own memory (the module imports it): every argument called a
// pointer is a byte offset of a tensor on that heap, so nothing is copied in or out. No runtime,
// no allocation, no static data: the module never writes outside the tensors it is given.
//
// Why (scripts/lm/README.md): a GPT training step on tfjs-wasm spent ~90 ms in attention
// (transposes, depthwise-conv matMuls, softmax pieces), ~30 ms in AdamW's ~600 small kernels and
// more in LayerNorm/GELU pieces; each of these is one pass here. Checked against the tfjs ops and
// PyTorch (src/core/kernels/gpt-fused.test.ts, src/core/lm/golden-wasm.test.ts).
//
// All tensors are float32, row-major.

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Σ a[k]·b[k], k < n. */
@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(at(a, k)), v128.load(at(b, k))));
  let s = hsum(acc);
  for (; k < n; k++) s += load<f32>(at(a, k)) * load<f32>(at(b, k));
  return s;
}

/** y[k] += alpha·x[k], k < n. */
@inline function axpy(y: usize, alpha: f32, x: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(at(y, k), f32x4.add(v128.load(at(y, k)), f32x4.mul(a, v128.load(at(x, k)))));
  for (; k < n; k++) store<f32>(at(y, k), load<f32>(at(y, k)) + alpha * load<f32>(at(x, k)));
}

/** Whole floats in int32 range → int32: one cvttps2dq under relaxed SIMD, else the saturating sequence. */
@inline function truncI32(x: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i32x4.relaxed_trunc_f32x4_s(x);
  return i32x4.trunc_sat_f32x4_s(x);
}

/**
 * e^x for 4 values (Cephes expf: range reduction by ln 2, degree-5 polynomial; ~1 ulp), 0 below
 * −87.3 (where float32 would go subnormal). Own code: AssemblyScript's Mathf.exp brings lookup
 * tables, i.e. static data the module must not write into tfjs's heap.
 */
@inline function exp4(x0: v128): v128 {
  // pmin/pmax are one minps/maxps each; f32x4.min/max (NaN and ±0 rules) are long sequences on
  // x64, and the clamp ran in every GELU and softmax value.
  const x1 = f32x4.pmin(f32x4.pmax(x0, kc(K_EXP_LO)), kc(K_EXP_HI));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x1, kc(K_LOG2E)), kc(K_HALF)));
  let x = f32x4.sub(x1, f32x4.mul(fx, kc(K_LN2_HI)));
  x = f32x4.add(x, f32x4.mul(fx, kc(K_LN2_LO)));
  let y = kc(K_EXP_P0);
  y = f32x4.add(f32x4.mul(y, x), kc(K_EXP_P1));
  y = f32x4.add(f32x4.mul(y, x), kc(K_EXP_P2));
  y = f32x4.add(f32x4.mul(y, x), kc(K_EXP_P3));
  y = f32x4.add(f32x4.mul(y, x), kc(K_EXP_P4));
  y = f32x4.add(f32x4.mul(y, x), kc(K_HALF_EXACT));
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(x, x)), x), kc(K_ONE));
  const pow2 = i32x4.shl(i32x4.add(truncI32(fx), kc(K_I127)), 23);
  return v128.and(f32x4.mul(y, pow2), f32x4.ge(x0, kc(K_EXP_LO)));
}

const ERF_P: f32 = 0.3275911;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

// ---- vector constants -----------------------------------------------------------------------
// V8 builds a v128.const afresh at every use (a 64-bit immediate moved into a vector register and
// shuffled: two port-5 µops on x64), and does not hoist it out of a loop: GELU's ~25 constants
// cost ~50 cycles per 4 values. Loaded from a table on the heap instead (one load each; Binaryen
// cannot fold a load back into a constant). initConstants writes the table where tfjs keeps it
// (gpt-fused.ts allocates it once per module instance) and remembers where: a wasm global, not
// static data.
let KTAB: usize = 0;
const K_EXP_LO = 0;
const K_EXP_HI = 1;
const K_LOG2E = 2;
const K_HALF = 3;
const K_LN2_HI = 4;
const K_LN2_LO = 5;
const K_EXP_P0 = 6;
const K_EXP_P1 = 7;
const K_EXP_P2 = 8;
const K_EXP_P3 = 9;
const K_EXP_P4 = 10;
const K_HALF_EXACT = 11;
const K_ONE = 12;
const K_I127 = 13;
const K_SQRT1_2 = 14;
const K_ERF_P = 15;
const K_ERF_A5 = 16;
const K_ERF_A4 = 17;
const K_ERF_A3 = 18;
const K_ERF_A2 = 19;
const K_ERF_A1 = 20;
const K_NEG_ZERO = 21;
const K_NEG_HALF = 22;
const K_INV_SQRT_2PI = 23;
const K_COUNT = 24;

/** Floats the constant table takes (initConstants). */
export function constantFloats(): i32 {
  return K_COUNT * 4;
}

/** Writes the vector constants at p (constantFloats() floats) and makes the kernels read them there. */
export function initConstants(p: usize): void {
  KTAB = p;
  v128.store(p + (K_EXP_LO << 4), f32x4.splat(-87.3));
  v128.store(p + (K_EXP_HI << 4), f32x4.splat(88.3));
  v128.store(p + (K_LOG2E << 4), f32x4.splat(1.44269504088896341));
  v128.store(p + (K_HALF << 4), f32x4.splat(0.5));
  v128.store(p + (K_LN2_HI << 4), f32x4.splat(0.693359375));
  v128.store(p + (K_LN2_LO << 4), f32x4.splat(2.12194440e-4));
  v128.store(p + (K_EXP_P0 << 4), f32x4.splat(1.9875691500e-4));
  v128.store(p + (K_EXP_P1 << 4), f32x4.splat(1.3981999507e-3));
  v128.store(p + (K_EXP_P2 << 4), f32x4.splat(8.3334519073e-3));
  v128.store(p + (K_EXP_P3 << 4), f32x4.splat(4.1665795894e-2));
  v128.store(p + (K_EXP_P4 << 4), f32x4.splat(1.6666665459e-1));
  v128.store(p + (K_HALF_EXACT << 4), f32x4.splat(5.0000001201e-1));
  v128.store(p + (K_ONE << 4), f32x4.splat(1));
  v128.store(p + (K_I127 << 4), i32x4.splat(127));
  v128.store(p + (K_SQRT1_2 << 4), f32x4.splat(<f32>Math.SQRT1_2));
  v128.store(p + (K_ERF_P << 4), f32x4.splat(ERF_P));
  v128.store(p + (K_ERF_A5 << 4), f32x4.splat(1.061405429));
  v128.store(p + (K_ERF_A4 << 4), f32x4.splat(-1.453152027));
  v128.store(p + (K_ERF_A3 << 4), f32x4.splat(1.421413741));
  v128.store(p + (K_ERF_A2 << 4), f32x4.splat(-0.284496736));
  v128.store(p + (K_ERF_A1 << 4), f32x4.splat(0.254829592));
  v128.store(p + (K_NEG_ZERO << 4), f32x4.splat(-0.0));
  v128.store(p + (K_NEG_HALF << 4), f32x4.splat(-0.5));
  v128.store(p + (K_INV_SQRT_2PI << 4), f32x4.splat(INV_SQRT_2PI));
}

@inline function kc(i: i32): v128 {
  return v128.load(KTAB + (<usize>i << 4));
}

@inline function expf(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

function zero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 2);
}

// ---- causal self-attention ------------------------------------------------------------------

/** Floats of scratch the attention kernels need (T = context, hd = head size). */
export function attentionScratch(T: i32, hd: i32): i32 {
  const big = max(T, hd);
  // dP [T, T], Kᵀ or Vᵀ [hd, T], and the gemm's packing of the largest product
  return T * T + hd * T + gemmScratch(big, big, big, 1) + 16;
}

/**
 * qkv [B, T, 3C] (q | k | v, head h at columns h·hd of each) → out [B, T, C] (heads merged), and
 * probs [B, H, T, T]: softmax(q·kᵀ·scale) over keys j ≤ i, 0 above the diagonal (kept for backward).
 * Per head: S = Q·Kᵀ and Y = P·V as gemms that skip the 4 × 8 blocks wholly above the diagonal
 * (OUT_LOWER, A_LOWER: about half of each T×T square); softmax row by row.
 */
export function attentionForward(qkv: usize, out: usize, probs: usize, B: i32, T: i32, H: i32, hd: i32, scale: f32, scratch: usize): void {
  const C = H * hd;
  const C3 = 3 * C;
  const kt = scratch;
  const work = at(scratch, hd * T);
  for (let b = 0; b < B; b++) {
    const rows = at(qkv, b * T * C3);
    for (let h = 0; h < H; h++) {
      const p = at(probs, (b * H + h) * T * T);
      transposeInto(at(rows, C + h * hd), C3, T, hd, kt); // Kᵀ [hd, T]
      gemmStrided(at(rows, h * hd), C3, 0, kt, T, 0, p, T, 0, T, T, hd, work, OUT_LOWER);
      for (let i = 0; i < T; i++) softmaxRow(at(p, i * T), i + 1, T, scale);
      gemmStrided(p, T, 0, at(rows, 2 * C + h * hd), C3, 0, at(out, b * T * C + h * hd), C, 0, T, hd, T, work, A_LOWER);
    }
  }
}

/** row[0..n) ← softmax(row·scale), row[n..T) ← 0. */
@inline function softmaxRow(row: usize, n: i32, T: i32, scale: f32): void {
  let max: f32 = -Infinity;
  for (let j = 0; j < n; j++) {
    const s = load<f32>(at(row, j)) * scale;
    store<f32>(at(row, j), s);
    if (s > max) max = s;
  }
  const m4 = f32x4.splat(max);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const e = exp4(f32x4.sub(v128.load(at(row, j)), m4));
    v128.store(at(row, j), e);
    acc = f32x4.add(acc, e);
  }
  let sum = hsum(acc);
  for (; j < n; j++) {
    const e = expf(load<f32>(at(row, j)) - max);
    store<f32>(at(row, j), e);
    sum += e;
  }
  const inv = f32x4.splat(1 / sum);
  j = 0;
  for (; j + 4 <= n; j += 4) v128.store(at(row, j), f32x4.mul(v128.load(at(row, j)), inv));
  const invS: f32 = 1 / sum;
  for (; j < n; j++) store<f32>(at(row, j), load<f32>(at(row, j)) * invS);
  if (n < T) zero(at(row, n), T - n);
}

/**
 * Gradient of attentionForward: dOut [B, T, C] → dqkv [B, T, 3C], given qkv and probs. Per head:
 * dV = Pᵀ·dO; dP = dO·Vᵀ; dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale; dQ = dS·K; dK = dSᵀ·Q.
 */
export function attentionBackward(qkv: usize, probs: usize, dOut: usize, dqkv: usize, scratch: usize, B: i32, T: i32, H: i32, hd: i32, scale: f32): void {
  const C = H * hd;
  const C3 = 3 * C;
  const dS = scratch;
  const vt = at(scratch, T * T);
  const work = at(scratch, T * T + hd * T);
  for (let b = 0; b < B; b++) {
    const rows = at(qkv, b * T * C3);
    const drows = at(dqkv, b * T * C3);
    const dO = at(dOut, b * T * C);
    for (let h = 0; h < H; h++) {
      const p = at(probs, (b * H + h) * T * T);
      const dOh = at(dO, h * hd);
      // dV = Pᵀ · dO
      gemmStrided(p, T, 1, dOh, C, 0, at(drows, 2 * C + h * hd), C3, 0, T, hd, T, work, A_UPPER);
      // dP = dO · Vᵀ
      transposeInto(at(rows, 2 * C + h * hd), C3, T, hd, vt);
      gemmStrided(dOh, C, 0, vt, T, 0, dS, T, 0, T, T, hd, work, OUT_LOWER);
      // dS = P ⊙ (dP − Σ_j dP ⊙ P) · scale, row by row (P is 0 above the diagonal, so dS is too)
      // dP holds only j ≤ i (OUT_LOWER): the rest of dS is written as 0, which the two products
      // below skip (and their edge loops read).
      for (let i = 0; i < T; i++) {
        const pr = at(p, i * T);
        const dr = at(dS, i * T);
        const n = i + 1;
        let acc = f32x4.splat(0);
        let j = 0;
        for (; j + 4 <= n; j += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(at(pr, j)), v128.load(at(dr, j))));
        let rowDot = hsum(acc);
        for (; j < n; j++) rowDot += load<f32>(at(pr, j)) * load<f32>(at(dr, j));
        const rd = f32x4.splat(rowDot);
        const sc = f32x4.splat(scale);
        j = 0;
        for (; j + 4 <= n; j += 4) v128.store(at(dr, j), f32x4.mul(f32x4.mul(v128.load(at(pr, j)), f32x4.sub(v128.load(at(dr, j)), rd)), sc));
        for (; j < n; j++) store<f32>(at(dr, j), load<f32>(at(pr, j)) * (load<f32>(at(dr, j)) - rowDot) * scale);
        if (n < T) zero(at(dr, n), T - n);
      }
      // dQ = dS · K
      gemmStrided(dS, T, 0, at(rows, C + h * hd), C3, 0, at(drows, h * hd), C3, 0, T, hd, T, work, A_LOWER);
      // dK = dSᵀ · Q
      gemmStrided(dS, T, 1, at(rows, h * hd), C3, 0, at(drows, C + h * hd), C3, 0, T, hd, T, work, A_UPPER);
    }
  }
}

// ---- LayerNorm ------------------------------------------------------------------------------

/**
 * x [N, C] → y = (x − mean)/√(var + eps)·w (+ b; bias 0 = none), biased variance (PyTorch);
 * stats [N, 2] = mean, 1/√(var + eps) per row (kept for backward).
 */
export function layerNormForward(x: usize, w: usize, bias: usize, y: usize, stats: usize, N: i32, C: i32, eps: f32): void {
  for (let r = 0; r < N; r++) {
    const xr = at(x, r * C);
    const yr = at(y, r * C);
    let acc = f32x4.splat(0);
    let k = 0;
    for (; k + 4 <= C; k += 4) acc = f32x4.add(acc, v128.load(at(xr, k)));
    let s = hsum(acc);
    for (; k < C; k++) s += load<f32>(at(xr, k));
    const mean: f32 = s / <f32>C;
    const m4 = f32x4.splat(mean);
    acc = f32x4.splat(0);
    k = 0;
    for (; k + 4 <= C; k += 4) {
      const d = f32x4.sub(v128.load(at(xr, k)), m4);
      acc = f32x4.add(acc, f32x4.mul(d, d));
    }
    let v = hsum(acc);
    for (; k < C; k++) {
      const d = load<f32>(at(xr, k)) - mean;
      v += d * d;
    }
    const rstd: f32 = 1 / Mathf.sqrt(v / <f32>C + eps);
    store<f32>(at(stats, 2 * r), mean);
    store<f32>(at(stats, 2 * r + 1), rstd);
    const r4 = f32x4.splat(rstd);
    k = 0;
    for (; k + 4 <= C; k += 4) {
      let o = f32x4.mul(f32x4.mul(f32x4.sub(v128.load(at(xr, k)), m4), r4), v128.load(at(w, k)));
      if (bias) o = f32x4.add(o, v128.load(at(bias, k)));
      v128.store(at(yr, k), o);
    }
    for (; k < C; k++) {
      let o = (load<f32>(at(xr, k)) - mean) * rstd * load<f32>(at(w, k));
      if (bias) o += load<f32>(at(bias, k));
      store<f32>(at(yr, k), o);
    }
  }
}

/**
 * Gradient of layerNormForward: dy [N, C] → dx [N, C], dw [C], db [C] (bias 0 = none).
 * x̂ = (x − mean)·rstd, g = dy·w: dx = rstd·(g − mean(g) − x̂·mean(g·x̂)); dw = Σ dy·x̂; db = Σ dy.
 */
export function layerNormBackward(x: usize, w: usize, stats: usize, dy: usize, dx: usize, dw: usize, db: usize, N: i32, C: i32): void {
  zero(dw, C);
  if (db) zero(db, C);
  for (let r = 0; r < N; r++) {
    const xr = at(x, r * C);
    const dyr = at(dy, r * C);
    const dxr = at(dx, r * C);
    const mean = load<f32>(at(stats, 2 * r));
    const rstd = load<f32>(at(stats, 2 * r + 1));
    const m4 = f32x4.splat(mean);
    const r4 = f32x4.splat(rstd);
    let sg = f32x4.splat(0);
    let sgx = f32x4.splat(0);
    let k = 0;
    for (; k + 4 <= C; k += 4) {
      const xh = f32x4.mul(f32x4.sub(v128.load(at(xr, k)), m4), r4);
      const d = v128.load(at(dyr, k));
      const g = f32x4.mul(d, v128.load(at(w, k)));
      sg = f32x4.add(sg, g);
      sgx = f32x4.add(sgx, f32x4.mul(g, xh));
      v128.store(at(dw, k), f32x4.add(v128.load(at(dw, k)), f32x4.mul(d, xh)));
      if (db) v128.store(at(db, k), f32x4.add(v128.load(at(db, k)), d));
    }
    let sumG = hsum(sg);
    let sumGx = hsum(sgx);
    for (; k < C; k++) {
      const xh = (load<f32>(at(xr, k)) - mean) * rstd;
      const d = load<f32>(at(dyr, k));
      const g = d * load<f32>(at(w, k));
      sumG += g;
      sumGx += g * xh;
      store<f32>(at(dw, k), load<f32>(at(dw, k)) + d * xh);
      if (db) store<f32>(at(db, k), load<f32>(at(db, k)) + d);
    }
    const mg: f32 = sumG / <f32>C;
    const mgx: f32 = sumGx / <f32>C;
    const mg4 = f32x4.splat(mg);
    const mgx4 = f32x4.splat(mgx);
    k = 0;
    for (; k + 4 <= C; k += 4) {
      const xh = f32x4.mul(f32x4.sub(v128.load(at(xr, k)), m4), r4);
      const g = f32x4.mul(v128.load(at(dyr, k)), v128.load(at(w, k)));
      v128.store(at(dxr, k), f32x4.mul(f32x4.sub(f32x4.sub(g, mg4), f32x4.mul(xh, mgx4)), r4));
    }
    for (; k < C; k++) {
      const xh = (load<f32>(at(xr, k)) - mean) * rstd;
      const g = load<f32>(at(dyr, k)) * load<f32>(at(w, k));
      store<f32>(at(dxr, k), (g - mg - xh * mgx) * rstd);
    }
  }
}

// ---- GELU (exact, erf) ----------------------------------------------------------------------


/**
 * ½·(1 + erf(x/√2)) and exp(−x²/2) for 4 values: erf by Abramowitz & Stegun 7.1.26 (|error| <
 * 1.5e-7), the formula tfjs's own Erf kernel uses.
 */
/** exp(−x²/2) for 4 values. */
@inline function gauss(x: v128): v128 {
  return exp4(f32x4.mul(f32x4.mul(x, x), kc(K_NEG_HALF)));
}

/**
 * Φ(x) = ½·(1 + erf(x/√2)) for 4 values, given e = exp(−x²/2): erf by Abramowitz & Stegun 7.1.26
 * (|error| < 1.5e-7), the formula tfjs's own Erf kernel uses. (Returned, not kept in globals:
 * V8 keeps v128 globals in memory.)
 */
@inline function cdf(x: v128, e: v128): v128 {
  const one = kc(K_ONE);
  const a = f32x4.mul(f32x4.abs(x), kc(K_SQRT1_2));
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(kc(K_ERF_P), a)));
  let poly = kc(K_ERF_A5);
  poly = f32x4.add(f32x4.mul(poly, t), kc(K_ERF_A4));
  poly = f32x4.add(f32x4.mul(poly, t), kc(K_ERF_A3));
  poly = f32x4.add(f32x4.mul(poly, t), kc(K_ERF_A2));
  poly = f32x4.add(f32x4.mul(poly, t), kc(K_ERF_A1));
  poly = f32x4.mul(poly, t);
  const erfAbs = f32x4.sub(one, f32x4.mul(poly, e));
  const signed = v128.or(erfAbs, v128.and(x, kc(K_NEG_ZERO))); // erf is odd
  return f32x4.mul(f32x4.add(signed, one), kc(K_HALF));
}

/**
 * y = ½·x·(1 + erf(x/√2)), n values (n a multiple of 4), and, when d ≠ 0, the derivative
 * d = Φ(x) + x·φ(x) for the backward pass: computed here from the same Φ and exp(−x²/2) the
 * forward needs, so the backward is one multiply instead of a second erf and exp (it was the
 * slower half of GELU).
 */
export function geluForward(x: usize, y: usize, d: usize, n: i32): void {
  for (let k = 0; k < n; k += 4) {
    const v = v128.load(at(x, k));
    const e = gauss(v);
    const p = cdf(v, e);
    v128.store(at(y, k), f32x4.mul(v, p));
    if (d) v128.store(at(d, k), f32x4.add(p, f32x4.mul(v, f32x4.mul(e, kc(K_INV_SQRT_2PI)))));
  }
}

/** dx = dy·d, n values (n a multiple of 4), d the derivative geluForward wrote. */
export function geluBackward(d: usize, dy: usize, dx: usize, n: i32): void {
  for (let k = 0; k < n; k += 4) v128.store(at(dx, k), f32x4.mul(v128.load(at(dy, k)), v128.load(at(d, k))));
}

// ---- AdamW ----------------------------------------------------------------------------------

/** Σ g[k]², n values, in f64. */
export function sumSquares(g: usize, n: i32): f64 {
  let acc = f32x4.splat(0);
  let total: f64 = 0;
  let k = 0;
  // f32 lanes over blocks of 4,096, summed in f64: exact enough for a norm of ~10⁶ values.
  while (k + 4 <= n) {
    const end = min(n, k + 4096) & ~3;
    for (; k < end; k += 4) {
      const v = v128.load(at(g, k));
      acc = f32x4.add(acc, f32x4.mul(v, v));
    }
    total += <f64>hsum(acc);
    acc = f32x4.splat(0);
  }
  for (; k < n; k++) {
    const v = <f64>load<f32>(at(g, k));
    total += v * v;
  }
  return total;
}

/**
 * One AdamW update, n values (the trainer's formula, trainer.ts), m and v in place, the new
 * weights into wOut: g' = g·gScale; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
 * wOut = w·decay − stepSize·m/(√v + epsHat).
 */
export function adamW(w: usize, wOut: usize, g: usize, m: usize, v: usize, n: i32, gScale: f32, b1: f32, b2: f32, stepSize: f32, epsHat: f32, decay: f32): void {
  const gs = f32x4.splat(gScale);
  const b14 = f32x4.splat(b1);
  const c14 = f32x4.splat(1 - b1);
  const b24 = f32x4.splat(b2);
  const c24 = f32x4.splat(1 - b2);
  const st = f32x4.splat(stepSize);
  const ep = f32x4.splat(epsHat);
  const dc = f32x4.splat(decay);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const gi = f32x4.mul(v128.load(at(g, k)), gs);
    const mi = f32x4.add(f32x4.mul(v128.load(at(m, k)), b14), f32x4.mul(gi, c14));
    const vi = f32x4.add(f32x4.mul(v128.load(at(v, k)), b24), f32x4.mul(f32x4.mul(gi, gi), c24));
    const upd = f32x4.mul(f32x4.div(mi, f32x4.add(f32x4.sqrt(vi), ep)), st);
    v128.store(at(wOut, k), f32x4.sub(f32x4.mul(v128.load(at(w, k)), dc), upd));
    v128.store(at(m, k), mi);
    v128.store(at(v, k), vi);
  }
  for (; k < n; k++) {
    const gi = load<f32>(at(g, k)) * gScale;
    const mi = load<f32>(at(m, k)) * b1 + gi * (1 - b1);
    const vi = load<f32>(at(v, k)) * b2 + gi * gi * (1 - b2);
    store<f32>(at(wOut, k), load<f32>(at(w, k)) * decay - (mi / (Mathf.sqrt(vi) + epsHat)) * stepSize);
    store<f32>(at(m, k), mi);
    store<f32>(at(v, k), vi);
  }
}

// ---- matrix products --------------------------------------------------------------------------

// a·b + c: one fused multiply-add where the engine has relaxed SIMD (the build with
// --enable relaxed-simd), else a multiply and an add.
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// gemmStrided's `tri`: which triangle of a square causal-attention product matters (the other
// half of each T×T square is masked, so skipping it halves attention's arithmetic).
/** Every value of C. */
const FULL = 0;
/** Only C[i, j] with j ≤ i is read afterwards (scores S = Q·Kᵀ, dP = dO·Vᵀ). */
const OUT_LOWER = 1;
/** op(A) is lower triangular: 0 where k > i (P·V, dS·K). */
const A_LOWER = 2;
/** op(A) is upper triangular: 0 where k < i (Pᵀ·dO, dSᵀ·Q). */
const A_UPPER = 3;

/**
 * C [M, N] = op(A) · op(B) (+ bias [N]; 0 = none).
 * transA = 0: A is [M, K] row-major; transA = 1: A is stored [K, M] and op(A) = Aᵀ (so a weight
 * gradient xᵀ·g needs no transpose copy). transB = 0: B is [K, N]; transB = 1: B is stored [N, K]
 * and op(B) = Bᵀ (an input gradient g·Wᵀ, the tied head h·wteᵀ: no transpose kernel, which on
 * tfjs-wasm cost ~5 % of a GPT step). scratch: gemmScratchSize(M, N, K, transA) floats.
 */
export function gemm(a: usize, b: usize, c: usize, bias: usize, M: i32, N: i32, K: i32, transA: i32, transB: i32, scratch: usize): void {
  gemmStrided(a, transA ? M : K, transA, b, transB ? K : N, transB, c, N, bias, M, N, K, scratch, FULL);
}

/** Floats of scratch gemm needs: one packed panel of B and all of A (its rows in blocks of 4). */
@inline function gemmScratch(M: i32, N: i32, K: i32, transA: i32): i32 {
  return K * 8 + (M & ~3) * K;
}

export function gemmScratchSize(M: i32, N: i32, K: i32, transA: i32): i32 {
  return gemmScratch(M, N, K, transA);
}

/**
 * gemm on strided matrices: element (m, k) of op(A) at a[m·lda + k] (transA = 0) or a[k·lda + m]
 * (transA = 1); op(B) (k, n) at b[k·ldb + n] (transB = 0) or b[n·ldb + k] (transB = 1); C (m, n) at
 * c[m·ldc + n].
 * Blocks of 4 rows × 8 columns held in 8 SIMD accumulators. Each 8-column panel of B is copied
 * into scratch (K × 8, contiguous) before the row blocks pass over it, and with transA so is A
 * (blocks of 4 rows × K) once: read in place, rows 2 KB apart fall into the same few L1 cache sets
 * and evict each other (N = 512 ran at half speed).
 */
function gemmStrided(a: usize, lda: i32, transA: i32, b: usize, ldb: i32, transB: i32, c: usize, ldc: i32, bias: usize, M: i32, N: i32, K: i32, scratch: usize, tri: i32): void {
  const N8 = N & ~7;
  const M4 = M & ~3;
  const panel = scratch; // one B panel: B[k, n0 .. n0+8) for k = 0..K, 32 bytes per k
  const packedA = at(scratch, K * 8);
  // Pack A: block q holds op(A)[4q .. 4q+4, k] for k = 0..K, 16 bytes per k, so the inner loop
  // reads its four values at fixed offsets from one pointer. Read in place, each row's value took
  // an address computed anew (wasm's 32-bit index arithmetic), three more instructions per k.
  if (transA) {
    for (let q = 0; q < M4; q += 4) {
      let src = at(a, q);
      let dst = at(packedA, q * K);
      for (let k = 0; k < K; k++) {
        v128.store(dst, v128.load(src));
        src += <usize>lda << 2;
        dst += 16;
      }
    }
  } else {
    const r = <usize>lda << 2;
    for (let q = 0; q < M4; q += 4) {
      let src = at(a, q * lda);
      let dst = at(packedA, q * K);
      for (let k = 0; k < K; k++) {
        store<f32>(dst, load<f32>(src));
        store<f32>(dst, load<f32>(src + r), 4);
        store<f32>(dst, load<f32>(src + 2 * r), 8);
        store<f32>(dst, load<f32>(src + 3 * r), 12);
        src += 4;
        dst += 16;
      }
    }
  }
  for (let n0 = 0; n0 < N8; n0 += 8) {
    let bias0 = f32x4.splat(0);
    let bias1 = f32x4.splat(0);
    if (bias) {
      bias0 = v128.load(at(bias, n0));
      bias1 = v128.load(at(bias, n0 + 4));
    }
    if (transB) {
      // Panel column j is row n0 + j of the stored B, read along k.
      for (let j = 0; j < 8; j++) {
        let src = at(b, (n0 + j) * ldb);
        let dst = at(panel, j);
        for (let k = 0; k < K; k++) {
          store<f32>(dst, load<f32>(src));
          src += 4;
          dst += 32;
        }
      }
    } else {
      let src = at(b, n0);
      let dst = panel;
      for (let k = 0; k < K; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += <usize>ldb << 2;
        dst += 32;
      }
    }
    // OUT_LOWER: row blocks wholly above the diagonal (all j > i) are skipped.
    for (let m0 = tri == OUT_LOWER ? n0 : 0; m0 < M4; m0 += 4) {
      let c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1;
      let c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
      // A_LOWER: op(A)[i, k] = 0 for k > i, so rows m0..m0+3 stop at k = m0+3; A_UPPER: 0 for
      // k < i, so they start at k = m0.
      const k0 = tri == A_UPPER ? min(m0, K) : 0;
      const k1 = tri == A_LOWER ? min(m0 + 4, K) : K;
      let pb = at(panel, k0 * 8);
      let pa = at(packedA, m0 * K + k0 * 4);
      for (let k = k0; k < k1; k++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        // Four broadcast loads, not one load and four shuffles: shuffles share one port on x64
        // and held the Aᵀ products (weight gradients) at 30–47 GFLOP/s against 50–55.
        const a0 = v128.load32_splat(pa);
        const a1 = v128.load32_splat(pa, 4);
        const a2 = v128.load32_splat(pa, 8);
        const a3 = v128.load32_splat(pa, 12);
        c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
        c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
        c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
        c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
        pa += 16;
        pb += 32;
      }
      const pc = at(c, m0 * ldc + n0);
      const rc = <usize>ldc << 2;
      v128.store(pc, c00); v128.store(pc, c01, 16);
      v128.store(pc + rc, c10); v128.store(pc + rc, c11, 16);
      v128.store(pc + 2 * rc, c20); v128.store(pc + 2 * rc, c21, 16);
      v128.store(pc + 3 * rc, c30); v128.store(pc + 3 * rc, c31, 16);
    }
  }
  // Edges (rows past the last block of 4, columns past the last block of 8): one value at a time.
  const sam = transA ? 1 : lda;
  const sak = transA ? lda : 1;
  const sbk = transB ? 1 : ldb;
  const sbn = transB ? ldb : 1;
  for (let m = 0; m < M; m++) {
    const n1 = m < M4 ? N8 : 0;
    for (let n = n1; n < N; n++) {
      let s: f32 = bias ? load<f32>(at(bias, n)) : 0;
      for (let k = 0; k < K; k++) s += load<f32>(at(a, m * sam + k * sak)) * load<f32>(at(b, k * sbk + n * sbn));
      store<f32>(at(c, m * ldc + n), s);
    }
  }
}

/** dst [cols, rows] = src [rows, cols]ᵀ, src rows ld apart. */
function transposeInto(src: usize, ld: i32, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = at(src, r * ld);
    for (let c = 0; c < cols; c++) store<f32>(at(dst, c * rows + r), load<f32>(at(row, c)));
  }
}

/** y[k] += x[k], n values (a peer's gradients into the trainer's, data-parallel.ts). */
export function addInto(y: usize, x: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(at(y, k), f32x4.add(v128.load(at(y, k)), v128.load(at(x, k))));
  for (; k < n; k++) store<f32>(at(y, k), load<f32>(at(y, k)) + load<f32>(at(x, k)));
}

/** out [N] = Σ rows of x [M, N] (a bias gradient). */
export function sumRows(x: usize, out: usize, M: i32, N: i32): void {
  zero(out, N);
  for (let m = 0; m < M; m++) {
    const row = at(x, m * N);
    let n = 0;
    for (; n + 4 <= N; n += 4) v128.store(at(out, n), f32x4.add(v128.load(at(out, n)), v128.load(at(row, n))));
    for (; n < N; n++) store<f32>(at(out, n), load<f32>(at(out, n)) + load<f32>(at(row, n)));
  }
}
