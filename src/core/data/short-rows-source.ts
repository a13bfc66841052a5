/**
 * A CSV of many short rows made on the fly (issue 13's "10 million short rows streamed"), for the
 * ingest tests and `npm run bench -- reliability`: nothing is written to disk or held whole. Every
 * row has the same width, so any byte range can be computed from its offset alone, as the ingest
 * reads a File slice by slice: `id,k,c` with id = the row number (8 digits), k = id mod 10 and
 * c = one of five letters.
 */
import type { ByteSource } from './byte-source';

export const SHORT_ROWS_HEADER = 'id,k,c\n';
/** "00000042,2,c\n": 13 bytes. */
export const SHORT_ROW_BYTES = 13;
const LETTERS = 'abcde';
const ASCII_0 = 48;

/** The row's cells as the ingest should read them. */
export const shortRow = (i: number): [number, number, string] => [i, i % 10, LETTERS[i % 5]!];

export function shortRowsSource(rows: number): ByteSource {
  if (rows >= 1e8) throw new Error('the id column has 8 digits: at most 99,999,999 rows');
  const head = new TextEncoder().encode(SHORT_ROWS_HEADER);
  const size = head.length + rows * SHORT_ROW_BYTES;
  const byteAt = (offset: number): number => {
    if (offset < head.length) return head[offset]!;
    const row = Math.floor((offset - head.length) / SHORT_ROW_BYTES);
    const col = (offset - head.length) % SHORT_ROW_BYTES;
    if (col < 8) return ASCII_0 + (Math.floor(row / 10 ** (7 - col)) % 10);
    if (col === 9) return ASCII_0 + (row % 10);
    if (col === 11) return LETTERS.charCodeAt(row % 5);
    return col === 12 ? 10 : 44; // '\n' ends the row, ',' between cells
  };
  return {
    size,
    read(start, end) {
      const stop = Math.min(end, size);
      const out = new Uint8Array(Math.max(0, stop - start));
      // Whole rows are written digit by digit from the row number; only the ends go byte by byte.
      let o = start;
      while (o < stop) {
        const inRow = o - head.length;
        if (inRow >= 0 && inRow % SHORT_ROW_BYTES === 0 && o + SHORT_ROW_BYTES <= stop) {
          const row = inRow / SHORT_ROW_BYTES;
          const at = o - start;
          let n = row;
          for (let d = 7; d >= 0; d--, n = Math.floor(n / 10)) out[at + d] = ASCII_0 + (n % 10);
          out[at + 8] = 44;
          out[at + 9] = ASCII_0 + (row % 10);
          out[at + 10] = 44;
          out[at + 11] = LETTERS.charCodeAt(row % 5);
          out[at + 12] = 10;
          o += SHORT_ROW_BYTES;
        } else {
          out[o - start] = byteAt(o);
          o++;
        }
      }
      return Promise.resolve(out);
    },
  };
}
