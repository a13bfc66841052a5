/**
 * The Llama inference step on the studio's WebAssembly SIMD kernels (assembly/llama-kernels.ts):
 * the same arithmetic as the typed-array step in src/core/lm/llama.ts, four float32 lanes at a time.
 * The weights are copied once, at load, into a WebAssembly memory of the step's own, beside the
 * key/value cache and the scratch vectors; that memory never grows, so the views of it stay valid.
 *
 * `createLlamaWasmStep` answers null where WebAssembly SIMD is missing, the module cannot be
 * compiled synchronously (a page's main thread refuses modules over 4 KB), the model would not fit
 * in one memory, or the kernels are turned off; the typed-array step then runs instead.
 */
import { PLAIN_WASM } from './generated/llama-kernels-wasm';

type Ptr = number;

/** The shape fields of core/lm's LlamaConfig the step needs (kernels come before lm). */
export interface LlamaStepShape {
  dim: number; hiddenDim: number; nLayers: number; nHeads: number; nKvHeads: number; headDim: number;
  vocabSize: number; seqLen: number; normEps: number;
}
interface LlamaKernelExports {
  matvec(out: Ptr, w: Ptr, x: Ptr, rows: number, n: number): void;
  rmsnorm(out: Ptr, x: Ptr, w: Ptr, n: number, eps: number): void;
  rope(v: Ptr, cos: Ptr, sin: Ptr, nHeads: number, hd: number): void;
  attend(q: Ptr, keys: Ptr, values: Ptr, out: Ptr, att: Ptr, pos: number, nHeads: number, hd: number, kvDim: number, rep: number, scale: number): void;
  swiglu(g: Ptr, u: Ptr, n: number): void;
  addInto(x: Ptr, y: Ptr, n: number): void;
}

/** The per-layer weights, by the names of llama.ts's Layer. */
export interface LlamaLayerWeights {
  attNorm: Float32Array; wq: Float32Array; wk: Float32Array; wv: Float32Array; wo: Float32Array;
  ffnNorm: Float32Array; w1: Float32Array; w2: Float32Array; w3: Float32Array;
}

export interface LlamaStepWeights {
  emb: Float32Array;
  norm: Float32Array;
  head: Float32Array;
  layers: readonly LlamaLayerWeights[];
  /** RoPE tables [seqLen, headDim/2], as the typed-array step computes them. */
  cos: Float32Array;
  sin: Float32Array;
}

/** Above this the copy is not worth the memory (a wasm32 memory holds 4 GiB; browsers often refuse much less). */
const MAX_BYTES = 1024 * 1024 * 1024;

let enabled = true;
let failure: string | null = null;
let compiled: WebAssembly.Module | null = null;

/** Turns the WebAssembly step off or on for models created afterwards (tests and benches compare both). */
export function setLlamaKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Why the WebAssembly step is unavailable here, or null. */
export function llamaKernelsFailure(): string | null {
  return failure;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function module(): WebAssembly.Module | null {
  if (compiled || failure) return compiled;
  try {
    if (typeof WebAssembly === 'undefined') throw new Error('WebAssembly is missing');
    const bytes = decode(PLAIN_WASM);
    if (!WebAssembly.validate(bytes)) throw new Error('WebAssembly SIMD is missing');
    compiled = new WebAssembly.Module(bytes);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  return compiled;
}

/** A bump allocator over byte offsets, 16-byte aligned (the kernels load four floats at a time). */
class Layout {
  bytes = 0;
  take(floats: number): Ptr {
    const at = this.bytes;
    this.bytes += Math.ceil((floats * 4) / 16) * 16;
    return at;
  }
}

interface LayerPtrs { attNorm: Ptr; wq: Ptr; wk: Ptr; wv: Ptr; wo: Ptr; ffnNorm: Ptr; w1: Ptr; w2: Ptr; w3: Ptr }

export class LlamaWasmStep {
  private readonly k: LlamaKernelExports;
  private readonly layers: LayerPtrs[];
  private readonly p: { emb: Ptr; norm: Ptr; head: Ptr; cos: Ptr; sin: Ptr; keys: Ptr; values: Ptr; x: Ptr; xb: Ptr; xb2: Ptr; q: Ptr; att: Ptr; hb: Ptr; hb2: Ptr; logits: Ptr };
  private readonly f32: Float32Array;
  private readonly logits: Float32Array;

  constructor(private readonly c: LlamaStepShape, mod: WebAssembly.Module, w: LlamaStepWeights) {
    const kvDim = c.nKvHeads * c.headDim;
    const qDim = c.nHeads * c.headDim;
    const lay = new Layout();
    const arrays: [Ptr, Float32Array][] = [];
    const put = (a: Float32Array): Ptr => {
      const at = lay.take(a.length);
      arrays.push([at, a]);
      return at;
    };
    this.layers = w.layers.map((L) => ({
      attNorm: put(L.attNorm), wq: put(L.wq), wk: put(L.wk), wv: put(L.wv), wo: put(L.wo),
      ffnNorm: put(L.ffnNorm), w1: put(L.w1), w2: put(L.w2), w3: put(L.w3),
    }));
    const emb = put(w.emb);
    const head = w.head === w.emb ? emb : put(w.head);
    this.p = {
      emb, head, norm: put(w.norm), cos: put(w.cos), sin: put(w.sin),
      keys: lay.take(c.nLayers * c.seqLen * kvDim), values: lay.take(c.nLayers * c.seqLen * kvDim),
      x: lay.take(c.dim), xb: lay.take(Math.max(c.dim, qDim)), xb2: lay.take(c.dim), q: lay.take(qDim),
      att: lay.take(c.seqLen + 4), hb: lay.take(c.hiddenDim), hb2: lay.take(c.hiddenDim), logits: lay.take(c.vocabSize),
    };
    if (lay.bytes > MAX_BYTES) throw new Error(`the model needs ${lay.bytes} bytes, over the step's ${MAX_BYTES}`);
    const pages = Math.ceil(lay.bytes / 65536) || 1;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as LlamaKernelExports;
    this.f32 = new Float32Array(memory.buffer);
    for (const [at, a] of arrays) this.f32.set(a, at / 4);
    this.logits = this.f32.subarray(this.p.logits / 4, this.p.logits / 4 + c.vocabSize);
  }

  /** Logits [V] for token at pos (checked by the caller); the array is reused by the next step. */
  step(token: number, pos: number): Float32Array {
    const { c, k, p } = this;
    const { dim, hiddenDim, nHeads, headDim: hd, normEps } = c;
    const kvDim = c.nKvHeads * hd;
    const qDim = nHeads * hd;
    const rep = nHeads / c.nKvHeads;
    const half = hd / 2;
    const scale = Math.fround(1 / Math.sqrt(hd));
    this.f32.copyWithin(p.x / 4, p.emb / 4 + token * dim, p.emb / 4 + (token + 1) * dim);
    const cos = p.cos + pos * half * 4;
    const sin = p.sin + pos * half * 4;
    for (let l = 0; l < c.nLayers; l++) {
      const L = this.layers[l]!;
      k.rmsnorm(p.xb, p.x, L.attNorm, dim, normEps);
      const base = l * c.seqLen * kvDim * 4;
      const kAt = p.keys + base + pos * kvDim * 4;
      const vAt = p.values + base + pos * kvDim * 4;
      k.matvec(p.q, L.wq, p.xb, qDim, dim);
      k.matvec(kAt, L.wk, p.xb, kvDim, dim);
      k.matvec(vAt, L.wv, p.xb, kvDim, dim);
      k.rope(p.q, cos, sin, nHeads, hd);
      k.rope(kAt, cos, sin, c.nKvHeads, hd);
      k.attend(p.q, p.keys + base, p.values + base, p.xb, p.att, pos, nHeads, hd, kvDim, rep, scale);
      k.matvec(p.xb2, L.wo, p.xb, dim, qDim);
      k.addInto(p.x, p.xb2, dim);
      k.rmsnorm(p.xb, p.x, L.ffnNorm, dim, normEps);
      k.matvec(p.hb, L.w1, p.xb, hiddenDim, dim);
      k.matvec(p.hb2, L.w3, p.xb, hiddenDim, dim);
      k.swiglu(p.hb, p.hb2, hiddenDim);
      k.matvec(p.xb, L.w2, p.hb, dim, hiddenDim);
      k.addInto(p.x, p.xb, dim);
    }
    k.rmsnorm(p.x, p.x, p.norm, dim, normEps);
    k.matvec(p.logits, p.head, p.x, c.vocabSize, dim);
    return this.logits;
  }
}

/** The WebAssembly step for this model, or null when it cannot run here (see llamaKernelsFailure). */
export function createLlamaWasmStep(c: LlamaStepShape, w: LlamaStepWeights): LlamaWasmStep | null {
  if (!enabled) return null;
  const mod = module();
  if (!mod) return null;
  try {
    return new LlamaWasmStep(c, mod, w);
  } catch {
    return null; // too large for one memory, or the engine refused it: the typed-array step runs
  }
}
