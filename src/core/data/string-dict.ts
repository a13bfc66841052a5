/**
 * A string → code dictionary for ingest: codes are 0, 1, 2 … in order of first appearance.
 * An open-addressing table of Int32 codes and hashes, instead of a
 * Map<string, number>: ingest looks up every string cell of the file, and for the fresh substring
 * objects a parser hands out this is about twice as fast and holds no per-entry objects
 * (Map entries for a 1,000,000-value text column cost tens of MB and GC time).
 */
/** V8 copies substrings shorter than this and slices longer ones (SlicedString::kMinLength). */
const SLICE_MIN = 13;

export class StringDict {
  readonly values: string[] = [];
  /**
   * Slot i is table[2i] = code (-1 = empty) and table[2i+1] = that value's hash, side by side:
   * a probe costs one memory access, and the value itself is only read when the hashes match.
   * A text column of 1,000,000 distinct values has a 16 MB table, so each separate access is a
   * cache miss; with the hashes in an array of their own, lookups took most of the ingest time.
   */
  private table = new Int32Array(64).fill(-1);
  private mask = 31;

  get size(): number {
    return this.values.length;
  }

  /** The code of `s`, adding it when new. */
  code(s: string): number {
    return this.codeRange(s, 0, s.length); // a whole string's substring is the string itself
  }

  /**
   * The code of text.slice(start, end), adding it when new, without making that string unless it
   * is new: CSV cells are looked up straight in the chunk they were read from.
   */
  codeRange(text: string, start: number, end: number): number {
    const h = hashRange(text, start, end);
    const len = end - start;
    const table = this.table;
    const mask = this.mask;
    const values = this.values;
    let i = h & mask;
    for (;;) {
      const c = table[2 * i]!;
      if (c < 0) break;
      if (table[2 * i + 1] === h) {
        const v = values[c]!;
        if (v.length === len) {
          let k = 0;
          while (k < len && v.charCodeAt(k) === text.charCodeAt(start + k)) k++;
          if (k === len) return c;
        }
      }
      i = (i + 1) & mask;
    }
    return this.add(text.substring(start, end), h, i);
  }

  /**
   * Gives values[from …] of 13 chars or more one string of their own to be slices of, instead of
   * the 1 MB chunk of the file they were cut from. V8 copies a substring shorter than 13 chars
   * but makes a longer one a slice that keeps its parent alive: a text or identifier column
   * would hold on to every chunk of the file, all columns of it. One join per chunk and column
   * is far cheaper than copying each value alone (V8 offers no direct copy).
   */
  settle(from: number): void {
    const values = this.values;
    const long: string[] = [];
    for (let c = from; c < values.length; c++) if (values[c]!.length >= SLICE_MIN) long.push(values[c]!);
    if (long.length === 0) return;
    const joined = long.join('');
    let off = 0;
    for (let c = from; c < values.length; c++) {
      const len = values[c]!.length;
      if (len < SLICE_MIN) continue;
      values[c] = joined.substring(off, off + len);
      off += len;
    }
  }

  private add(s: string, h: number, slot: number): number {
    const code = this.values.length;
    this.values.push(s);
    this.table[2 * slot] = code;
    this.table[2 * slot + 1] = h;
    // Load factor ≤ 1/2 keeps probe chains short.
    if (this.values.length * 2 > this.mask) this.rehash();
    return code;
  }

  private rehash(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const table = new Int32Array(2 * size).fill(-1);
    for (let k = 0; k < old.length; k += 2) {
      const c = old[k]!;
      if (c < 0) continue;
      const h = old[k + 1]!;
      let i = h & mask;
      while (table[2 * i]! >= 0) i = (i + 1) & mask;
      table[2 * i] = c;
      table[2 * i + 1] = h;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** A hash of text.slice(start, end) (its length and at most its first and last 12 chars), without making the string. */
export function hashRange(text: string, start: number, end: number): number {
  const n = end - start;
  let h = 0x811c9dc5 ^ n;
  if (n <= 24) {
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  } else {
    for (let i = start; i < start + 12; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    for (let i = end - 12; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
