/**
 * A string column being read whose values are mostly distinct (e-mails, ids, free text), kept as
 * UTF-8 bytes in 4 MB blocks plus a hash per cell until the file is read, then dictionary-encoded
 * once at the end (finish), into exactly the StringColumn a StringDict would have made: codes in
 * order of first appearance, one JS string per distinct value.
 *
 * Why: looking each cell up in a dictionary of 1,000,000 values while reading is a cache miss per
 * cell into a 16 MB table, plus a JS string per new value made in the young generation and copied
 * by every scavenge; for the bench file those lookups were most of the ingest. Here a cell costs
 * a hash over chars already in cache and a sequential copy of its bytes. finish() then splits the
 * cells by the top bits of their hash into partitions of about 2,000 (radix partitioning), so each
 * partition's table fits in the CPU cache, and makes each distinct value's string as a slice of
 * its block decoded once (one TextDecoder call per 4 MB, not one per value).
 */
import { MISSING_CODE } from './table';

const BLOCK_BITS = 22;
const BLOCK = 1 << BLOCK_BITS;
/** Block index and offset share a Uint32 start: 1,024 blocks of 4 MB per column. */
const MAX_BLOCKS = 1024;
/** Cells per partition aimed at by finish(): a table of 4,096 slots × 8 bytes fits in L1/L2. */
const PARTITION_TARGET = 2048;

export interface Block {
  bytes: Uint8Array;
  used: number;
  ascii: boolean;
}

/**
 * An unfinished arena as plain data (typed arrays, transferable): a half of a CSV file read in
 * another thread sends its text columns like this, and they are appended to the first half's
 * arena (append), so the whole column is deduplicated once and no strings cross threads.
 */
export interface ArenaParts {
  length: number;
  starts: Uint32Array;
  lens: Int32Array;
  hashes: Int32Array;
  blocks: Block[];
}

const encoder = new TextEncoder();

/** FNV-1a over every UTF-16 unit of text.slice(start, end), seeded with its length, then mixed. */
export function textHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  return mix(h);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
const decoder = new TextDecoder();

export class TextArena {
  length = 0;
  private starts: Uint32Array;
  /** Byte length of each cell; -1 = missing. */
  private lens: Int32Array;
  private hashes: Int32Array;
  private blocks: Block[] = [];
  private block: Block | null = null;
  /** Index of `block` in blocks (a big block's placeholders come after it). */
  private blockIndex = -1;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.starts = new Uint32Array(n);
    this.lens = new Int32Array(n);
    this.hashes = new Int32Array(n);
  }

  /** This arena's cells as ArenaParts; the arena is empty afterwards. */
  takeParts(): ArenaParts {
    const n = this.length;
    const parts = { length: n, starts: this.starts.slice(0, n), lens: this.lens.slice(0, n), hashes: this.hashes.slice(0, n), blocks: this.blocks };
    this.blocks = [];
    this.block = null;
    this.blockIndex = -1;
    this.length = 0;
    return parts;
  }

  /** Appends another arena's cells (from takeParts) after this one's. */
  append(parts: ArenaParts): void {
    if (this.blocks.length + parts.blocks.length > MAX_BLOCKS) throw new Error('A text column over 4 GB cannot be held in memory.');
    const shift = this.blocks.length;
    this.blocks.push(...parts.blocks);
    // Later cells would go to a new block: the appended ones' offsets stay as they are.
    this.block = null;
    const n = parts.length;
    this.reserve(this.length + n);
    const { starts, lens, hashes } = this;
    const base = this.length;
    for (let i = 0; i < n; i++) {
      const s = parts.starts[i]!;
      starts[base + i] = (((s >>> BLOCK_BITS) + shift) << BLOCK_BITS) + (s & (BLOCK - 1));
    }
    lens.set(parts.lens.subarray(0, n), base);
    hashes.set(parts.hashes.subarray(0, n), base);
    this.length = base + n;
  }

  reserve(rows: number): void {
    if (rows <= this.starts.length) return;
    const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(rows);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.starts = grow(this.starts, (n) => new Uint32Array(n));
    this.lens = grow(this.lens, (n) => new Int32Array(n));
    this.hashes = grow(this.hashes, (n) => new Int32Array(n));
  }

  pushMissing(): void {
    if (this.length === this.lens.length) this.reserve(this.length * 2);
    this.lens[this.length++] = -1;
  }

  /** Adds text.slice(start, end) (not missing) without making that string. */
  pushRange(text: string, start: number, end: number): void {
    const i = this.length;
    if (i === this.lens.length) this.reserve(i * 2);
    // Room for the worst case (3 UTF-8 bytes per UTF-16 unit) keeps the copy loop check-free.
    const worst = 3 * (end - start);
    let block = this.block;
    if (block === null || block.used + worst > block.bytes.length) block = this.newBlock(worst);
    const bytes = block.bytes;
    const at = block.used;
    let w = at;
    let k = start;
    // The copy and textHash in one pass over the chars.
    let h = 0x811c9dc5 ^ (end - start);
    while (k < end) {
      const c = text.charCodeAt(k);
      if (c >= 128) break;
      bytes[w++] = c;
      h = Math.imul(h ^ c, 16777619);
      k++;
    }
    if (k < end) {
      // A non-ASCII cell: the encoder writes the whole of it (rare in the columns this is for).
      w = at + encoder.encodeInto(text.substring(start, end), bytes.subarray(at)).written;
      block.ascii = false;
      this.hashes[i] = textHash(text, start, end);
    } else this.hashes[i] = mix(h);
    block.used = w;
    // Offsets within a block must stay below BLOCK: a block made for one big cell takes no more.
    if (block.bytes.length > BLOCK) this.block = null;
    this.starts[i] = (this.blockIndex << BLOCK_BITS) + at;
    this.lens[i] = w - at;
    this.length = i + 1;
  }

  private newBlock(atLeast: number): Block {
    // A cell bigger than a block gets a block of its own; the block indexes it spans stay empty.
    const span = Math.max(1, Math.ceil(atLeast / BLOCK));
    if (this.blocks.length + span > MAX_BLOCKS) throw new Error('A text column over 4 GB cannot be held in memory.');
    const block: Block = { bytes: new Uint8Array(span * BLOCK), used: 0, ascii: true };
    this.blockIndex = this.blocks.length;
    this.blocks.push(block);
    for (let s = 1; s < span; s++) this.blocks.push({ bytes: new Uint8Array(0), used: 0, ascii: true });
    this.block = block;
    return block;
  }

  /**
   * Codes (first appearance order, MISSING_CODE for missing) and the distinct values. The arena is
   * empty afterwards, so its blocks are garbage as soon as the values that slice them are made.
   */
  finish(): { codes: Int32Array; dict: string[] } {
    const n = this.length;
    const codes = new Int32Array(n);
    const distinct = this.firstOccurrences(codes);
    // codes[i] is the row of the first cell equal to cell i (≤ i): number them in row order.
    const dict = new Array<string>(distinct);
    const values = new BlockValues(this.blocks);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const r = codes[i]!;
      if (r < 0) continue;
      if (r === i) {
        dict[next] = values.text(this.starts[i]!, this.lens[i]!);
        codes[i] = next++;
      } else codes[i] = codes[r]!;
    }
    this.blocks = [];
    this.block = null;
    this.blockIndex = -1;
    this.length = 0;
    return { codes, dict };
  }

  /** Writes into out[i] the row of the first cell equal to cell i (MISSING_CODE when missing); returns how many distinct values there are. */
  private firstOccurrences(out: Int32Array): number {
    const n = this.length;
    const { lens, hashes, starts } = this;
    let present = 0;
    for (let i = 0; i < n; i++) if (lens[i]! >= 0) present++;
    let bits = 0;
    while (bits < 16 && present >>> bits > PARTITION_TARGET) bits++;
    const parts = 1 << bits;
    // h >>> 32 would be h itself (shift counts are mod 32): with one partition shift the hash by 31 and use none of it.
    const shift = bits === 0 ? 31 : 32 - bits;
    const keep = bits === 0 ? 0 : -1;
    // Counting sort of the present cells by partition, stable (row order inside a partition),
    // copying each cell's hash so that the dedup reads it in order instead of all over the
    // array. Lengths and bytes are read only when two hashes match: for a column of distinct
    // values (e-mails) that is never, and copying them too cost more than it saved.
    const bounds = new Int32Array(parts + 1);
    for (let i = 0; i < n; i++) if (lens[i]! >= 0) bounds[((hashes[i]! >>> shift) & keep) + 1]!++;
    for (let p = 0; p < parts; p++) bounds[p + 1]! += bounds[p]!;
    const fill = bounds.slice(0, parts);
    const row = new Int32Array(present);
    const hash = new Int32Array(present);
    for (let i = 0; i < n; i++) {
      if (lens[i]! < 0) {
        out[i] = MISSING_CODE;
        continue;
      }
      const h = hashes[i]!;
      const q = fill[(h >>> shift) & keep]!++;
      row[q] = i;
      hash[q] = h;
    }
    let largest = 0;
    for (let p = 0; p < parts; p++) largest = Math.max(largest, bounds[p + 1]! - bounds[p]!);
    let size = 16;
    while (size < 2 * largest) size *= 2;
    // Slot k: table[2k] = the row of a first occurrence (-1 empty), table[2k + 1] = its hash.
    const table = new Int32Array(2 * size);
    const blocks = this.blocks;
    let distinct = 0;
    for (let p = 0; p < parts; p++) {
      const from = bounds[p]!;
      const to = bounds[p + 1]!;
      let mask = 15;
      while (mask + 1 < 2 * (to - from)) mask = mask * 2 + 1;
      table.fill(-1, 0, 2 * (mask + 1));
      for (let q = from; q < to; q++) {
        const h = hash[q]!;
        const i = row[q]!;
        let k = h & mask;
        for (;;) {
          const r = table[2 * k]!;
          if (r < 0) {
            table[2 * k] = i;
            table[2 * k + 1] = h;
            out[i] = i;
            distinct++;
            break;
          }
          if (table[2 * k + 1] === h && lens[r] === lens[i] && sameBytes(blocks, starts[r]!, starts[i]!, lens[i]!)) {
            out[i] = r;
            break;
          }
          k = (k + 1) & mask;
        }
      }
    }
    return distinct;
  }
}

function sameBytes(blocks: readonly Block[], sa: number, sb: number, len: number): boolean {
  const ba = blocks[sa >>> BLOCK_BITS]!.bytes;
  const bb = blocks[sb >>> BLOCK_BITS]!.bytes;
  const oa = sa & (BLOCK - 1);
  const ob = sb & (BLOCK - 1);
  for (let k = 0; k < len; k++) if (ba[oa + k] !== bb[ob + k]) return false;
  return true;
}

/**
 * Cell strings cut from each block decoded once. Asked for in row order, so inside a block the
 * byte offsets only grow: for a block with non-ASCII bytes a cursor turns byte offsets into
 * UTF-16 offsets by counting the units of the bytes in between.
 */
class BlockValues {
  private texts: (string | undefined)[] = [];
  private cursorByte: number[] = [];
  private cursorChar: number[] = [];

  constructor(private readonly blocks: Block[]) {}

  text(start: number, len: number): string {
    const b = start >>> BLOCK_BITS;
    const at = start & (BLOCK - 1);
    const block = this.blocks[b]!;
    let text = this.texts[b];
    if (text === undefined) {
      text = decoder.decode(block.bytes.subarray(0, block.used));
      this.texts[b] = text;
      this.cursorByte[b] = 0;
      this.cursorChar[b] = 0;
    }
    if (block.ascii) return text.substring(at, at + len);
    const from = this.advance(b, block.bytes, at);
    const to = this.advance(b, block.bytes, at + len);
    return text.substring(from, to);
  }

  /** The UTF-16 offset of byte offset `to` in block b (to ≥ the last one asked for). */
  private advance(b: number, bytes: Uint8Array, to: number): number {
    let byte = this.cursorByte[b]!;
    let char = this.cursorChar[b]!;
    while (byte < to) {
      const c = bytes[byte]!;
      if (c >= 0xf0) {
        char += 2; // a 4-byte sequence is a surrogate pair
        byte += 4;
      } else {
        char++;
        byte += c < 0x80 ? 1 : c < 0xe0 ? 2 : 3;
      }
    }
    this.cursorByte[b] = byte;
    this.cursorChar[b] = char;
    return char;
  }
}
