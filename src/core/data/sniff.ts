/**
 * Looks at the first bytes of a file before any parsing: is it text at all, which encoding does
 * its byte-order mark announce, and is it CSV, JSON or JSON Lines.
 * Students rename files freely (photo.png → data.csv, report.xlsx → report.csv), so a binary
 * file gets a message that says what it really is rather than a screen of garbage columns.
 */
import type { Problem } from '../util/result';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';
export type Format = 'csv' | 'json' | 'jsonl';

interface Magic {
  bytes: number[];
  what: string;
  hint: string;
}

const SAVE_AS_CSV = 'Open it in the program that made it and export or save it as CSV, then load that file.';
const MAGICS: Magic[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', hint: 'Choose the CSV or JSON file that holds your data.' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image', hint: 'Choose the CSV or JSON file that holds your data.' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image', hint: 'Choose the CSV or JSON file that holds your data.' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document', hint: SAVE_AS_CSV },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (an Excel .xlsx workbook is one)',
    hint: 'If it is an Excel workbook, open it in Excel and use File › Save As › CSV UTF-8. If it is a ZIP, unzip it first.',
  },
  { bytes: [0x1f, 0x8b], what: 'a GZIP-compressed file', hint: 'Decompress it first (e.g. with 7-Zip or `gunzip`), then load the CSV inside.' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an old Office document (for example an Excel .xls workbook)',
    hint: 'Open it in Excel and use File › Save As › CSV UTF-8.',
  },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** The encoding announced by a byte-order mark, if any (TextDecoder strips the mark itself). */
export function bomEncoding(bytes: Uint8Array): Encoding | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a BOM (rare, but some Windows tools write it): ASCII text then has a NUL in
 * every other byte. Returns which half holds the NULs, or null.
 */
export function guessBomlessUtf16(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.7 && evenNul === 0) return 'utf-16le';
  if (evenNul > pairs * 0.7 && oddNul === 0) return 'utf-16be';
  return null;
}

/**
 * A problem when the head of the file is not text: a known binary format by its magic number,
 * or NUL bytes / many control characters in the first KB. `encoding` is the BOM's or the
 * caller's, since UTF-16 text is full of NUL bytes and is fine.
 */
export function binaryProblem(head: Uint8Array, encoding: Encoding | null): Problem | null {
  for (const m of MAGICS) {
    if (startsWith(head, m.bytes)) {
      return { message: `This is ${m.what}, not a CSV or JSON file.`, hint: m.hint, code: 'binary-file' };
    }
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return null;
  const n = Math.min(head.length, 1024);
  let nul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) nul++;
    // Tab, LF, CR and form feed appear in text; other C0 controls do not.
    else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (nul > 0 || control > Math.max(2, n * 0.05)) {
    return {
      message: 'This file holds binary data, not text, so it cannot be read as a table.',
      hint: 'Choose a CSV, TSV or JSON file. If it is a spreadsheet, save it as CSV UTF-8 first.',
      code: 'binary-file',
    };
  }
  return null;
}

function extension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The first non-whitespace character of the text, or ''. */
function firstChar(text: string): string {
  const m = /\S/.exec(text);
  return m ? m[0] : '';
}

/** True when the first (up to 3) non-blank lines each hold one JSON object, and there are 2+. */
function looksLikeJsonl(text: string): boolean {
  const lines = text.split('\n', 50).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length < 2) return false;
  return lines.slice(0, Math.min(3, lines.length)).every((l) => {
    if (!l.startsWith('{') || !l.endsWith('}')) return false;
    try {
      JSON.parse(l);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * CSV, JSON or JSON Lines from the file name and the start of its text. The extension wins for
 * CSV/TSV (a CSV cell may well start with '['); for .json the content decides between one
 * document and one record per line, since both are saved as .json in the wild.
 */
export function detectFormat(fileName: string, head: string): Format {
  const ext = extension(fileName);
  if (ext === 'csv' || ext === 'tsv' || ext === 'tab' || ext === 'psv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  const c = firstChar(head);
  if (ext === 'json') return c === '{' && looksLikeJsonl(head) ? 'jsonl' : 'json';
  if (c === '[') return 'json';
  if (c === '{') return looksLikeJsonl(head) ? 'jsonl' : 'json';
  return 'csv';
}

/** What the extension says about the delimiter, used to break ties in detection. */
export function delimiterHintFromName(fileName: string): ',' | '\t' | '|' | null {
  const ext = extension(fileName);
  return ext === 'tsv' || ext === 'tab' ? '\t' : ext === 'psv' ? '|' : ext === 'csv' ? ',' : null;
}
