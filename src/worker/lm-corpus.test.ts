import { describe, expect, it } from 'vitest';
import { trainTokenizer } from '../core/text';
import { CHAR_BATCH, encodable, encodePieces } from './lm-corpus';

const text = Array.from({ length: 3000 }, (_, i) => `the cat ${i % 7 === 0 ? 'sat' : 'ran'} on mat number ${i % 50}. `).join('');
const piecesOf = (s: string, size: number) => Array.from({ length: Math.ceil(s.length / size) }, (_, k) => s.slice(k * size, (k + 1) * size));

describe('encodePieces (a corpus as one array of token ids)', () => {
  for (const kind of ['char', 'bpe'] as const) {
    it(`${kind}: the ids of every piece in order, the pieces let go, the array hardly bigger than its ids`, () => {
      const tok = trainTokenizer([text], { kind, vocabSize: kind === 'char' ? 1_000_000 : 300, lowercase: false });
      const pieces = piecesOf(text, 4096);
      const expected = pieces.flatMap((p) => [...tok.ids(p)]);
      const ids = encodePieces(pieces, tok, text.length);
      expect([...ids]).toEqual(expected);
      expect(pieces).toEqual([]);
      // A byte an id for a vocabulary of at most 256 (these characters), two for BPE's 300.
      expect(ids).toBeInstanceOf(kind === 'char' ? Uint8Array : Uint16Array);
      // A chars-long array for BPE was about 4x its ids; at most 1/8 unused now.
      expect(ids.buffer.byteLength).toBeLessThanOrEqual(Math.ceil((expected.length * ids.BYTES_PER_ELEMENT * 9) / 8) + 1024 * ids.BYTES_PER_ELEMENT);
    });
  }

  it('grows when the first pieces make fewer tokens per character than the rest', () => {
    const tok = trainTokenizer([text, 'x y z w '.repeat(100)], { kind: 'bpe', vocabSize: 300, lowercase: false });
    // The first megabyte is easy text; the rest is made of characters BPE did not merge.
    const easy = 'the cat ran on mat. '.repeat(60_000);
    const hard = 'q!z?w#x&'.repeat(40_000);
    const pieces = [...piecesOf(easy, 65536), ...piecesOf(hard, 65536)];
    const expected = pieces.reduce((n, p) => n + tok.ids(p).length, 0);
    expect(encodePieces(pieces, tok, easy.length + hard.length).length).toBe(expected);
  });
});

describe('encodable (a piece in the parts its tokenizer encodes at a time)', () => {
  const chars = trainTokenizer(['héllo wörld 😀 a\tb\nc'], { kind: 'char', vocabSize: 1_000_000, lowercase: false });
  const bpe = trainTokenizer([text], { kind: 'bpe', vocabSize: 300, lowercase: false });

  it('cuts a character tokenizer\'s 64 K piece into small parts before blanks, with the same ids as the whole piece', () => {
    const piece = Array.from({ length: 20_000 }, (_, i) => (i % 9 === 0 ? 'héllo\twörld 😀\n' : 'a  b ')).join('').slice(0, 65536);
    const parts = [...encodable(piece, chars)];
    expect(parts.join('')).toBe(piece);
    expect(parts.length).toBeGreaterThan(65536 / CHAR_BATCH - 1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(CHAR_BATCH);
    for (const p of parts.slice(1)) expect(p[0]).toMatch(/[ \t\n]/);
    expect(parts.flatMap((p) => chars.ids(p))).toEqual(chars.ids(piece));
  });

  it('keeps a piece whole for BPE, and a character piece without blanks past the batch size', () => {
    const piece = text.slice(0, 30_000);
    expect([...encodable(piece, bpe)]).toEqual([piece]);
    const dense = 'x'.repeat(3 * CHAR_BATCH);
    expect([...encodable(dense, chars)]).toEqual([dense]);
    const tail = `${'y '.repeat(CHAR_BATCH)}${'z'.repeat(2 * CHAR_BATCH)}`;
    const parts = [...encodable(tail, chars)];
    expect(parts.join('')).toBe(tail);
    expect(parts.at(-1)!.length).toBeGreaterThan(CHAR_BATCH);
  });
});
