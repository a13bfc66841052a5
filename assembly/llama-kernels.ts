// The Llama inference step's kernels in AssemblyScript, compiled to WebAssembly SIMD by
// scripts/build-kernels.mjs and driven by src/core/kernels/llama-step.ts.
//
// Why: the typed-array step in src/core/lm/llama.ts spent about half its time in attention
// (head size 8: loops too short for the JIT) and most of the rest in the matrix-vector products;
// here attention runs four float32 lanes at a time and the products two float64 lanes (the
// typed-array step's float64 sums, so the logits stay within 1e-5 of it). The module imports a memory of its own (not
// tfjs's) that holds the weights, the key/value cache and the scratch vectors; every argument
// called a pointer is a byte offset in it. No runtime, no allocation, no static data.
//
// All tensors are float32, row-major. Checked against the JavaScript step in
// src/core/kernels/llama-step.test.ts.

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * e^x for 4 values (Cephes expf: range reduction by ln 2, degree-5 polynomial; ~1 ulp), 0 below
 * −87.3. Own code (as in gpt-kernels.ts): AssemblyScript's Mathf.exp brings lookup tables, i.e.
 * static data.
 */
@inline function exp4(x0: v128): v128 {
  const x1 = f32x4.min(f32x4.max(x0, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x1, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  let x = f32x4.sub(x1, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.add(x, f32x4.mul(fx, f32x4.splat(2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(x, x)), x), f32x4.splat(1));
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23);
  return v128.and(f32x4.mul(y, pow2), f32x4.ge(x0, f32x4.splat(-87.3)));
}

@inline function expf(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
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

@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

@inline function hsum2(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** Σ_j r[j]·x[j] in float64 (as the typed-array step sums), rounded once. */
@inline function dot64(r: usize, x: usize, n: i32): f32 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const xv = v128.load(at(x, j));
    const rv = v128.load(at(r, j));
    a = f64x2.add(a, f64x2.mul(lo(rv), lo(xv)));
    b = f64x2.add(b, f64x2.mul(hi(rv), hi(xv)));
  }
  let s = hsum2(a, b);
  for (; j < n; j++) s += <f64>load<f32>(at(r, j)) * <f64>load<f32>(at(x, j));
  return <f32>s;
}

/**
 * out[i] = Σ_j W[i, j]·x[j] for W [rows, n]. Products and sums in float64, like the typed-array
 * step (float32 sums drifted past 1e-5 on stories260K's logits); two rows at a time share each
 * widened load of x.
 */
export function matvec(out: usize, w: usize, x: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  const stride = <usize>n << 2;
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const r0 = w + <usize>i * stride;
    const r1 = r0 + stride;
    let a0 = f64x2.splat(0);
    let b0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    for (let j = 0; j < n4; j += 4) {
      const xv = v128.load(at(x, j));
      const xl = lo(xv);
      const xh = hi(xv);
      const w0 = v128.load(at(r0, j));
      const w1 = v128.load(at(r1, j));
      a0 = f64x2.add(a0, f64x2.mul(lo(w0), xl));
      b0 = f64x2.add(b0, f64x2.mul(hi(w0), xh));
      a1 = f64x2.add(a1, f64x2.mul(lo(w1), xl));
      b1 = f64x2.add(b1, f64x2.mul(hi(w1), xh));
    }
    let s0 = hsum2(a0, b0);
    let s1 = hsum2(a1, b1);
    for (let j = n4; j < n; j++) {
      const xj = <f64>load<f32>(at(x, j));
      s0 += <f64>load<f32>(at(r0, j)) * xj;
      s1 += <f64>load<f32>(at(r1, j)) * xj;
    }
    store<f32>(at(out, i), <f32>s0);
    store<f32>(at(out, i + 1), <f32>s1);
  }
  for (; i < rows; i++) store<f32>(at(out, i), dot64(w + <usize>i * stride, x, n));
}

/** out = w ⊙ x / √(mean(x²) + eps), n values (out may be x). */
export function rmsnorm(out: usize, x: usize, w: usize, n: i32, eps: f32): void {
  const inv: f32 = 1 / Mathf.sqrt(dot(x, x, n) / <f32>n + eps);
  const s = f32x4.splat(inv);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(out, i), f32x4.mul(v128.load(at(w, i)), f32x4.mul(v128.load(at(x, i)), s)));
  for (; i < n; i++) store<f32>(at(out, i), load<f32>(at(w, i)) * (load<f32>(at(x, i)) * inv));
}

/** Rotary embedding in HF's rotate-halves order for nHeads heads of hd values at v; cos/sin: this position's hd/2 angles. */
export function rope(v: usize, cos: usize, sin: usize, nHeads: i32, hd: i32): void {
  const half = hd >> 1;
  for (let h = 0; h < nHeads; h++) {
    const o = v + (<usize>(h * hd) << 2);
    for (let i = 0; i < half; i++) {
      const c = load<f32>(at(cos, i));
      const s = load<f32>(at(sin, i));
      const a = load<f32>(at(o, i));
      const b = load<f32>(at(o, i + half));
      store<f32>(at(o, i), a * c - b * s);
      store<f32>(at(o, i + half), b * c + a * s);
    }
  }
}

/**
 * Causal attention of one position over this layer's cache (keys, values: [seqLen, kvDim]): per
 * query head h, softmax(q·kᵀ·scale) · v over positions 0…pos with kv head ⌊h/rep⌋; out [nHeads·hd];
 * att: pos+1 (rounded up to 4) floats of scratch.
 */
export function attend(q: usize, keys: usize, values: usize, out: usize, att: usize, pos: i32, nHeads: i32, hd: i32, kvDim: i32, rep: i32, scale: f32): void {
  const n = pos + 1;
  const kvStride = <usize>kvDim << 2;
  for (let h = 0; h < nHeads; h++) {
    const qh = at(q, h * hd);
    const kh = at(keys, (h / rep) * hd);
    const vh = at(values, (h / rep) * hd);
    let max: f32 = -Infinity;
    for (let t = 0; t < n; t++) {
      const s = dot(qh, kh + <usize>t * kvStride, hd) * scale;
      store<f32>(at(att, t), s);
      max = Mathf.max(max, s);
    }
    const m4 = f32x4.splat(max);
    let z4 = f32x4.splat(0);
    let t = 0;
    for (; t + 4 <= n; t += 4) {
      const e = exp4(f32x4.sub(v128.load(at(att, t)), m4));
      v128.store(at(att, t), e);
      z4 = f32x4.add(z4, e);
    }
    let z = hsum(z4);
    for (; t < n; t++) {
      const e = expf(load<f32>(at(att, t)) - max);
      store<f32>(at(att, t), e);
      z += e;
    }
    const inv: f32 = 1 / z;
    const oh = at(out, h * hd);
    memory.fill(oh, 0, <usize>hd << 2);
    for (t = 0; t < n; t++) {
      const a = load<f32>(at(att, t)) * inv;
      const a4 = f32x4.splat(a);
      const vt = vh + <usize>t * kvStride;
      let i = 0;
      for (; i + 4 <= hd; i += 4) v128.store(at(oh, i), f32x4.add(v128.load(at(oh, i)), f32x4.mul(a4, v128.load(at(vt, i)))));
      for (; i < hd; i++) store<f32>(at(oh, i), load<f32>(at(oh, i)) + a * load<f32>(at(vt, i)));
    }
  }
}

/** g[i] = silu(g[i])·u[i] (SwiGLU), n values. */
export function swiglu(g: usize, u: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(at(g, i));
    const sig = f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
    v128.store(at(g, i), f32x4.mul(f32x4.mul(x, sig), v128.load(at(u, i))));
  }
  for (; i < n; i++) {
    const x = load<f32>(at(g, i));
    store<f32>(at(g, i), (x / (1 + expf(-x))) * load<f32>(at(u, i)));
  }
}

/** x[i] += y[i], n values (the residual adds). */
export function addInto(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(x, i), f32x4.add(v128.load(at(x, i)), v128.load(at(y, i))));
  for (; i < n; i++) store<f32>(at(x, i), load<f32>(at(x, i)) + load<f32>(at(y, i)));
}
