/**
 * Why one file over 400 lines: the builder's typing states (number → string → text arena) and their
 * hot loops share private fields; split across files they would need those fields public.
 *
 * Grows one column of a table while a file is read, one cell at a time, without ever keeping
 * the raw text of a row: per row the only cost is one typed-array slot per column.
 *
 * A column starts numeric (Float64Array, NaN = missing) and stays numeric while every
 * non-missing cell is a finite number. On the first cell that is not, it switches for good to a
 * dictionary-encoded string column (Int32Array codes, -1 = missing) and the numbers seen so far
 * become String(n). That conversion is lossy on purpose, as in pandas: "007" was read as 7 and
 * comes back as "7", "1.50" as "1.5". Keeping every raw cell to undo it would double the memory.
 */
import { MISSING_CODE, isMissingToken, type Column } from './table';
import { StringDict } from './string-dict';
import { TextArena, type ArenaParts } from './text-arena';

/** Returned by parseCell for a cell that is text (neither a number nor a missing token). */
export const NOT_A_NUMBER = Infinity;

/**
 * Reads a CSV cell: a finite number, NaN for a missing token (see isMissingToken) or
 * NOT_A_NUMBER (Infinity) for text. Strict: "12", "-3.5", "1e3", " 4 " are numbers;
 * "12abc", "0x10", "Infinity", "1e999" are text; "" is missing.
 * Uses the engine's `+s` (fast) and then rejects what it accepts but a CSV reader must not
 * (hex/octal/binary literals, blank strings), instead of a regex per cell.
 */
export function parseCell(raw: string): number {
  const len = raw.length;
  if (len === 0) return NaN;
  const n = +raw;
  if (n - n === 0) {
    let c0 = raw.charCodeAt(0);
    if (c0 < 43 || c0 > 57) {
      // Leading whitespace (or a stray char that `+` skips): look at the trimmed text.
      const t = raw.trim();
      if (t.length === 0) return NaN;
      c0 = t.charCodeAt(0);
      return c0 === 48 && t.length > 2 && isRadixLetter(t.charCodeAt(1)) ? NOT_A_NUMBER : n;
    }
    return c0 === 48 && len > 2 && isRadixLetter(raw.charCodeAt(1)) ? NOT_A_NUMBER : n;
  }
  return isMissingText(raw) ? NaN : NOT_A_NUMBER;
}

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const MAX_DIGITS = 15;

/**
 * parseCell(text.slice(start, end)) without making the string for the usual cells: plain
 * decimals ([+-]digits[.digits][e[+-]digits], at most 15 digits) are computed here, exactly as
 * `+s` would (an integer below 2^53 times or divided by an exact power of ten is one correctly
 * rounded operation). Anything else (spaces, missing tokens, long or odd numbers, text) goes
 * through parseCell on the substring.
 */
export function parseRange(text: string, start: number, end: number): number {
  if (start === end) return NaN;
  let i = start;
  let c = text.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) {
    if (++i === end) return parseCell(text.substring(start, end));
    c = text.charCodeAt(i);
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    if (++i === end) break;
    c = text.charCodeAt(i);
  }
  if (i < end && c === 46) {
    i++;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      m = m * 10 + (c - 48);
      digits++;
      scale--;
      i++;
    }
  }
  if (digits === 0 || digits > MAX_DIGITS) return parseCell(text.substring(start, end));
  if (i < end) {
    // Only an exponent may follow.
    if ((c | 32) !== 101 || ++i === end) return parseCell(text.substring(start, end));
    c = text.charCodeAt(i);
    const eneg = c === 45;
    if ((eneg || c === 43) && ++i === end) return parseCell(text.substring(start, end));
    let e = 0;
    let edigits = 0;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57 || edigits > 3) return parseCell(text.substring(start, end));
      e = e * 10 + (c - 48);
      edigits++;
      i++;
    }
    if (edigits === 0) return parseCell(text.substring(start, end));
    scale += eneg ? -e : e;
  }
  if (scale < -22 || scale > 22) return parseCell(text.substring(start, end));
  const v = scale < 0 ? m / POW10[-scale]! : m * POW10[scale]!;
  return neg ? -v : v;
}

/** isMissingText(text.slice(start, end)), without making the string for cells that plainly are not. */
export function isMissingRange(text: string, start: number, end: number): boolean {
  if (start === end) return true;
  const a = text.charCodeAt(start);
  if (a > 32 && a < 127 && (a | 32) !== 110 && a !== 63 && a !== 45) return false;
  const len = end - start;
  const b = text.charCodeAt(end - 1);
  if (a > 32 && a < 127 && b > 32 && b < 127) {
    // isMissingText's plain-ASCII path, on the range ("no", "null", "n/a" without a substring).
    if (len > 4) return false;
    if (len === 1) return a === 63 || a === 45;
    if ((a | 32) !== 110) return false;
    const c1 = text.charCodeAt(start + 1) | 32;
    if (len === 2) return c1 === 97;
    const c2 = text.charCodeAt(start + 2) | 32;
    if (len === 3) return (c1 === 97 && c2 === 110) || (text.charCodeAt(start + 1) === 47 && c2 === 97);
    return c1 === 117 && c2 === 108 && (text.charCodeAt(start + 3) | 32) === 108;
  }
  return isMissingText(text.substring(start, end));
}

/** 'x', 'b', 'o' in either case: the second char of 0x10, 0b1, 0o7. */
function isRadixLetter(c: number): boolean {
  const l = c | 32;
  return l === 120 || l === 98 || l === 111;
}

/**
 * isMissingToken with fast exits for the common cases (a first letter no token starts with; more
 * than 4 chars without surrounding whitespace), so most text cells skip trim/lowercase.
 */
export function isMissingText(raw: string): boolean {
  const len = raw.length;
  if (len === 0) return true;
  const a = raw.charCodeAt(0);
  const plain = a > 32 && a < 127;
  // Every missing token starts with n/N, '?' or '-' once trimmed (see MISSING_TOKENS).
  if (plain && (a | 32) !== 110 && a !== 63 && a !== 45) return false;
  const b = raw.charCodeAt(len - 1);
  if (plain && b > 32 && b < 127) {
    if (len > 4) return false;
    if (len === 1) return a === 63 || a === 45;
    if ((a | 32) !== 110) return false;
    // n?, n?? or n???: compare the rest case-insensitively without allocating.
    const c1 = raw.charCodeAt(1) | 32;
    if (len === 2) return c1 === 97; // na
    const c2 = raw.charCodeAt(2) | 32;
    if (len === 3) return (c1 === 97 && c2 === 110) || (raw.charCodeAt(1) === 47 && c2 === 97); // nan, n/a
    return c1 === 117 && c2 === 108 && (raw.charCodeAt(3) | 32) === 108; // null
  }
  return isMissingToken(raw);
}

const INITIAL_CAPACITY = 16;
/**
 * A string column read from CSV whose distinct values are over half its cells, after at least
 * this many rows, is kept as a TextArena until the file is read (see text-arena.ts).
 */
const ARENA_MIN_ROWS = 2048;

/** The first `length` items of `a`: a view when at most 1/8 of it is unused, else a copy. */
function trimmed<T extends Float64Array | Int32Array>(a: T, length: number): T {
  if (a.length === length) return a;
  return (a.length - length <= a.length / 8 ? a.subarray(0, length) : a.slice(0, length)) as T;
}

export class ColumnBuilder {
  /** Rows pushed so far. */
  length = 0;
  private capacity: number;
  private nums: Float64Array | null;
  private codes: Int32Array | null = null;
  private dict: StringDict | null = null;
  private arena: TextArena | null = null;
  /** Non-missing numbers read before the column turned to text (they became String(n)). */
  numbersBeforeText = 0;

  /** `text`: the column starts as text, so no cell is ever read as a number (see csv-split.ts). */
  constructor(capacity = INITIAL_CAPACITY, text = false) {
    this.capacity = Math.max(1, capacity);
    this.nums = new Float64Array(this.capacity);
    if (text) this.toStrings();
  }

  get kind(): 'number' | 'string' {
    return this.nums !== null ? 'number' : 'string';
  }

  /** Adds one raw text cell. */
  push(raw: string): void {
    if (this.length === this.capacity) this.grow();
    const nums = this.nums;
    if (nums !== null) {
      const v = parseCell(raw);
      if (v !== NOT_A_NUMBER) {
        nums[this.length++] = v;
        return;
      }
      this.toStrings();
      this.codes![this.length++] = this.codeOf(raw);
      return;
    }
    const arena = this.arena;
    if (arena !== null) {
      if (isMissingText(raw)) arena.pushMissing();
      else arena.pushRange(raw, 0, raw.length);
      this.length++;
      return;
    }
    this.codes![this.length++] = isMissingText(raw) ? MISSING_CODE : this.codeOf(raw);
  }

  /** Adds the raw text cell text.slice(start, end); push() without making the cell's string. */
  pushRange(text: string, start: number, end: number): void {
    if (this.length === this.capacity) this.grow();
    const nums = this.nums;
    if (nums !== null) {
      const v = parseRange(text, start, end);
      if (v !== NOT_A_NUMBER) {
        nums[this.length++] = v;
        return;
      }
      this.toStrings();
    }
    const arena = this.arena;
    if (arena !== null) {
      if (isMissingRange(text, start, end)) arena.pushMissing();
      else arena.pushRange(text, start, end);
      this.length++;
      return;
    }
    this.codes![this.length++] = isMissingRange(text, start, end) ? MISSING_CODE : this.dict!.codeRange(text, start, end);
  }

  /**
   * Adds `count` cells of one column from a chunk's field offsets, laid out row after row with
   * `stride` fields per row, this column's first at `first`. A negative start -1 - k stands for
   * the cell escaped[k] (a quoted field with "" in it). One column at a time, not row by row,
   * so its dictionary stays in cache and the lookups of consecutive cells overlap.
   */
  pushRanges(text: string, starts: Int32Array, ends: Int32Array, first: number, stride: number, count: number, escaped: readonly string[]): void {
    if (this.length + count > this.capacity) this.resize(Math.max(this.capacity * 2, this.length + count));
    const known = this.dict?.size ?? 0;
    let r = 0;
    let k = first;
    const nums = this.nums;
    if (nums !== null) {
      // A column still numeric: its cells go straight into the array, with the length in a local,
      // until one is not a plain number (the general path below takes it and the rest).
      let at = this.length;
      for (; r < count; r++, k += stride) {
        const s = starts[k]!;
        if (s < 0) break;
        const v = parseRange(text, s, ends[k]!);
        if (v === NOT_A_NUMBER) break;
        nums[at++] = v;
      }
      this.length = at;
    }
    for (; r < count; r++, k += stride) {
      const s = starts[k]!;
      if (s >= 0) this.pushRange(text, s, ends[k]!);
      else this.push(escaped[-1 - s]!);
    }
    const dict = this.dict;
    if (dict !== null) {
      dict.settle(known);
      if (this.length >= ARENA_MIN_ROWS && dict.size * 2 > this.length) this.toArena();
    }
  }

  /** Adds a value that is already a number (JSON); NaN/±Infinity are missing. */
  pushNumber(n: number): void {
    if (this.length === this.capacity) this.grow();
    const ok = Number.isFinite(n);
    if (this.nums !== null) this.nums[this.length++] = ok ? n : NaN;
    else if (ok) this.pushText(String(n));
    else this.pushMissing();
  }

  /** Adds a value that is text for sure (JSON strings that must not be read as numbers, nested JSON). */
  pushText(text: string): void {
    if (this.length === this.capacity) this.grow();
    if (this.nums !== null) this.toStrings();
    if (this.arena !== null) {
      this.arena.pushRange(text, 0, text.length);
      this.length++;
    } else this.codes![this.length++] = this.codeOf(text);
  }

  pushMissing(): void {
    if (this.length === this.capacity) this.grow();
    if (this.nums !== null) this.nums[this.length++] = NaN;
    else if (this.arena !== null) {
      this.arena.pushMissing();
      this.length++;
    } else this.codes![this.length++] = MISSING_CODE;
  }

  /**
   * The finished column, exactly `length` rows long. When little of the buffer is unused (ingest
   * reserves from an estimate, +5 %) the column is a view on it rather than a copy: copying
   * every column at the end of a 100 MB file was the peak of its memory, old and new arrays
   * both alive until the next GC. A buffer mostly unused is copied, so it does not stay held.
   */
  finish(name: string): Column {
    if (this.nums !== null) {
      const values = trimmed(this.nums, this.length);
      this.nums = null;
      return { kind: 'number', name, values };
    }
    if (this.arena !== null) {
      const { codes, dict } = this.arena.finish();
      this.arena = null;
      return { kind: 'string', name, codes, dict };
    }
    const codes = trimmed(this.codes!, this.length);
    const dict = this.dict!.values;
    this.codes = null;
    this.dict = null;
    return { kind: 'string', name, codes, dict };
  }

  /** An arena column's cells, unfinished (sent from another thread: see csv-split.ts); null when not an arena. */
  takeArena(): ArenaParts | null {
    if (this.arena === null) return null;
    const parts = this.arena.takeParts();
    this.arena = null;
    return parts;
  }

  get isArena(): boolean {
    return this.arena !== null;
  }

  /** finish() of an arena column with another half's cells appended first. */
  finishAppending(name: string, parts: ArenaParts): Column {
    this.arena!.append(parts);
    this.length += parts.length;
    return this.finish(name);
  }

  private codeOf(text: string): number {
    return this.dict!.code(text);
  }

  /** Numbers so far become their String() form (lossy: see the module comment). */
  private toStrings(): void {
    const nums = this.nums!;
    const codes = new Int32Array(this.capacity);
    this.dict = new StringDict();
    this.codes = codes;
    let numbers = 0;
    for (let i = 0; i < this.length; i++) {
      const v = nums[i]!;
      if (Number.isNaN(v)) codes[i] = MISSING_CODE;
      else {
        codes[i] = this.codeOf(String(v));
        numbers++;
      }
    }
    this.numbersBeforeText = numbers;
    this.nums = null;
  }

  /** The cells so far move from the dictionary into a TextArena, which takes every later one. */
  private toArena(): void {
    const arena = new TextArena(this.capacity);
    const codes = this.codes!;
    const values = this.dict!.values;
    for (let i = 0; i < this.length; i++) {
      const c = codes[i]!;
      if (c === MISSING_CODE) arena.pushMissing();
      else arena.pushRange(values[c]!, 0, values[c]!.length);
    }
    this.arena = arena;
    this.codes = null;
    this.dict = null;
  }

  /** Makes room for `rows` rows at once (from an estimate), saving the doubling copies. */
  reserve(rows: number): void {
    if (rows > this.capacity) this.resize(rows);
  }

  /** Doubling keeps appends amortised O(1); the old buffer is garbage right after the copy. */
  private grow(): void {
    this.resize(this.capacity * 2);
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    if (this.arena !== null) this.arena.reserve(capacity);
    else if (this.nums !== null) {
      const next = new Float64Array(this.capacity);
      next.set(this.nums);
      this.nums = next;
    } else {
      const next = new Int32Array(this.capacity);
      next.set(this.codes!);
      this.codes = next;
    }
  }
}
