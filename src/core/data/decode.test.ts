import { describe, expect, it } from 'vitest';
import { StreamDecoder, firstInvalidUtf8, incompleteUtf8Tail, textChunks } from './decode';
import { bytesSource } from './byte-source';

async function decodeAll(bytes: Uint8Array, chunk: number, encoding?: ConstructorParameters<typeof StreamDecoder>[0]) {
  const dec = new StreamDecoder(encoding);
  let text = '';
  for await (const c of textChunks(bytesSource(bytes), dec, chunk)) text += c.text;
  return { text, dec };
}

const SAMPLE = 'naïve café, 日本語, emoji 😀 and € — end\n';

describe('StreamDecoder', () => {
  it('decodes UTF-8 split at every possible chunk size identically', async () => {
    const bytes = new TextEncoder().encode(SAMPLE.repeat(3));
    for (let size = 1; size <= 9; size++) {
      const { text, dec } = await decodeAll(bytes, size);
      expect(text, `chunk ${size}`).toBe(SAMPLE.repeat(3));
      expect(dec.fallback).toBeNull();
    }
  });
  it('strips a UTF-8 BOM once and keeps a U+FEFF later in the text', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a\ufeffb')]);
    expect((await decodeAll(bytes, 3)).text).toBe('a\ufeffb');
    expect((await decodeAll(bytes, 100)).text).toBe('a\ufeffb');
  });
  it('decodes UTF-16 LE and BE with a BOM across odd chunk boundaries', async () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(SAMPLE, 'utf16le')]);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    for (const size of [1, 3, 5]) {
      expect((await decodeAll(le, size, 'utf-16le')).text).toBe(SAMPLE);
      expect((await decodeAll(be, size, 'utf-16be')).text).toBe(SAMPLE);
    }
  });
  it('falls back to Latin-1 (windows-1252) at the first invalid byte and says where', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('héllo\n'), 0x63, 0x61, 0x66, 0xe9, 0x0a, 0xe8]);
    for (const size of [1, 2, 4, 64]) {
      const { text, dec } = await decodeAll(bytes, size);
      expect(text, `chunk ${size}`).toBe('héllo\ncafé\nè');
      expect(dec.encoding).toBe('latin1');
      expect(dec.fallback).toEqual({ byte: 10, char: 9 });
    }
  });
  it('treats a character cut off by the end of the file as invalid', async () => {
    const { text, dec } = await decodeAll(new Uint8Array([0x61, 0xe2, 0x82]), 2);
    expect(dec.fallback?.byte).toBe(1);
    // 0x82 is ‚ in windows-1252 (browsers) but U+0082 in Node 20, which decodes the label as ISO-8859-1.
    expect(text.slice(0, 2)).toBe('aâ');
    expect(text.length).toBe(3);
  });
});

describe('UTF-8 helpers', () => {
  it('finds incomplete tails and invalid bytes', () => {
    const euro = [0xe2, 0x82, 0xac];
    expect(incompleteUtf8Tail(new Uint8Array([0x61, ...euro]))).toBe(0);
    expect(incompleteUtf8Tail(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(2);
    expect(incompleteUtf8Tail(new Uint8Array([0xf0]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, ...euro, 0xc0, 0x80]))).toBe(4); // overlong
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe9, 0x61]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(3); // incomplete, not invalid
  });
});
