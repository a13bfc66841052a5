/**
 * A string column whose values are nearly all distinct (the text column of a text dataset: one
 * example a line), built as the rows come and dictionary-encoded once at the end, into exactly the
 * StringColumn stringColumn() makes: codes in order of first appearance, one JS string per distinct
 * value.
 *
 * Why not StringDict: a dictionary looked up row by row must keep a hash table of twice its size
 * (8 bytes a slot) and rebuild it as it grows; for the 20 million lines of a 1 GB corpus that is a
 * 512 MB table plus the 256 MB one it replaced, about as much as the texts' own overhead. Here a
 * row costs its string and a 4-byte hash while reading, and the end a counting sort of the rows by
 * hash (4 bytes a row) and one small table per partition that fits in the CPU cache: 12 bytes a
 * row at the peak instead of 40 or more. The hashes are kept in fixed blocks and the dictionary is
 * the row array compacted in place: a growing Int32Array and a second string array as long as the
 * rows each held up to 8 bytes a row more, and their copies as they grew were garbage the size of
 * a column (80–160 MB for a 1 GB corpus).
 */
import type { StringColumn } from './table';
import { textHash } from './text-arena';

/** Rows per partition aimed at when deduplicating: a table of 4,096 slots × 8 bytes stays in cache. */
const PARTITION_TARGET = 2048;

/** Hashes are kept in blocks of this many: no array twice the rows it holds, and no copy as it grows. */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

export class DistinctColumn {
  private values: string[] = [];
  private blocks: Int32Array[] = [];

  get length(): number {
    return this.values.length;
  }

  push(text: string): void {
    const i = this.values.length;
    if ((i & (BLOCK - 1)) === 0) this.blocks.push(new Int32Array(BLOCK));
    this.blocks[i >>> BLOCK_BITS]![i & (BLOCK - 1)] = textHash(text, 0, text.length);
    this.values.push(text);
  }

  /** The column; this builder is empty afterwards. */
  finish(name: string): StringColumn {
    const values = this.values;
    const blocks = this.blocks;
    this.values = [];
    this.blocks = [];
    const n = values.length;
    const hashOf = (i: number) => blocks[i >>> BLOCK_BITS]![i & (BLOCK - 1)]!;
    let bits = 0;
    while (bits < 16 && n >>> bits > PARTITION_TARGET) bits++;
    // With one partition use none of the hash (h >>> 32 would be h: shift counts are mod 32).
    const shift = bits === 0 ? 31 : 32 - bits;
    const keep = bits === 0 ? 0 : -1;
    const parts = 1 << bits;
    // Rows sorted by partition, stable, so each partition sees its rows in row order and the first it keeps of equal values is the earliest.
    const bounds = new Int32Array(parts + 1);
    for (let i = 0; i < n; i++) bounds[((hashOf(i) >>> shift) & keep) + 1]!++;
    for (let p = 0; p < parts; p++) bounds[p + 1]! += bounds[p]!;
    const fill = bounds.slice(0, parts);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[(hashOf(i) >>> shift) & keep]!++] = i;
    let largest = 0;
    for (let p = 0; p < parts; p++) largest = Math.max(largest, bounds[p + 1]! - bounds[p]!);
    let size = 16;
    while (size < 2 * largest) size *= 2;
    // Slot k: table[2k] = a row (-1 empty), table[2k + 1] = its hash.
    const table = new Int32Array(2 * size);
    // first[i]: the earliest row equal to row i, then (below) row i's code.
    const first = new Int32Array(n);
    for (let p = 0; p < parts; p++) {
      const from = bounds[p]!;
      const to = bounds[p + 1]!;
      let mask = 15;
      while (mask + 1 < 2 * (to - from)) mask = mask * 2 + 1;
      table.fill(-1, 0, 2 * (mask + 1));
      for (let q = from; q < to; q++) {
        const row = order[q]!;
        const h = hashOf(row);
        for (let k = h & mask; ; k = (k + 1) & mask) {
          const r = table[2 * k]!;
          if (r < 0) {
            table[2 * k] = row;
            table[2 * k + 1] = h;
            first[row] = row;
            break;
          }
          if (table[2 * k + 1] === h && values[r] === values[row]) {
            first[row] = r;
            break;
          }
        }
      }
    }
    blocks.length = 0;
    // The dictionary is `values` compacted in place (a value moves only down, to its code), not a second array as long as the rows.
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const r = first[i]!;
      if (r === i) {
        first[i] = distinct;
        values[distinct++] = values[i]!;
      } else first[i] = first[r]!;
    }
    values.length = distinct;
    return { kind: 'string', name, codes: first, dict: values };
  }
}
