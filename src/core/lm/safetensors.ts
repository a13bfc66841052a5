/**
 * safetensors reader and writer (https://huggingface.co/docs/safetensors, MODEL-FORMATS.md §1):
 *
 *   bytes 0..7     N = uint64 little-endian, length of the JSON header
 *   bytes 8..8+N   UTF-8 JSON object {name: {dtype, shape, data_offsets: [begin, end)}, "__metadata__"?: {string: string}}
 *                  (right-padded with spaces so the data starts 8-byte aligned)
 *   bytes 8+N..    tensor data, C order, little-endian; offsets relative to here, no holes, no overlap
 *
 * The reader treats the file as hostile: every size, offset, dtype, shape and key is checked before
 * any byte of data is viewed, and the header must describe the buffer exactly. Tensors come back in
 * a Map (no prototype tricks with names like "__proto__").
 */

export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

const DTYPE_BYTES: Record<SafetensorsDtype, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1,
};

/** Largest header we accept (the reference implementation's limit is 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface StTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Little-endian bytes of the tensor (a copy, aligned: safe to view as a typed array). */
  bytes: Uint8Array;
}

export interface StFile {
  tensors: Map<string, StTensor>;
  metadata: Map<string, string>;
}

/** What writeSafetensors accepts per tensor: a typed array is F32 / I32 / U8 by its kind unless dtype says otherwise. */
export interface StTensorInput {
  data: Float32Array | Int32Array | Uint8Array | Float64Array;
  shape: number[];
  dtype?: SafetensorsDtype;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

function isDtype(x: unknown): x is SafetensorsDtype {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_BYTES, x);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Parses a safetensors file. Throws SafetensorsError with a precise message on anything malformed. */
export function readSafetensors(input: ArrayBuffer | Uint8Array): StFile {
  const buf = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (buf.byteLength < 8) throw new SafetensorsError(`file too short (${buf.byteLength} bytes)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) throw new SafetensorsError(`header length ${n64} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(n64);
  if (n < 2 || 8 + n > buf.byteLength) throw new SafetensorsError(`header length ${n} does not fit in a ${buf.byteLength}-byte file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(8, 8 + n));
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  if (!text.startsWith('{')) throw new SafetensorsError('header must be a JSON object starting with "{"');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError('header must be a JSON object');

  const dataStart = 8 + n;
  const dataLen = buf.byteLength - dataStart;
  const metadata = new Map<string, string>();
  const entries: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, spec] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isPlainObject(spec)) throw new SafetensorsError('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(spec)) {
        if (typeof v !== 'string') throw new SafetensorsError(`__metadata__.${k} must be a string`);
        metadata.set(k, v);
      }
      continue;
    }
    if (name.length === 0) throw new SafetensorsError('empty tensor name');
    if (!isPlainObject(spec)) throw new SafetensorsError(`${name}: entry must be an object`);
    const { dtype, shape, data_offsets: offsets } = spec;
    if (!isDtype(dtype)) throw new SafetensorsError(`${name}: unsupported dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every(isCount)) throw new SafetensorsError(`${name}: shape must be an array of non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      throw new SafetensorsError(`${name}: data_offsets must be [begin, end] non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLen) throw new SafetensorsError(`${name}: data_offsets [${begin}, ${end}] outside the ${dataLen}-byte data buffer`);
    let count = 1;
    for (const d of shape as number[]) {
      count *= d;
      if (!Number.isSafeInteger(count)) throw new SafetensorsError(`${name}: shape too large`);
    }
    if (count * DTYPE_BYTES[dtype] !== end - begin) {
      throw new SafetensorsError(`${name}: ${dtype}${JSON.stringify(shape)} needs ${count * DTYPE_BYTES[dtype]} bytes, data_offsets give ${end - begin}`);
    }
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  // The tensors must tile the data buffer exactly: no holes, no overlap, nothing after the last.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.begin !== cursor) {
      throw new SafetensorsError(e.begin < cursor ? `${e.name}: overlaps the previous tensor` : `hole in the data buffer before ${e.name}`);
    }
    cursor = e.end;
  }
  if (cursor !== dataLen) throw new SafetensorsError(`data buffer has ${dataLen - cursor} bytes not covered by any tensor`);

  const tensors = new Map<string, StTensor>();
  for (const e of entries) {
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, bytes: buf.slice(dataStart + e.begin, dataStart + e.end) });
  }
  return { tensors, metadata };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Converts any floating or integer tensor to Float32Array (F16/BF16 widened, 64-bit narrowed). */
export function toFloat32(t: StTensor): Float32Array {
  const b = t.bytes;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = b.byteLength / DTYPE_BYTES[t.dtype];
  const out = new Float32Array(n);
  switch (t.dtype) {
    case 'F32': for (let i = 0; i < n; i++) out[i] = dv.getFloat32(4 * i, true); break;
    case 'F64': for (let i = 0; i < n; i++) out[i] = dv.getFloat64(8 * i, true); break;
    case 'F16': for (let i = 0; i < n; i++) out[i] = halfToFloat(dv.getUint16(2 * i, true)); break;
    case 'BF16': for (let i = 0; i < n; i++) out[i] = new Float32Array(new Uint32Array([dv.getUint16(2 * i, true) << 16]).buffer)[0]!; break;
    case 'I64': for (let i = 0; i < n; i++) out[i] = Number(dv.getBigInt64(8 * i, true)); break;
    case 'U64': for (let i = 0; i < n; i++) out[i] = Number(dv.getBigUint64(8 * i, true)); break;
    case 'I32': for (let i = 0; i < n; i++) out[i] = dv.getInt32(4 * i, true); break;
    case 'U32': for (let i = 0; i < n; i++) out[i] = dv.getUint32(4 * i, true); break;
    case 'I16': for (let i = 0; i < n; i++) out[i] = dv.getInt16(2 * i, true); break;
    case 'U16': for (let i = 0; i < n; i++) out[i] = dv.getUint16(2 * i, true); break;
    case 'I8': for (let i = 0; i < n; i++) out[i] = dv.getInt8(i); break;
    case 'U8': case 'BOOL': for (let i = 0; i < n; i++) out[i] = dv.getUint8(i); break;
  }
  return out;
}

/** Integer tensors (I32, I64 within int32 range, smaller ints, BOOL) as Int32Array. */
export function toInt32(t: StTensor): Int32Array {
  if (t.dtype === 'F32' || t.dtype === 'F64' || t.dtype === 'F16' || t.dtype === 'BF16') {
    throw new SafetensorsError(`expected an integer tensor, got ${t.dtype}`);
  }
  const f = toFloat32(t); // exact for |v| < 2^24
  if (t.dtype === 'I64' || t.dtype === 'U64' || t.dtype === 'I32' || t.dtype === 'U32') {
    const b = t.bytes;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out = new Int32Array(f.length);
    for (let i = 0; i < out.length; i++) {
      const v = t.dtype === 'I64' ? Number(dv.getBigInt64(8 * i, true)) : t.dtype === 'U64' ? Number(dv.getBigUint64(8 * i, true))
        : t.dtype === 'I32' ? dv.getInt32(4 * i, true) : dv.getUint32(4 * i, true);
      if (v < -(2 ** 31) || v >= 2 ** 31) throw new SafetensorsError(`integer ${v} does not fit in int32`);
      out[i] = v;
    }
    return out;
  }
  return Int32Array.from(f);
}

function defaultDtype(data: StTensorInput['data']): SafetensorsDtype {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Float64Array) return 'F64';
  return 'U8';
}

/**
 * Writes a safetensors file: tensors in the given order, each 8-byte aligned by construction
 * (header padded with spaces to a multiple of 8; F32/I32/U8/F64 data written little-endian).
 */
export function writeSafetensors(tensors: Iterable<[string, StTensorInput]>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  const parts: { bytes: Uint8Array }[] = [];
  let offset = 0;
  const seen = new Set<string>();
  for (const [name, t] of tensors) {
    if (name === '__metadata__' || name.length === 0) throw new SafetensorsError(`invalid tensor name ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new SafetensorsError(`duplicate tensor name ${name}`);
    seen.add(name);
    const dtype = t.dtype ?? defaultDtype(t.data);
    if (dtype !== defaultDtype(t.data)) throw new SafetensorsError(`${name}: ${dtype} cannot be written from a ${t.data.constructor.name}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new SafetensorsError(`${name}: shape ${JSON.stringify(t.shape)} holds ${count} values, data has ${t.data.length}`);
    const bytes = new Uint8Array(count * DTYPE_BYTES[dtype]);
    const dv = new DataView(bytes.buffer);
    const d = t.data;
    if (d instanceof Float32Array) for (let i = 0; i < count; i++) dv.setFloat32(4 * i, d[i]!, true);
    else if (d instanceof Int32Array) for (let i = 0; i < count; i++) dv.setInt32(4 * i, d[i]!, true);
    else if (d instanceof Float64Array) for (let i = 0; i < count; i++) dv.setFloat64(8 * i, d[i]!, true);
    else bytes.set(d);
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes.byteLength] };
    parts.push({ bytes });
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - (headerBytes.byteLength % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const p of parts) {
    out.set(p.bytes, at);
    at += p.bytes.byteLength;
  }
  return out;
}
