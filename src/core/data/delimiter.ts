/**
 * CSV dialect detection on a sample of the text: line ending and delimiter.
 * Quote-aware: each candidate is tried with papaparse itself, so a comma inside "a, b" never
 * counts. The winner is the candidate whose rows agree best on one field count above 1.
 */
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t' | '|';
export type Newline = '\n' | '\r\n' | '\r';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Rows of the sample used for detection. */
const SAMPLE_ROWS = 50;

/**
 * Which line ending the text uses, ignoring line breaks inside quoted fields. A quote opens a
 * quoted field only at the start of one (after a delimiter, a line break or the start), as the
 * reader treats it: a stray quote inside a header like `height (5")` is text and must not hide
 * the first line break.
 */
export function guessNewline(sample: string): Newline {
  let inQuotes = false;
  const n = Math.min(sample.length, 1 << 20);
  for (let i = 0; i < n; i++) {
    const c = sample.charCodeAt(i);
    if (inQuotes) {
      if (c !== 34) continue;
      if (sample.charCodeAt(i + 1) === 34) i++; // "" inside quotes is one quote
      else inQuotes = false;
    } else if (c === 34) {
      inQuotes = i === 0 || FIELD_START_AFTER.has(sample.charCodeAt(i - 1));
    } else {
      if (c === 10) return '\n';
      if (c === 13) return sample.charCodeAt(i + 1) === 10 ? '\r\n' : i + 1 < n ? '\r' : '\n';
    }
  }
  return '\n';
}

/** Chars after which a field starts: every delimiter, and the line-break chars. */
const FIELD_START_AFTER = new Set([...DELIMITERS.map((d) => d.charCodeAt(0)), 10, 13]);

/** Parses the sample's first rows with `delimiter`; drops the last row when the sample was cut. */
export function sampleRows(sample: string, delimiter: Delimiter, newline: Newline, complete: boolean): string[][] {
  const res = Papa.parse<string[]>(sample, { delimiter, newline, preview: SAMPLE_ROWS + 1, skipEmptyLines: true });
  const rows = res.data;
  if (!complete && rows.length > 1 && rows.length <= SAMPLE_ROWS) rows.pop();
  return rows.slice(0, SAMPLE_ROWS);
}

interface Score {
  delimiter: Delimiter;
  /** Share of rows with the modal field count. */
  consistency: number;
  fields: number;
}

function score(rows: string[][], delimiter: Delimiter): Score {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let fields = 1;
  let best = 0;
  for (const [f, c] of counts) {
    if (c > best || (c === best && f > fields)) {
      best = c;
      fields = f;
    }
  }
  return { delimiter, consistency: rows.length ? best / rows.length : 0, fields };
}

/**
 * The delimiter that splits the sample into the most consistent rows with more than one field;
 * ties go to more fields, then to `preferred` (from the file extension), then to list order.
 * Null when no candidate gives more than one field (a one-column file).
 */
export function detectDelimiter(
  sample: string,
  newline: Newline,
  complete: boolean,
  preferred: Delimiter | null = null,
): Delimiter | null {
  // Only the first rows matter; cutting here keeps papaparse's fast path from splitting 1 MB.
  const head = cutAtRows(sample, SAMPLE_ROWS + 1, newline);
  const isComplete = complete && head.length === sample.length;
  let best: Score | null = null;
  for (const d of DELIMITERS) {
    const s = score(sampleRows(head, d, newline, isComplete), d);
    if (s.fields < 2) continue;
    if (
      best === null ||
      s.consistency > best.consistency + 1e-9 ||
      (Math.abs(s.consistency - best.consistency) <= 1e-9 &&
        (s.fields > best.fields || (s.fields === best.fields && d === preferred)))
    ) {
      best = s;
    }
  }
  return best?.delimiter ?? null;
}

/** The prefix of `text` holding about `rows` lines (quotes ignored: rows only get cut, never lost). */
function cutAtRows(text: string, rows: number, newline: Newline): string {
  let pos = 0;
  for (let i = 0; i < rows * 4; i++) {
    const next = text.indexOf(newline, pos);
    if (next < 0) return text;
    pos = next + newline.length;
  }
  return text.slice(0, pos);
}
