import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, readSafetensors, SafetensorsError, toFloat32, toInt32, writeSafetensors } from './safetensors';

/** A file from a header object and a data buffer, as a hostile writer would make it. */
function raw(header: unknown, data: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array {
  const h = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips F32, I32 and U8 tensors, scalars, empty tensors and metadata', () => {
    const bytes = writeSafetensors(
      [
        ['a', { data: new Float32Array([1.5, -2, 3.25, 0]), shape: [2, 2] }],
        ['ids', { data: new Int32Array([7, -1, 2 ** 30]), shape: [3] }],
        ['mask', { data: new Uint8Array([1, 0, 1]), shape: [3] }],
        ['s', { data: new Float32Array([42]), shape: [] }],
        ['empty', { data: new Float32Array(0), shape: [0, 4] }],
      ],
      { format: 'pt', note: 'héllo' },
    );
    const f = readSafetensors(bytes);
    expect([...toFloat32(f.tensors.get('a')!)]).toEqual([1.5, -2, 3.25, 0]);
    expect(f.tensors.get('a')!.shape).toEqual([2, 2]);
    expect([...toInt32(f.tensors.get('ids')!)]).toEqual([7, -1, 2 ** 30]);
    expect(f.tensors.get('mask')!.dtype).toBe('U8');
    expect([...toFloat32(f.tensors.get('s')!)]).toEqual([42]);
    expect(f.tensors.get('s')!.shape).toEqual([]);
    expect(f.tensors.get('empty')!.bytes.length).toBe(0);
    expect(Object.fromEntries(f.metadata)).toEqual({ format: 'pt', note: 'héllo' });
  });

  it('writes the spec layout: u64 LE header length, space-padded JSON, 8-byte aligned data, offsets relative to the data', () => {
    const bytes = writeSafetensors([['x', { data: new Float32Array([1, 2, 3]), shape: [3] }], ['y', { data: new Float32Array([4]), shape: [1] }]]);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    const header = JSON.parse(text) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
    expect(header.x).toEqual({ dtype: 'F32', shape: [3], data_offsets: [0, 12] });
    expect(header.y!.data_offsets).toEqual([12, 16]);
    expect(bytes.length).toBe(8 + n + 16);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 12, true)).toBe(4);
  });

  it('widens F16, BF16 and F64 and narrows I64', () => {
    const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]).buffer); // 1, -2, ~0.3333, smallest subnormal
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc040]).buffer); // 1, -3
    const f64 = new Uint8Array(new Float64Array([0.1, -7]).buffer);
    const i64 = new Uint8Array(new BigInt64Array([5n, -9n]).buffer);
    const data = new Uint8Array([...f16, ...bf16, ...f64, ...i64]);
    const file = readSafetensors(raw({
      h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
      d: { dtype: 'F64', shape: [2], data_offsets: [12, 28] },
      i: { dtype: 'I64', shape: [2], data_offsets: [28, 44] },
    }, data));
    const h = toFloat32(file.tensors.get('h')!);
    expect(h[0]).toBe(1);
    expect(h[1]).toBe(-2);
    expect(h[2]).toBeCloseTo(1 / 3, 3);
    expect(h[3]).toBeCloseTo(2 ** -24, 30);
    expect([...toFloat32(file.tensors.get('b')!)]).toEqual([1, -3]);
    expect(toFloat32(file.tensors.get('d')!)[0]).toBeCloseTo(0.1, 7);
    expect([...toInt32(file.tensors.get('i')!)]).toEqual([5, -9]);
  });

  const f32 = (n: number) => new Uint8Array(4 * n);
  const hostile: [string, Uint8Array, RegExp][] = [
    ['a file shorter than 8 bytes', new Uint8Array(5), /too short/],
    ['a header length beyond the limit', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES) + 1n, true); return b; })(), /limit/],
    ['a header length past the end', (() => { const b = raw({}); new DataView(b.buffer).setBigUint64(0, 1000n, true); return b; })(), /does not fit/],
    ['a header that is not JSON', raw(null, undefined, '{"a": '), /not valid JSON/],
    ['a header that is an array', raw(null, undefined, '[1, 2]'), /starting with/],
    ['invalid UTF-8', (() => { const b = raw({ a: 1 }); b[9] = 0xff; return b; })(), /UTF-8/],
    ['an unknown dtype', raw({ a: { dtype: 'F33', shape: [1], data_offsets: [0, 4] } }, f32(1)), /unsupported dtype/],
    ['a negative dimension', raw({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)), /shape/],
    ['a fractional offset', raw({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 3.5] } }, f32(1)), /data_offsets/],
    ['offsets past the buffer', raw({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1)), /outside/],
    ['a size that disagrees with the shape', raw({ a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 8] } }, f32(2)), /needs 16 bytes/],
    ['overlapping tensors', raw({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(3)), /overlaps|hole|not covered/],
    ['a hole', raw({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), /hole/],
    ['trailing bytes', raw({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)), /not covered/],
    ['non-string metadata', raw({ __metadata__: { a: 1 } }), /must be a string/],
    ['a huge shape product', raw({ a: { dtype: 'F32', shape: [2 ** 30, 2 ** 30, 2 ** 30], data_offsets: [0, 4] } }, f32(1)), /too large|needs/],
  ];
  for (const [what, bytes, message] of hostile) {
    it(`refuses ${what}`, () => {
      expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => readSafetensors(bytes)).toThrow(message);
    });
  }

  it('keeps a tensor named __proto__ as data, without touching prototypes', () => {
    const f = readSafetensors(raw(null, f32(1), '{"__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}'));
    expect(f.tensors.get('__proto__')!.shape).toEqual([1]);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });

  it('refuses to write inconsistent tensors', () => {
    expect(() => writeSafetensors([['a', { data: new Float32Array(3), shape: [2, 2] }]])).toThrow(/holds 4 values/);
    expect(() => writeSafetensors([['a', { data: new Float32Array(1), shape: [1] }], ['a', { data: new Float32Array(1), shape: [1] }]])).toThrow(/duplicate/);
    expect(() => writeSafetensors([['__metadata__', { data: new Float32Array(1), shape: [1] }]])).toThrow(/invalid tensor name/);
  });
});
