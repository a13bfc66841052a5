import { describe, expect, it } from 'vitest';
import { createLlama } from './llama';
import { ModelImportError, permuteRope } from './llama-config';
import { tinyLlama } from './llama-test-model';
import { readLlama2c, writeLlama2c } from './llama2c';
import { readLlama2cTokenizer, writeLlama2cTokenizer } from './llama2c-tokenizer';

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('llama2.c checkpoints', () => {
  for (const tied of [true, false]) {
    for (const version of [0, 1] as const) {
      it(`v${version} ${tied ? 'shared' : 'separate'} classifier round-trips exactly`, () => {
        const { config, weights } = tinyLlama({ tiedEmbeddings: tied });
        const bytes = writeLlama2c(config, weights, version);
        if (version === 0) expect(new DataView(bytes.buffer).getInt32(20, true)).toBe(tied ? 300 : -300);
        const read = readLlama2c(bytes);
        expect(read.version).toBe(version);
        expect(read.config).toEqual(config);
        for (const [name, w] of weights) expect(read.weights.get(name), name).toEqual(w);
      });
    }
  }

  it('v0 file size follows the documented formula (stories260K: 1,056,540 bytes)', () => {
    const { config, weights } = tinyLlama({ dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKvHeads: 4, vocabSize: 512, seqLen: 512, headDim: 8 });
    expect(writeLlama2c(config, weights, 0).byteLength).toBe(1_056_540);
  });

  it('v2 (Q8_0) dequantizes within half a quantization step and gives close logits', () => {
    const { config, weights } = tinyLlama({ tiedEmbeddings: false });
    const read = readLlama2c(writeLlama2c(config, weights, 2));
    expect(read.version).toBe(2);
    expect(read.groupSize).toBe(16); // 64 halved until it divides dim = 16
    for (const [name, w] of weights) {
      const step = Math.max(...w.map(Math.abs)) / 127;
      expect(maxDiff(read.weights.get(name)!, w), name).toBeLessThanOrEqual(name.includes('norm') ? 0 : step / 2 + 1e-7);
    }
    const ids = [1, 5, 77, 200];
    const exact = createLlama(config, weights).forwardAll(ids);
    const quant = createLlama(read.config, read.weights).forwardAll(ids);
    exact.forEach((row, t) => expect(maxDiff(row, quant[t]!)).toBeLessThan(0.05));
  });

  it('the same model in v0, v1 and v2 gives the same greedy tokens', () => {
    const { config, weights } = tinyLlama();
    const argmaxes = ([0, 1, 2] as const).map((v) => {
      const r = readLlama2c(writeLlama2c(config, weights, v));
      return createLlama(r.config, r.weights).forwardAll([1, 9, 42, 7]).map((l) => l.indexOf(Math.max(...l)));
    });
    expect(argmaxes[1]).toEqual(argmaxes[0]);
    expect(argmaxes[2]).toEqual(argmaxes[0]);
  });

  it('permuteRope to halves and back is the identity, and moves rows as HF does', () => {
    const w = Float32Array.from({ length: 2 * 4 * 3 }, (_, i) => i); // 2 heads × hd 4, dim 3
    const halves = permuteRope(w, 2, 4, 3, true);
    // Head 0 interleaved rows 0,1,2,3 = pairs (0,1), (2,3) → halves order 0, 2, 1, 3.
    expect(Array.from(halves.subarray(0, 12))).toEqual([0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11]);
    expect(permuteRope(halves, 2, 4, 3, false)).toEqual(w);
  });

  it('refuses truncated, padded, foreign and oversized files whole, saying why', () => {
    const { config, weights } = tinyLlama();
    for (const v of [0, 1, 2] as const) {
      const bytes = writeLlama2c(config, weights, v);
      expect(() => readLlama2c(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
      const padded = new Uint8Array(bytes.length + 8);
      padded.set(bytes);
      expect(() => readLlama2c(padded)).toThrow(/8 bytes more/);
    }
    expect(() => readLlama2c(new Uint8Array(10))).toThrow(/truncated/);
    const v3 = writeLlama2c(config, weights, 1);
    new DataView(v3.buffer).setInt32(4, 3, true);
    expect(() => readLlama2c(v3)).toThrow(/version 3; the studio reads versions 0, 1 and 2/);
    const text = new TextEncoder().encode('{"not": "a checkpoint", "but": "some json text here"}');
    expect(() => readLlama2c(text)).toThrow(ModelImportError);
    const huge = new Uint8Array(28);
    new Int32Array(huge.buffer).set([8192, 28672, 80, 64, 8, 32000, 4096]);
    expect(() => readLlama2c(huge)).toThrow(/would need .* MiB; the studio loads checkpoints up to/);
    const gqaBad = new Uint8Array(28);
    new Int32Array(gqaBad.buffer).set([16, 40, 2, 4, 3, 300, 32]);
    expect(() => readLlama2c(gqaBad)).toThrow(/not a multiple of n_kv_heads/);
  });
});

/** A toy tokenizer.bin in llama2.c's layout: <unk>, BOS, EOS, 256 byte tokens, then pieces. */
function toyTokenizer(extra: [string, number][]) {
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ...extra.map(([p]) => p)];
  const scores = [0, 0, 0, ...new Array<number>(256).fill(0), ...extra.map(([, s]) => s)];
  return { bytes: writeLlama2cTokenizer(pieces, scores), size: pieces.length };
}

describe('llama2.c tokenizer.bin', () => {
  const { bytes, size } = toyTokenizer([[' ', -1], ['h', -2], ['e', -3], ['l', -4], ['o', -5], ['he', -6], ['ll', -7], ['llo', -8], [' he', -9], ['hello', -10], ['▁w', -11]]);

  it('merges by highest score after the dummy-prefix space, BOS first', () => {
    const tok = readLlama2cTokenizer(bytes, size);
    const id = (p: string) => tok.pieces.indexOf(p);
    // " " h e l l o → "he" (-6) beats "ll" (-7) and " he"; then "ll"; then "llo"; then " he"; "hello" needs "he"+"llo".
    expect(tok.encode('hello')).toEqual([1, id(' he'), id('llo')]);
    expect(tok.encode('hello', { bos: false, eos: true })).toEqual([id(' he'), id('llo'), 2]);
    expect(tok.encode('')).toEqual([1]);
  });

  it('falls back to bytes (id = byte + 3) and decodes them back into whole characters', () => {
    const tok = readLlama2cTokenizer(bytes, size);
    const ids = tok.encode('hé€');
    expect(ids).toContain(0xc3 + 3);
    expect(ids).toContain(0xe2 + 3);
    expect(tok.decode(ids)).toBe('hé€');
    // After BOS a piece loses its leading space; elsewhere it keeps it.
    expect(tok.decode([1, tok.pieces.indexOf(' he')])).toBe('he');
    expect(tok.decode([tok.pieces.indexOf('h'), tok.pieces.indexOf(' he')])).toBe('h he');
  });

  it("reads SentencePiece's ▁ as a space", () => {
    const tok = readLlama2cTokenizer(bytes, size);
    expect(tok.decode([tok.pieces.indexOf('h'), size - 1])).toBe('h w');
  });

  it('refuses a tokenizer for another vocabulary size or a cut file', () => {
    expect(() => readLlama2cTokenizer(bytes, size + 1)).toThrow(/ends after/);
    expect(() => readLlama2cTokenizer(bytes, size - 1)).toThrow(/bytes are left/);
    expect(() => readLlama2cTokenizer(bytes.subarray(0, 100), size)).toThrow(ModelImportError);
  });
});
