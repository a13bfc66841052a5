/**
 * The CSV tokenizer of ingest: finds the fields of each record in a chunk of text and hands
 * their [start, end) offsets to a callback, without cutting a string per cell. Numbers and
 * repeated categories are then read straight from the chunk (ColumnBuilder.pushRange), so a
 * 1,000,000-row file costs a few million fewer strings than with papaparse, which makes one
 * substring per field and an array per row (papaparse took 5× the time of the parse itself
 * once its fields were typed; see the csv bench).
 *
 * Quote handling is papaparse's, rule for rule (its Parser with quoteChar = escapeChar = '"'),
 * so files read the same as before, warnings included; csv-scan.test.ts checks the two agree
 * on generated inputs:
 * - a field is quoted only when it starts with a quote; a quote inside an unquoted field is text;
 * - in a quoted field "" is a quote; the field ends at a quote followed (after optional
 *   whitespace) by the delimiter or the newline, or at a quote that ends the input;
 * - any other quote in a quoted field is a stray quote (papaparse's InvalidQuotes): counted,
 *   kept as text, and the field goes on to the next quote;
 * - a quote never closed makes the rest of the input one field (papaparse's MissingQuotes);
 * - the newline is the one given ('\n', '\r\n' or '\r'); other line breaks are text;
 * - a final parse of input ending in a newline ends with one empty record, as papaparse's does.
 */
import type { Delimiter, Newline } from './delimiter';

/** One record: fields j < n span [starts[j], ends[j]) of `text` unless values[j] is set. */
export interface CsvRecord {
  text: string;
  n: number;
  starts: Int32Array;
  ends: Int32Array;
  /** The field's text where it is not the plain slice (quoted with "" inside); otherwise undefined. */
  values: (string | undefined)[];
  /** Offset in the whole text just past the record and its newline. */
  end: number;
  /** Stray quotes in the record (see the module comment). */
  stray: number;
  /** The last field opens a quote that is never closed. */
  unterminated: boolean;
}

/** What a CSV tokenizer offers csv-ingest.ts (this one, or papaparse in csv-papaparse.ts). */
export interface CsvTokenizer {
  /**
   * Reads the records of `input`, whose first char is at `base` in the whole text. With `more`
   * the input is not the end of the file: an incomplete last record is left unread. Returns the
   * number of chars read (the start of the record left unread, or input.length).
   */
  parse(input: string, base: number, more: boolean): number;
}

/** Makes a tokenizer; tests swap in papaparse (csv-papaparse.ts) to check CsvScanner against it. */
export type CsvTokenizerFactory = (delimiter: Delimiter, newline: Newline, onRecord: (r: CsvRecord) => void) => CsvTokenizer;

const QUOTE = 34;
const QUOTES = /""/g;

export class CsvScanner implements CsvTokenizer {
  private readonly rec: CsvRecord;
  private readonly delim: number;
  private readonly nlFirst: number;
  private readonly crlf: boolean;
  /** values[0 … dirty) may hold a previous record's texts. */
  private dirty = 0;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly newline: Newline,
    private readonly onRecord: (r: CsvRecord) => void,
  ) {
    this.delim = delimiter.charCodeAt(0);
    this.nlFirst = newline.charCodeAt(0);
    this.crlf = newline === '\r\n';
    this.rec = { text: '', n: 0, starts: new Int32Array(64), ends: new Int32Array(64), values: [], end: 0, stray: 0, unterminated: false };
  }

  parse(input: string, base: number, more: boolean): number {
    const len = input.length;
    if (len === 0) return 0;
    const rec = this.rec;
    rec.text = input;
    const delim = this.delim;
    const nlFirst = this.nlFirst;
    const crlf = this.crlf;
    const nlLen = crlf ? 2 : 1;
    let starts = rec.starts;
    let ends = rec.ends;
    const values = rec.values;
    const delimiter = this.delimiter;
    const newline = this.newline;
    // The next delimiter and newline at or after the read position (len: none; below pos: stale).
    let nextDelim = -1;
    let nextNewline = -1;
    let pos = 0;
    for (;;) {
      const recStart = pos;
      if (pos === len && more) return len;
      if (this.dirty > 0) {
        values.fill(undefined, 0, this.dirty);
        this.dirty = 0;
      }
      let n = 0;
      let stray = 0;
      let unterminated = false;
      // The record ran to the end of the input (rather than to a newline).
      let atEnd = false;
      // One field per turn; `done` is set when the record ends (newline or end of input).
      let done = false;
      while (!done) {
        if (n === starts.length) {
          starts = rec.starts = grow(starts);
          ends = rec.ends = grow(ends);
        }
        if (pos < len && input.charCodeAt(pos) === QUOTE) {
          const start = pos + 1;
          let escaped = false;
          let q = pos;
          for (;;) {
            q = input.indexOf('"', q + 1);
            if (q < 0) {
              if (more) return recStart;
              starts[n] = start;
              ends[n] = len;
              n++;
              unterminated = true;
              pos = len;
              done = atEnd = true;
              break;
            }
            if (q === len - 1) {
              if (more) return recStart;
              if (escaped) {
                values[n] = input.substring(start, q).replace(QUOTES, '"');
                this.dirty = n + 1;
              }
              starts[n] = start;
              ends[n] = q;
              n++;
              pos = len;
              done = atEnd = true;
              break;
            }
            const c = input.charCodeAt(q + 1);
            if (c === QUOTE) {
              escaped = true;
              q++;
              continue;
            }
            // Where the field ends after its closing quote: the next field, the next record or neither.
            let next: number;
            let endsRecord = false;
            if (c === delim) next = q + 2;
            else if (c === nlFirst && (!crlf || input.charCodeAt(q + 2) === 10)) {
              next = q + 1 + nlLen;
              endsRecord = true;
            } else {
              const after = this.afterSpaces(input, q);
              next = after.next;
              endsRecord = after.endsRecord;
            }
            if (next < 0) {
              stray++;
              q++;
              continue;
            }
            if (escaped) {
              values[n] = input.substring(start, q).replace(QUOTES, '"');
              this.dirty = n + 1;
            }
            starts[n] = start;
            ends[n] = q;
            n++;
            pos = next;
            done = endsRecord;
            break;
          }
          continue;
        }
        // Unquoted: up to the delimiter or the newline, found with indexOf (a native search,
        // about 2× a charCodeAt loop here); each position is searched for again only once the
        // read has passed it (papaparse's nextDelim/nextNewline), so a char is looked at once.
        const start = pos;
        if (nextDelim < pos) nextDelim = indexOrEnd(input, delimiter, pos);
        if (nextNewline < pos) nextNewline = indexOrEnd(input, newline, pos);
        let p: number;
        if (nextDelim < nextNewline) p = nextDelim;
        else if (nextNewline < len) {
          p = nextNewline;
          done = true;
        } else {
          if (more) return recStart;
          p = len;
          done = atEnd = true;
        }
        starts[n] = start;
        ends[n] = p;
        n++;
        pos = atEnd ? len : done ? p + nlLen : p + 1;
      }
      rec.n = n;
      rec.end = base + pos;
      rec.stray = stray;
      rec.unterminated = unterminated;
      this.onRecord(rec);
      if (atEnd) return len;
    }
  }

  /**
   * papaparse's check after a closing quote that is not directly followed by the delimiter or
   * the newline: whitespace up to the nearest delimiter (or newline) and then the delimiter (or
   * newline) still close the field. `next` is -1 when neither follows: a stray quote.
   */
  private afterSpaces(input: string, q: number): { next: number; endsRecord: boolean } {
    const nextDelim = input.indexOf(this.delimiter, q + 1);
    const nextNewline = input.indexOf(this.newline, q + 1);
    // Math.min as papaparse has it: -1 (no delimiter) wins, which then allows no spaces.
    const upTo = nextNewline === -1 ? nextDelim : Math.min(nextDelim, nextNewline);
    const s1 = spacesBetween(input, q + 1, upTo);
    if (input.substr(q + 1 + s1, 1) === this.delimiter) return { next: q + 2 + s1, endsRecord: false };
    const s2 = spacesBetween(input, q + 1, nextNewline);
    const at = q + 1 + s2;
    if (input.substring(at, at + this.newline.length) === this.newline) return { next: at + this.newline.length, endsRecord: true };
    return { next: -1, endsRecord: false };
  }
}

/** Length of input[from, to) when it is non-empty and all whitespace, else 0 (papaparse's extraSpaces). */
function spacesBetween(input: string, from: number, to: number): number {
  if (to === -1) return 0;
  const between = input.substring(from, to);
  return between !== '' && between.trim() === '' ? between.length : 0;
}

/** input.indexOf(s, from), or input.length when s does not occur (so "none" is never searched for again). */
function indexOrEnd(input: string, s: string, from: number): number {
  const i = input.indexOf(s, from);
  return i < 0 ? input.length : i;
}

function grow(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
