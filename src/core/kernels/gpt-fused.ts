/**
 * The studio's fused GPT kernels (assembly/gpt-kernels.ts, AssemblyScript → WebAssembly SIMD) as
 * tfjs kernels of the wasm backend: causal self-attention, LayerNorm and exact GELU, forwards and
 * backwards, plus an in-place AdamW update. The module imports tfjs-backend-wasm's own memory, so
 * a kernel reads its inputs and writes its outputs where tfjs keeps them: no copies.
 *
 * `gptKernels()` answers null on other backends or when the module cannot be instantiated; the
 * GPT ops then use their plain tfjs formulation (same maths, checked equal in gpt-fused.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { PLAIN_WASM, PLAINRELAXED_WASM, SHARED_WASM, SHAREDRELAXED_WASM } from './generated/gpt-kernels-wasm';
import { sizeOf, type WasmBackendLike } from './wasm-heap';

type Ptr = number;
export interface GptKernelExports {
  attentionForward(qkv: Ptr, out: Ptr, probs: Ptr, B: number, T: number, H: number, hd: number, scale: number, scratch: Ptr): void;
  attentionScratch(T: number, hd: number): number;
  attentionBackward(qkv: Ptr, probs: Ptr, dOut: Ptr, dqkv: Ptr, scratch: Ptr, B: number, T: number, H: number, hd: number, scale: number): void;
  layerNormForward(x: Ptr, w: Ptr, b: Ptr, y: Ptr, stats: Ptr, N: number, C: number, eps: number): void;
  layerNormBackward(x: Ptr, w: Ptr, stats: Ptr, dy: Ptr, dx: Ptr, dw: Ptr, db: Ptr, N: number, C: number): void;
  geluForward(x: Ptr, y: Ptr, d: Ptr, n: number): void;
  geluBackward(d: Ptr, dy: Ptr, dx: Ptr, n: number): void;
  sumSquares(g: Ptr, n: number): number;
  gemm(a: Ptr, b: Ptr, c: Ptr, bias: Ptr, M: number, N: number, K: number, transA: number, transB: number, scratch: Ptr): void;
  gemmScratchSize(M: number, N: number, K: number, transA: number): number;
  sumRows(x: Ptr, out: Ptr, M: number, N: number): void;
  addInto(y: Ptr, x: Ptr, n: number): void;
  adamW(w: Ptr, wOut: Ptr, g: Ptr, m: Ptr, v: Ptr, n: number, gScale: number, b1: number, b2: number, stepSize: number, epsHat: number, decay: number): void;
  constantFloats(): number;
  initConstants(table: Ptr): void;
}

/** The parts of tfjs-backend-wasm's backend these kernels use (see wasm-heap.ts). */
interface WasmBackend extends WasmBackendLike {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  getMemoryOffset(dataId: object): number;
  dataIdMap: { get(dataId: object): { refCount: number } | undefined };
  incRef(dataId: object): void;
}

const instances = new WeakMap<WebAssembly.Memory, GptKernelExports>();
let failure: string | null = null;
let enabled = true;

/** Turns the fused kernels off or on (tests and benches compare both paths). */
export function setGptKernelsEnabled(on: boolean): void {
  enabled = on;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether the kernels use fused multiply-adds (relaxed SIMD); set when they load. */
let relaxed = false;

function instantiate(memory: WebAssembly.Memory): GptKernelExports {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const withFma = decode(shared ? SHAREDRELAXED_WASM : PLAINRELAXED_WASM);
  relaxed = WebAssembly.validate(withFma); // engines without relaxed SIMD reject the module
  // Synchronous compile: fine in workers and Node (the module is ~10 KB; the main thread of a page
  // refuses sync compiles over 4 KB, and then the plain tfjs ops run instead).
  const module = new WebAssembly.Module(relaxed ? withFma : decode(shared ? SHARED_WASM : PLAIN_WASM));
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GptKernelExports;
}

/** Whether the loaded kernels use fused multiply-adds (relaxed SIMD). */
export function gptKernelsUseFma(): boolean {
  return relaxed;
}

function wasmBackend(): WasmBackend | null {
  if (tf.getBackend() !== 'wasm') return null;
  return tf.backend() as unknown as WasmBackend;
}

/** The kernels bound to the current wasm backend's memory, or null (other backend, or they failed to load). */
export function gptKernels(): GptKernelExports | null {
  const backend = wasmBackend();
  if (!backend || failure || !enabled) return null;
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) {
    failure = 'tfjs-backend-wasm does not expose its memory';
    return null;
  }
  let k = instances.get(memory);
  if (!k) {
    try {
      k = instantiate(memory);
      // The kernels' vector constants (assembly/gpt-kernels.ts, initConstants): a table on the heap
      // for as long as the backend lives (backend memory without a tensor: never disposed).
      const table = backend.makeOutput([k.constantFloats()], 'float32');
      k.initConstants(backend.getMemoryOffset(table.dataId));
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      return null;
    }
    instances.set(memory, k);
    registerKernels();
  }
  return k;
}

/** Why the fused kernels are not in use on wasm (null when they are, or were never asked for). */
export function gptKernelsFailure(): string | null {
  return failure;
}

/** Byte offset of a tensor on the wasm heap. */
export function heapOffset(t: TensorInfo): number {
  return (tf.backend() as unknown as WasmBackend).getMemoryOffset(t.dataId);
}

/**
 * A new float32 tensor on the wasm heap whose values the caller writes (through heapOffset)
 * before anything reads it.
 */
export function uninitialised(shape: number[]): tf.Tensor {
  const backend = tf.backend() as unknown as WasmBackend;
  return tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, 'float32'));
}

/** A view of a tensor's values on the wasm heap (valid until the next allocation). */
export function heapView(t: TensorInfo): Float32Array {
  return (tf.backend() as unknown as WasmBackend).typedArrayFromHeap(t) as Float32Array;
}

/** Whether only one tensor refers to this tensor's memory (so an in-place update is invisible to others). */
export function ownsMemory(t: TensorInfo): boolean {
  return (tf.backend() as unknown as WasmBackend).dataIdMap.get(t.dataId)?.refCount === 1;
}

type Args = { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap };

function kernel(kernelName: string, run: (b: WasmBackend, k: GptKernelExports, inputs: NamedTensorInfoMap, attrs: NamedAttrMap) => TensorInfo | TensorInfo[]): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: ((args: Args) => {
      const b = args.backend as WasmBackend;
      const k = gptKernels();
      if (!k) throw new Error(`${kernelName}: the studio's wasm kernels are not loaded`);
      return run(b, k, args.inputs, args.attrs ?? {});
    }) as KernelConfig['kernelFunc'],
  };
}

const ptr = (b: WasmBackend, t: TensorInfo | undefined) => (t ? b.getMemoryOffset(t.dataId) : 0);

export const STUDIO_ATTENTION = 'StudioCausalAttention';
export const STUDIO_ATTENTION_GRAD = 'StudioCausalAttentionGrad';
export const STUDIO_LAYER_NORM = 'StudioLayerNorm';
export const STUDIO_LAYER_NORM_GRAD = 'StudioLayerNormGrad';
export const STUDIO_GELU = 'StudioGelu';
export const STUDIO_MATMUL = 'StudioMatMul';
export const STUDIO_SUM_ROWS = 'StudioSumRows';
export const STUDIO_GELU_GRAD = 'StudioGeluGrad';
export const STUDIO_ATTENTION_BLOCK = 'StudioAttentionBlock';
export const STUDIO_ATTENTION_BLOCK_GRAD = 'StudioAttentionBlockGrad';
export const STUDIO_MLP_BLOCK = 'StudioMlpBlock';
export const STUDIO_MLP_BLOCK_GRAD = 'StudioMlpBlockGrad';

/** Floats of gemm scratch for the largest of the products listed as [M, N, K, transA]. */
function gemmScratchFor(k: GptKernelExports, shapes: [number, number, number, number][]): number {
  return Math.max(...shapes.map(([m, n, kk, ta]) => k.gemmScratchSize(m, n, kk, ta)));
}

const configs: KernelConfig[] = [
  // qkv [B, T, 3C] → y [B, T, C], probs [B, H, T, T]
  kernel(STUDIO_ATTENTION, (b, k, { qkv }, { heads }) => {
    const [B, T, C3] = qkv!.shape as [number, number, number];
    const H = heads as number;
    const hd = C3 / 3 / H;
    const y = b.makeOutput([B, T, C3 / 3], 'float32');
    const probs = b.makeOutput([B, H, T, T], 'float32');
    const scratch = b.makeOutput([k.attentionScratch(T, hd)], 'float32');
    k.attentionForward(ptr(b, qkv), ptr(b, y), ptr(b, probs), B, T, H, hd, 1 / Math.sqrt(hd), ptr(b, scratch));
    b.disposeData(scratch.dataId);
    return [y, probs];
  }),
  // qkv, probs, dy [B, T, C] → dqkv [B, T, 3C]
  kernel(STUDIO_ATTENTION_GRAD, (b, k, { qkv, probs, dy }, { heads }) => {
    const [B, T, C3] = qkv!.shape as [number, number, number];
    const H = heads as number;
    const hd = C3 / 3 / H;
    const dqkv = b.makeOutput([B, T, C3], 'float32');
    const scratch = b.makeOutput([k.attentionScratch(T, hd)], 'float32');
    k.attentionBackward(ptr(b, qkv), ptr(b, probs), ptr(b, dy), ptr(b, dqkv), ptr(b, scratch), B, T, H, hd, 1 / Math.sqrt(hd));
    b.disposeData(scratch.dataId);
    return dqkv;
  }),
  // x [N, C], w [C], b? [C] → y [N, C], stats [N, 2]
  kernel(STUDIO_LAYER_NORM, (b, k, { x, w, bias }, { eps }) => {
    const [N, C] = x!.shape as [number, number];
    const y = b.makeOutput([N, C], 'float32');
    const stats = b.makeOutput([N, 2], 'float32');
    k.layerNormForward(ptr(b, x), ptr(b, w), ptr(b, bias), ptr(b, y), ptr(b, stats), N, C, eps as number);
    return [y, stats];
  }),
  // x, w, stats, dy → dx [N, C], dw [C] (, db [C] when hasBias)
  kernel(STUDIO_LAYER_NORM_GRAD, (b, k, { x, w, stats, dy }, { hasBias }) => {
    const [N, C] = x!.shape as [number, number];
    const dx = b.makeOutput([N, C], 'float32');
    const dw = b.makeOutput([C], 'float32');
    const db = hasBias ? b.makeOutput([C], 'float32') : undefined;
    k.layerNormBackward(ptr(b, x), ptr(b, w), ptr(b, stats), ptr(b, dy), ptr(b, dx), ptr(b, dw), ptr(b, db), N, C);
    return db ? [dx, dw, db] : [dx, dw];
  }),
  // op(a) · op(b) (+ bias): a [M, K], or a [K, M] with transA; b [K, N], or b [N, K] with transB; bias [N] → [M, N]
  kernel(STUDIO_MATMUL, (be, k, { a, b, bias }, { transA, transB }) => {
    const [K, N] = transB ? [b!.shape[1]!, b!.shape[0]!] : (b!.shape as [number, number]);
    const M = transA ? a!.shape[1]! : a!.shape[0]!;
    const c = be.makeOutput([M, N], 'float32');
    const scratch = be.makeOutput([k.gemmScratchSize(M, N, K, transA ? 1 : 0)], 'float32');
    k.gemm(ptr(be, a), ptr(be, b), ptr(be, c), ptr(be, bias), M, N, K, transA ? 1 : 0, transB ? 1 : 0, ptr(be, scratch));
    be.disposeData(scratch.dataId);
    return c;
  }),
  // x [M, N] → column sums [N]
  kernel(STUDIO_SUM_ROWS, (b, k, { x }) => {
    const [M, N] = x!.shape as [number, number];
    const out = b.makeOutput([N], 'float32');
    k.sumRows(ptr(b, x), ptr(b, out), M, N);
    return out;
  }),
  // x → y = gelu(x), and with withGrad also its derivative d (for STUDIO_GELU_GRAD)
  kernel(STUDIO_GELU, (b, k, { x }, { withGrad }) => {
    const y = b.makeOutput(x!.shape, 'float32');
    const d = withGrad ? b.makeOutput(x!.shape, 'float32') : undefined;
    k.geluForward(ptr(b, x), ptr(b, y), ptr(b, d), sizeOf(x!.shape));
    return d ? [y, d] : y;
  }),
  // d (the forward's derivative), dy → dx = dy·d
  kernel(STUDIO_GELU_GRAD, (b, k, { d, dy }) => {
    const dx = b.makeOutput(d!.shape, 'float32');
    k.geluBackward(ptr(b, d), ptr(b, dy), ptr(b, dx), sizeOf(d!.shape));
    return dx;
  }),
  // A transformer block's attention half with its residual, one kernel each way (as the MLP half
  // below): x [B, T, C] → out = x + attn(ln(x)·qkvW + qkvB)·projW + projB, and, for the backward,
  // h = ln(x) [B·T, C], stats, qkv [B, T, 3C], probs [B, H, T, T] and y = attn(…) [B·T, C].
  kernel(STUDIO_ATTENTION_BLOCK, (b, k, { x, lnW, lnB, qkvW, qkvB, projW, projB }, { eps, heads }) => {
    const [B, T, C] = x!.shape as [number, number, number];
    const N = B * T;
    const H = heads as number;
    const hd = C / H;
    const out = b.makeOutput([B, T, C], 'float32');
    const h = b.makeOutput([N, C], 'float32');
    const stats = b.makeOutput([N, 2], 'float32');
    const qkv = b.makeOutput([B, T, 3 * C], 'float32');
    const probs = b.makeOutput([B, H, T, T], 'float32');
    const y = b.makeOutput([N, C], 'float32');
    const scratch = b.makeOutput([Math.max(k.attentionScratch(T, hd), gemmScratchFor(k, [[N, 3 * C, C, 0], [N, C, C, 0]]))], 'float32');
    const s = ptr(b, scratch);
    k.layerNormForward(ptr(b, x), ptr(b, lnW), ptr(b, lnB), ptr(b, h), ptr(b, stats), N, C, eps as number);
    k.gemm(ptr(b, h), ptr(b, qkvW), ptr(b, qkv), ptr(b, qkvB), N, 3 * C, C, 0, 0, s);
    k.attentionForward(ptr(b, qkv), ptr(b, y), ptr(b, probs), B, T, H, hd, 1 / Math.sqrt(hd), s);
    k.gemm(ptr(b, y), ptr(b, projW), ptr(b, out), ptr(b, projB), N, C, C, 0, 0, s);
    k.addInto(ptr(b, out), ptr(b, x), N * C);
    b.disposeData(scratch.dataId);
    return [out, h, stats, qkv, probs, y];
  }),
  // dy [B, T, C] and the forward's saved tensors → dx, dlnW, dqkvW, dprojW (, dlnB, dqkvB, dprojB).
  kernel(STUDIO_ATTENTION_BLOCK_GRAD, (b, k, { dy, x, lnW, stats, h, qkv, probs, y, qkvW, projW }, { hasBias, heads }) => {
    const [B, T, C] = x!.shape as [number, number, number];
    const N = B * T;
    const H = heads as number;
    const hd = C / H;
    const dx = b.makeOutput([B, T, C], 'float32');
    const dlnW = b.makeOutput([C], 'float32');
    const dqkvW = b.makeOutput([C, 3 * C], 'float32');
    const dprojW = b.makeOutput([C, C], 'float32');
    const biases = hasBias ? [b.makeOutput([C], 'float32'), b.makeOutput([3 * C], 'float32'), b.makeOutput([C], 'float32')] : [];
    const [dlnB, dqkvB, dprojB] = biases;
    const dY = b.makeOutput([N, C], 'float32');
    const dqkv = b.makeOutput([N, 3 * C], 'float32');
    const dh = b.makeOutput([N, C], 'float32');
    const gemms: [number, number, number, number][] = [[C, C, N, 1], [N, C, C, 0], [C, 3 * C, N, 1], [N, C, 3 * C, 0]];
    const scratch = b.makeOutput([Math.max(k.attentionScratch(T, hd), gemmScratchFor(k, gemms))], 'float32');
    const s = ptr(b, scratch);
    k.gemm(ptr(b, y), ptr(b, dy), ptr(b, dprojW), 0, C, C, N, 1, 0, s); // dprojW = yᵀ·dy
    if (dprojB) k.sumRows(ptr(b, dy), ptr(b, dprojB), N, C);
    k.gemm(ptr(b, dy), ptr(b, projW), ptr(b, dY), 0, N, C, C, 0, 1, s); // dY = dy·projWᵀ
    k.attentionBackward(ptr(b, qkv), ptr(b, probs), ptr(b, dY), ptr(b, dqkv), s, B, T, H, hd, 1 / Math.sqrt(hd));
    k.gemm(ptr(b, h), ptr(b, dqkv), ptr(b, dqkvW), 0, C, 3 * C, N, 1, 0, s); // dqkvW = hᵀ·dqkv
    if (dqkvB) k.sumRows(ptr(b, dqkv), ptr(b, dqkvB), N, 3 * C);
    k.gemm(ptr(b, dqkv), ptr(b, qkvW), ptr(b, dh), 0, N, C, 3 * C, 0, 1, s); // dh = dqkv·qkvWᵀ
    k.layerNormBackward(ptr(b, x), ptr(b, lnW), ptr(b, stats), ptr(b, dh), ptr(b, dx), ptr(b, dlnW), ptr(b, dlnB), N, C);
    k.addInto(ptr(b, dx), ptr(b, dy), N * C); // the residual's gradient
    for (const t of [dY, dqkv, dh, scratch]) b.disposeData(t.dataId);
    return hasBias ? [dx, dlnW, dqkvW, dprojW, dlnB!, dqkvB!, dprojB!] : [dx, dlnW, dqkvW, dprojW];
  }),
  // A transformer block's MLP half with its residual, one kernel each way (the step's engine work
  // per kernel, ~10 µs of tape, scopes and lookups, was ~8 % of it; this one replaces ~25 calls
  // per layer and direction): x [N, C] → out = x + gelu(ln(x)·fcW + fcB)·projW + projB, and, for the
  // backward, h = ln(x) [N, C], stats [N, 2], a = gelu(u) [N, 4C] and d = gelu'(u) [N, 4C].
  kernel(STUDIO_MLP_BLOCK, (b, k, { x, lnW, lnB, fcW, fcB, projW, projB }, { eps }) => {
    const [N, C] = x!.shape as [number, number];
    const F = fcW!.shape[1]!;
    const out = b.makeOutput([N, C], 'float32');
    const h = b.makeOutput([N, C], 'float32');
    const stats = b.makeOutput([N, 2], 'float32');
    const a = b.makeOutput([N, F], 'float32');
    const d = b.makeOutput([N, F], 'float32');
    const u = b.makeOutput([N, F], 'float32');
    const scratch = b.makeOutput([gemmScratchFor(k, [[N, F, C, 0], [N, C, F, 0]])], 'float32');
    k.layerNormForward(ptr(b, x), ptr(b, lnW), ptr(b, lnB), ptr(b, h), ptr(b, stats), N, C, eps as number);
    k.gemm(ptr(b, h), ptr(b, fcW), ptr(b, u), ptr(b, fcB), N, F, C, 0, 0, ptr(b, scratch));
    k.geluForward(ptr(b, u), ptr(b, a), ptr(b, d), N * F);
    k.gemm(ptr(b, a), ptr(b, projW), ptr(b, out), ptr(b, projB), N, C, F, 0, 0, ptr(b, scratch));
    k.addInto(ptr(b, out), ptr(b, x), N * C);
    b.disposeData(u.dataId);
    b.disposeData(scratch.dataId);
    return [out, h, stats, a, d];
  }),
  // dy [N, C] and the forward's saved tensors → dx (residual included), dlnW, dfcW, dprojW and,
  // with hasBias, dlnB, dfcB, dprojB (that order: the op's inputs, weights before biases).
  kernel(STUDIO_MLP_BLOCK_GRAD, (b, k, { dy, x, lnW, stats, h, a, d, fcW, projW }, { hasBias }) => {
    const [N, C] = x!.shape as [number, number];
    const F = fcW!.shape[1]!;
    const dx = b.makeOutput([N, C], 'float32');
    const dlnW = b.makeOutput([C], 'float32');
    const dfcW = b.makeOutput([C, F], 'float32');
    const dprojW = b.makeOutput([F, C], 'float32');
    const biases = hasBias ? [b.makeOutput([C], 'float32'), b.makeOutput([F], 'float32'), b.makeOutput([C], 'float32')] : [];
    const [dlnB, dfcB, dprojB] = biases;
    const du = b.makeOutput([N, F], 'float32');
    const dh = b.makeOutput([N, C], 'float32');
    const scratch = b.makeOutput([gemmScratchFor(k, [[F, C, N, 1], [N, F, C, 0], [C, F, N, 1], [N, C, F, 0]])], 'float32');
    const s = ptr(b, scratch);
    k.gemm(ptr(b, a), ptr(b, dy), ptr(b, dprojW), 0, F, C, N, 1, 0, s); // dprojW = aᵀ·dy
    if (dprojB) k.sumRows(ptr(b, dy), ptr(b, dprojB), N, C);
    k.gemm(ptr(b, dy), ptr(b, projW), ptr(b, du), 0, N, F, C, 0, 1, s); // da = dy·projWᵀ
    k.geluBackward(ptr(b, d), ptr(b, du), ptr(b, du), N * F); // du = da ⊙ gelu'(u), in place
    k.gemm(ptr(b, h), ptr(b, du), ptr(b, dfcW), 0, C, F, N, 1, 0, s); // dfcW = hᵀ·du
    if (dfcB) k.sumRows(ptr(b, du), ptr(b, dfcB), N, F);
    k.gemm(ptr(b, du), ptr(b, fcW), ptr(b, dh), 0, N, C, F, 0, 1, s); // dh = du·fcWᵀ
    k.layerNormBackward(ptr(b, x), ptr(b, lnW), ptr(b, stats), ptr(b, dh), ptr(b, dx), ptr(b, dlnW), ptr(b, dlnB), N, C);
    k.addInto(ptr(b, dx), ptr(b, dy), N * C); // the residual's gradient
    b.disposeData(du.dataId);
    b.disposeData(dh.dataId);
    b.disposeData(scratch.dataId);
    return hasBias ? [dx, dlnW, dfcW, dprojW, dlnB!, dfcB!, dprojB!] : [dx, dlnW, dfcW, dprojW];
  }),
];

/**
 * Identity that shares its input's memory (a reference more), as tfjs's cpu backend does, instead
 * of tfjs-wasm's copy. tf.customGrad runs Identity on every tensor a forward pass saves for its
 * gradient: ~150 copies of activations and weights per GPT step, ~5 % of it. Safe because nothing
 * writes a tensor in place without checking that it alone holds the memory (ownsMemory).
 */
const sharedIdentity: KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend }: Args) => {
    const x = inputs.x!;
    (backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }) as KernelConfig['kernelFunc'],
};

let registered = false;
function registerKernels(): void {
  if (registered) return;
  registered = true;
  for (const c of configs) if (!tf.getKernel(c.kernelName, c.backendName)) tf.registerKernel(c);
  if (tf.getKernel(tf.Identity, 'wasm')) tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel(sharedIdentity);
}
