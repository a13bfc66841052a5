/**
 * llama2.c checkpoints (MODEL-FORMATS.md §4; karpathy/llama2.c export.py and run.c):
 *   v0 (legacy)  7 int32 header; float32 tensors grouped by kind (all layers' wq, then all wk, …);
 *                a negative vocab_size means a separate classifier follows the legacy RoPE tables.
 *   v1           256-byte header: magic "ak42" (uint32 0x616b3432), version, 7 int32, uint8 shared;
 *                float32 norms first, then embeddings and the matrices, then wcls when not shared.
 *   v2           as v1 plus int32 group_size at byte 37; the matrices are Q8_0 (int8 values then
 *                float32 per-group scales) and are dequantized here to float32 (q · scale).
 * Everything is validated against the exact expected size before a single tensor is built, so a
 * truncated or foreign file is refused whole.
 */
import { ModelImportError, MAX_MODEL_BYTES, permuteRope, validateLlamaConfig, type LlamaConfig } from './llama-config';

export const LLAMA2C_MAGIC = 0x616b3432;
export type Llama2cVersion = 0 | 1 | 2;

export interface Llama2cFile {
  version: Llama2cVersion;
  config: LlamaConfig;
  /** By HF Llama name, q/k rows in HF order (see llama-config.ts). */
  weights: Map<string, Float32Array>;
  /** v2 only: the quantisation group. */
  groupSize?: number;
}

type Kind = 'emb' | 'rms_att' | 'wq' | 'wk' | 'wv' | 'wo' | 'rms_ffn' | 'w1' | 'w2' | 'w3' | 'rms_final' | 'freq' | 'wcls';

const HF_NAME: Record<Exclude<Kind, 'freq' | 'emb' | 'rms_final' | 'wcls'>, string> = {
  rms_att: 'input_layernorm', wq: 'self_attn.q_proj', wk: 'self_attn.k_proj', wv: 'self_attn.v_proj', wo: 'self_attn.o_proj',
  rms_ffn: 'post_attention_layernorm', w1: 'mlp.gate_proj', w2: 'mlp.down_proj', w3: 'mlp.up_proj',
};

/** One tensor per layer (or one overall) of each kind, with its element count. */
function kindSize(c: LlamaConfig, k: Kind): { count: number; size: number } {
  const kv = c.nKvHeads * c.headDim;
  const L = c.nLayers;
  switch (k) {
    case 'emb': case 'wcls': return { count: 1, size: c.vocabSize * c.dim };
    case 'rms_att': case 'rms_ffn': return { count: L, size: c.dim };
    case 'wq': case 'wo': return { count: L, size: c.dim * c.dim };
    case 'wk': case 'wv': return { count: L, size: kv * c.dim };
    case 'w1': case 'w2': case 'w3': return { count: L, size: c.hiddenDim * c.dim };
    case 'rms_final': return { count: 1, size: c.dim };
    case 'freq': return { count: 2, size: (c.seqLen * c.headDim) / 2 };
  }
}

function tensorName(k: Kind, layer: number): string | null {
  if (k === 'freq') return null;
  if (k === 'emb') return 'model.embed_tokens.weight';
  if (k === 'rms_final') return 'model.norm.weight';
  if (k === 'wcls') return 'lm_head.weight';
  return `model.layers.${layer}.${HF_NAME[k]}.weight`;
}

const FLOAT_ORDER: Record<0 | 1, Kind[]> = {
  0: ['emb', 'rms_att', 'wq', 'wk', 'wv', 'wo', 'rms_ffn', 'w1', 'w2', 'w3', 'rms_final', 'freq'],
  1: ['rms_att', 'rms_ffn', 'rms_final', 'emb', 'wq', 'wk', 'wv', 'wo', 'w1', 'w2', 'w3'],
};
const Q_NORMS: Kind[] = ['rms_att', 'rms_ffn', 'rms_final'];
const Q_MATS: Kind[] = ['emb', 'wq', 'wk', 'wv', 'wo', 'w1', 'w2', 'w3'];

function configFrom(h: Int32Array | number[], shared: boolean): LlamaConfig {
  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, vocab, seqLen] = Array.from(h) as number[];
  const c: LlamaConfig = {
    dim: dim!, hiddenDim: hiddenDim!, nLayers: nLayers!, nHeads: nHeads!, nKvHeads: nKvHeads!, vocabSize: Math.abs(vocab!), seqLen: seqLen!,
    headDim: nHeads! > 0 ? dim! / nHeads! : 0, normEps: 1e-5, ropeTheta: 10000, tiedEmbeddings: shared, bosId: 1, eosId: 2,
  };
  const problem = validateLlamaConfig(c);
  if (problem) throw new ModelImportError(`This is not a llama2.c checkpoint the studio can read: its header says ${problem}.`);
  return c;
}

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

function checkSize(actual: number, expected: number, what: string) {
  if (expected > MAX_MODEL_BYTES) throw new ModelImportError(`This ${what} would need ${mib(expected)}; the studio loads checkpoints up to ${mib(MAX_MODEL_BYTES)}.`, 'Pick a smaller model (for example stories15M or stories260K).');
  if (actual < expected) throw new ModelImportError(`The file is truncated: a ${what} with this header has ${expected.toLocaleString('en-US')} bytes, this one ${actual.toLocaleString('en-US')}.`, 'Copy or download the file again; nothing was loaded.');
  if (actual > expected) throw new ModelImportError(`The file has ${(actual - expected).toLocaleString('en-US')} bytes more than a ${what} with this header: it is not a llama2.c checkpoint, or a damaged one.`);
}

/** Reads a llama2.c .bin (any version). Throws ModelImportError with the reason otherwise. */
export function readLlama2c(input: ArrayBuffer | Uint8Array): Llama2cFile {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength > MAX_MODEL_BYTES) throw new ModelImportError(`The file has ${mib(bytes.byteLength)}; the studio loads checkpoints up to ${mib(MAX_MODEL_BYTES)}.`);
  if (bytes.byteLength < 28) throw new ModelImportError(`The file is truncated: ${bytes.byteLength} bytes is less than a llama2.c header.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ints = (at: number, n: number) => Array.from({ length: n }, (_, i) => view.getInt32(at + 4 * i, true));
  const f32 = (at: number, n: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(at + 4 * i, true);
    return out;
  };
  if (view.getUint32(0, true) !== LLAMA2C_MAGIC) {
    const h = ints(0, 7);
    const config = configFrom(h, h[5]! > 0);
    const kinds = [...FLOAT_ORDER[0], ...(config.tiedEmbeddings ? [] : (['wcls'] as Kind[]))];
    const expected = 28 + 4 * kinds.reduce((n, k) => n + kindSize(config, k).count * kindSize(config, k).size, 0);
    checkSize(bytes.byteLength, expected, 'llama2.c v0 checkpoint');
    return { version: 0, config, weights: readFloats(config, kinds, 28, f32) };
  }
  if (bytes.byteLength < 256) throw new ModelImportError(`The file is truncated: ${bytes.byteLength} bytes is less than a llama2.c v1/v2 header (256).`);
  const version = view.getInt32(4, true);
  if (version !== 1 && version !== 2) throw new ModelImportError(`This llama2.c file is version ${version}; the studio reads versions 0, 1 and 2.`);
  const config = configFrom(ints(8, 7), bytes[36] === 1);
  const extra: Kind[] = config.tiedEmbeddings ? [] : ['wcls'];
  if (version === 1) {
    const kinds = [...FLOAT_ORDER[1], ...extra];
    const expected = 256 + 4 * kinds.reduce((n, k) => n + kindSize(config, k).count * kindSize(config, k).size, 0);
    checkSize(bytes.byteLength, expected, 'llama2.c v1 checkpoint');
    return { version: 1, config, weights: readFloats(config, kinds, 256, f32) };
  }
  const groupSize = view.getInt32(37, true);
  const mats = [...Q_MATS, ...extra];
  if (!(groupSize > 0) || mats.some((k) => kindSize(config, k).size % groupSize !== 0)) throw new ModelImportError(`This llama2.c v2 file has a quantisation group of ${groupSize}, which does not divide its tensors.`);
  const normFloats = Q_NORMS.reduce((n, k) => n + kindSize(config, k).count * kindSize(config, k).size, 0);
  const qBytes = mats.reduce((n, k) => { const { count, size } = kindSize(config, k); return n + count * (size + (4 * size) / groupSize); }, 0);
  checkSize(bytes.byteLength, 256 + 4 * normFloats + qBytes, 'llama2.c v2 (Q8_0) checkpoint');
  const weights = readFloats(config, Q_NORMS, 256, f32);
  let at = 256 + 4 * normFloats;
  for (const k of mats) {
    const { count, size } = kindSize(config, k);
    for (let l = 0; l < count; l++) {
      const scales = f32(at + size, size / groupSize);
      const w = new Float32Array(size);
      for (let i = 0; i < size; i++) w[i] = view.getInt8(at + i) * scales[Math.floor(i / groupSize)]!;
      at += size + 4 * (size / groupSize);
      put(weights, config, k, l, w);
    }
  }
  return { version: 2, config, weights, groupSize };
}

function put(weights: Map<string, Float32Array>, c: LlamaConfig, k: Kind, layer: number, w: Float32Array) {
  const name = tensorName(k, layer);
  if (!name) return;
  if (k === 'wq') w = permuteRope(w, c.nHeads, c.headDim, c.dim, true);
  if (k === 'wk') w = permuteRope(w, c.nKvHeads, c.headDim, c.dim, true);
  weights.set(name, w);
}

function readFloats(c: LlamaConfig, kinds: Kind[], start: number, f32: (at: number, n: number) => Float32Array): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  let at = start;
  for (const k of kinds) {
    const { count, size } = kindSize(c, k);
    for (let l = 0; l < count; l++) {
      put(weights, c, k, l, f32(at, size));
      at += 4 * size;
    }
  }
  return weights;
}

/** Round half to even, as torch.round in export.py's quantize_q80. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Writes a llama2.c checkpoint (the inverse of readLlama2c: q/k rows back to interleaved order).
 * v0 writes llama2.c's legacy RoPE tables (cos/sin of pos·θ_i, unused by run.c) so sizes match.
 */
export function writeLlama2c(c: LlamaConfig, weights: ReadonlyMap<string, Float32Array>, version: Llama2cVersion = 0, groupSize = 64): Uint8Array {
  const tensor = (k: Kind, layer: number): Float32Array => {
    if (k === 'wcls' && c.tiedEmbeddings) throw new Error('tied model has no wcls');
    const name = tensorName(k, layer)!;
    const w = weights.get(name);
    if (!w) throw new Error(`Missing tensor ${name}`);
    if (k === 'wq') return permuteRope(w, c.nHeads, c.headDim, c.dim, false);
    if (k === 'wk') return permuteRope(w, c.nKvHeads, c.headDim, c.dim, false);
    return w;
  };
  const extra: Kind[] = c.tiedEmbeddings ? [] : ['wcls'];
  const chunks: Uint8Array[] = [];
  const header = new DataView(new ArrayBuffer(version === 0 ? 28 : 256));
  const params = [c.dim, c.hiddenDim, c.nLayers, c.nHeads, c.nKvHeads, version === 0 && !c.tiedEmbeddings ? -c.vocabSize : c.vocabSize, c.seqLen];
  const at0 = version === 0 ? 0 : 8;
  params.forEach((v, i) => header.setInt32(at0 + 4 * i, v, true));
  if (version > 0) {
    header.setUint32(0, LLAMA2C_MAGIC, true);
    header.setInt32(4, version, true);
    header.setUint8(36, c.tiedEmbeddings ? 1 : 0);
    while (c.dim % groupSize !== 0) groupSize = Math.floor(groupSize / 2);
    if (version === 2) header.setInt32(37, groupSize, true);
  }
  chunks.push(new Uint8Array(header.buffer));
  const floats = (w: Float32Array) => {
    const b = new Uint8Array(w.length * 4);
    const v = new DataView(b.buffer);
    w.forEach((x, i) => v.setFloat32(4 * i, x, true));
    chunks.push(b);
  };
  const each = (kinds: Kind[], f: (w: Float32Array) => void) => {
    for (const k of kinds) {
      const { count } = kindSize(c, k);
      if (k === 'freq') {
        const half = c.headDim / 2;
        const re = new Float32Array(c.seqLen * half);
        const im = new Float32Array(c.seqLen * half);
        for (let p = 0; p < c.seqLen; p++) for (let i = 0; i < half; i++) {
          const theta = p * c.ropeTheta ** (-(2 * i) / c.headDim);
          re[p * half + i] = Math.cos(theta);
          im[p * half + i] = Math.sin(theta);
        }
        f(re);
        f(im);
        continue;
      }
      for (let l = 0; l < count; l++) f(tensor(k, l));
    }
  };
  if (version === 0 || version === 1) each([...FLOAT_ORDER[version], ...extra], floats);
  else {
    each(Q_NORMS, floats);
    each([...Q_MATS, ...extra], (w) => {
      if (w.length % groupSize !== 0) throw new Error(`A tensor of ${w.length} values does not split into groups of ${groupSize}`);
      const q = new Int8Array(w.length);
      const scales = new Float32Array(w.length / groupSize);
      for (let g = 0; g < scales.length; g++) {
        let max = 0;
        for (let i = g * groupSize; i < (g + 1) * groupSize; i++) max = Math.max(max, Math.abs(w[i]!));
        const s = Math.fround(max / 127);
        scales[g] = s;
        for (let i = g * groupSize; i < (g + 1) * groupSize; i++) q[i] = s === 0 ? 0 : roundEven(Math.fround(w[i]! / s));
      }
      chunks.push(new Uint8Array(q.buffer));
      floats(scales);
    });
  }
  const total = chunks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of chunks) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}
