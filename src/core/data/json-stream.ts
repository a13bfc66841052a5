/**
 * A JSON list of records — alone, or the one list of records in a wrapper object — read record by
 * record for json-ingest.ts (see its module comment): a scan over the decoded text finds where each
 * record (and each of the wrapper's other values) ends, and JSON.parse reads it alone.
 */
import { textChunks } from './decode';
import type { ReadContext } from './ingest-types';
import { RecordSink } from './json-records';

/** What a streamed read found: the records, the wrapper's key of their list, the line of a Latin-1 fallback (0: none). */
export interface Streamed {
  sink: RecordSink;
  listKey: string | null;
  latin1Line: number;
}

/** streamRecords' answer when the file must be read whole (see the module comment). */
export const WHOLE = Symbol('whole');
/** streamRecords' answer when the read was cancelled. */
export const STOPPED = Symbol('stopped');

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
/** Where streamRecords' scan is. */
const At = {
  Start: 0, // before the file's [ or {
  BeforeRecord: 1, // after the list's [ or a comma
  InRecord: 2,
  AfterRecord: 3,
  End: 4, // after the list's ] (or the wrapper's })
  // A wrapper object {"key": value, …}: its values are skipped (parsed alone, so a syntax error
  // still goes to the whole read for its message) except one list of records, which streams.
  BeforeKey: 5, // after { or a comma: a key or (only right after {) the end
  InKey: 6,
  AfterKey: 7, // before the colon
  BeforeValue: 8,
  ListOpen: 9, // after a value's [: a { makes it the list of records, anything else a value to skip
  InValue: 10, // a nested value being skipped
  InScalar: 11, // a number, true, false or null being skipped
  AfterValue: 12,
} as const;

/**
 * A JSON list of records — alone, or the one list of records in a wrapper object — one record at
 * a time: the scan tracks strings, escapes and bracket depth (a record's text is then cut out and
 * parsed alone), and carries text cut by a chunk's end into the next chunk with the scan's state.
 * WHOLE as soon as the file is not that in valid JSON, or the whole read could answer otherwise
 * (a second list of records, a key twice, a list of records with other items in it).
 */
export async function streamRecords(ctx: ReadContext): Promise<Streamed | typeof WHOLE | typeof STOPPED> {
  const sink = new RecordSink();
  let at: number = At.Start;
  let wrapped = false; // the file is an object
  let listKey: string | null = null; // the wrapper's key of the list of records
  let key = '';
  const keys = new Set<string>();
  let partial = ''; // the start of a record, key or value cut by the previous chunk's end
  let depth = 0;
  let inString = false;
  let escaped = false;
  const capturing = () => at === At.InRecord || at === At.InKey || at === At.InValue || at === At.InScalar || at === At.ListOpen;
  const parses = (t: string): boolean => {
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  };
  // Latin-1: the decoder goes on in Latin-1 from the first byte that is not UTF-8, so the text
  // stays whole; the warning names that byte's line, counted while UTF-8 lasts.
  let linesBefore = 0;
  let charBase = 0;
  let latin1Line = 0;
  for await (const chunk of textChunks(ctx.source, ctx.decoder, ctx.chunkBytes, ctx.signal)) {
    if (latin1Line === 0) {
      const fb = ctx.decoder.fallback;
      const upTo = fb ? fb.char - charBase : chunk.text.length;
      for (let nl = chunk.text.indexOf('\n'); nl >= 0 && nl < upTo; nl = chunk.text.indexOf('\n', nl + 1)) linesBefore++;
      if (fb) latin1Line = linesBefore + 1;
      charBase += chunk.text.length;
    }
    const text = partial + chunk.text;
    let i = partial.length; // the carried part was scanned already
    let start = capturing() ? 0 : -1;
    partial = '';
    for (const n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      if (at === At.InRecord || at === At.InValue) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true; // backslash
          else if (c === 34) {
            inString = false;
            if (depth === 0) {
              // a text value of the wrapper ends with its quote
              if (!parses(text.slice(start, i + 1))) return WHOLE;
              at = At.AfterValue;
              start = -1;
            }
          }
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && --depth === 0) {
          if (at === At.InValue) {
            if (!parses(text.slice(start, i + 1))) return WHOLE;
            at = At.AfterValue;
          } else {
            let record: unknown;
            try {
              record = JSON.parse(text.slice(start, i + 1));
            } catch {
              return WHOLE;
            }
            sink.add(record as Record<string, unknown>); // it began with {
            at = At.AfterRecord;
          }
          start = -1;
        }
      } else if (at === At.InKey) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          try {
            key = JSON.parse(text.slice(start, i + 1)) as string;
          } catch {
            return WHOLE;
          }
          if (keys.has(key)) return WHOLE; // JSON.parse keeps the last value: the whole read decides
          keys.add(key);
          at = At.AfterKey;
          start = -1;
        }
      } else if (at === At.InScalar) {
        if (c === 44 || c === 125 || c === 93 || isSpace(c)) {
          if (!parses(text.slice(start, i))) return WHOLE;
          at = At.AfterValue;
          start = -1;
          i--; // the delimiter is read after the value
        }
      } else if (isSpace(c)) continue;
      else if (at === At.Start && c === 91) at = At.BeforeRecord;
      else if (at === At.Start && c === 123) {
        wrapped = true;
        at = At.BeforeKey;
      } else if (at === At.BeforeRecord && c === 123) {
        at = At.InRecord;
        start = i;
        depth = 1;
      } else if (at === At.AfterRecord && c === 44) at = At.BeforeRecord;
      else if (at === At.AfterRecord && c === 93) at = wrapped ? At.AfterValue : At.End;
      else if (at === At.BeforeKey && c === 34) {
        at = At.InKey;
        start = i;
        escaped = false;
      } else if (at === At.AfterKey && c === 58) at = At.BeforeValue;
      else if (at === At.BeforeValue && c === 91) {
        at = At.ListOpen;
        start = i; // kept if the list is a value to skip
      } else if (at === At.BeforeValue && (c === 123 || c === 34)) {
        at = At.InValue;
        start = i;
        depth = c === 123 ? 1 : 0; // a text value is at depth 0 and ends with its quote
        inString = c === 34;
        escaped = false;
      } else if (at === At.BeforeValue) {
        at = At.InScalar;
        start = i;
      } else if (at === At.ListOpen && c === 123) {
        if (listKey !== null) return WHOLE; // a second list of records: the whole read says which
        listKey = key;
        at = At.InRecord;
        start = i;
        depth = 1;
      } else if (at === At.ListOpen) {
        // Not a list of records: skipped as a value from its [ (the empty list too).
        at = At.InValue;
        depth = 1;
        inString = false;
        escaped = false;
        i--;
      } else if (at === At.AfterValue && c === 44) at = At.BeforeKey;
      else if (at === At.AfterValue && c === 125) at = At.End;
      else return WHOLE; // an empty list or object, a value that is not a record, a stray character
    }
    if (capturing()) partial = text.slice(start);
    ctx.progress(chunk.bytesRead, sink.rows);
  }
  if (ctx.signal?.aborted) return STOPPED;
  if (at !== At.End || (wrapped && listKey === null)) return WHOLE;
  return { sink, listKey, latin1Line };
}
