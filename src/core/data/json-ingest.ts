/**
 * JSON (one array of records) and JSON Lines (one record per line) → Table.
 * Columns are the union of the records' keys in order of first appearance; a record without a
 * key has a missing cell there. Values: numbers stay numbers, strings go through the same cell
 * reading as CSV ("12" → 12, "NA" → missing, so exports that quote every value still work),
 * booleans become "true"/"false", nested objects and arrays their JSON text, null is missing.
 * A JSON list of records streams record by record: a scan finds where each record ends and
 * JSON.parse reads it (far faster than a streaming parser in JS), so the file's text and the
 * whole parsed list are never held at once (peak memory 5.4–6.1× the file before, parsed whole).
 * Latin-1 text streams too (the decoder switches at the first byte that is not UTF-8).
 * A wrapper object ({"data": […], "meta": …}) streams the same way: its other values are cut out
 * and parsed alone (checked, not kept). Anything else — a syntax error, a value that is not a
 * record, two lists of records, a key twice — is read again whole, which gives the
 * message with its line and column (or the answer JSON.parse would give).
 * JSON Lines streams line by line.
 * Rows in messages are line numbers of the file, which is what a text editor shows.
 */
import { err, ok, type Problem } from '../util/result';
import type { Column } from './table';
import { ColumnBuilder } from './column-builder';
import { StreamDecoder, textChunks } from './decode';
import { CANCELLED, emptyFile, latin1Warning, type IngestResult, type ReadContext } from './ingest-types';

class RecordSink {
  names: string[] = [];
  builders: ColumnBuilder[] = [];
  rows = 0;
  private index = new Map<string, number>();

  add(record: Record<string, unknown>): void {
    for (const key in record) {
      let j = this.index.get(key);
      if (j === undefined) {
        j = this.names.length;
        this.index.set(key, j);
        this.names.push(key);
        const b = new ColumnBuilder();
        for (let i = 0; i < this.rows; i++) b.pushMissing();
        this.builders.push(b);
      }
      pushValue(this.builders[j]!, record[key]);
    }
    this.rows++;
    for (const b of this.builders) if (b.length < this.rows) b.pushMissing();
  }

  columns(): Column[] {
    return this.builders.map((b, j) => b.finish(this.names[j]!));
  }
}

function pushValue(b: ColumnBuilder, v: unknown): void {
  if (v === null || v === undefined) b.pushMissing();
  else if (typeof v === 'number') b.pushNumber(v);
  else if (typeof v === 'string') b.push(v);
  else if (typeof v === 'boolean') b.pushText(v ? 'true' : 'false');
  else b.pushText(JSON.stringify(v));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? 'a text value' : `a ${typeof v}`;
}

/** 1-based line and column of a char offset. */
function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: pos - start + 1 };
}

/** Where JSON.parse failed, from its message (V8: "at position N", Firefox: "line L column C"). */
function syntaxWhere(e: unknown, text: string): { line: number; col: number } | null {
  const msg = e instanceof Error ? e.message : '';
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]) };
  const p = /position (\d+)/.exec(msg);
  if (p) return lineCol(text, Number(p[1]));
  if (/end of (JSON )?(input|data)/i.test(msg)) return lineCol(text, text.length);
  return null;
}

/** `firstLine`: the file line where `text` starts, when it is one line of JSON Lines. */
function invalidJson(e: unknown, text: string, firstLine?: number): Problem {
  const at = syntaxWhere(e, text);
  const line = at ? at.line + (firstLine ?? 1) - 1 : firstLine;
  return {
    message: at
      ? `This is not valid JSON: there is an error at line ${line}, character ${at.col}.`
      : line
        ? `Line ${line} is not valid JSON.`
        : 'This is not valid JSON.',
    hint: 'Look for a missing comma, quote or bracket there, or a comma after the last item. A JSON validator shows the exact spot.',
    ...(line !== undefined ? { where: { row: line } } : {}),
    code: 'invalid-json',
  };
}

function notRecords(message: string, line?: number): Problem {
  return {
    message,
    hint: 'The JSON should be a list of records like [{"age": 31, "city": "Oslo"}, …], or one record per line (JSON Lines).',
    ...(line !== undefined ? { where: { row: line } } : {}),
    code: 'not-records',
  };
}

function finish(ctx: ReadContext, sink: RecordSink, format: 'json' | 'jsonl', warnings: Problem[]): IngestResult {
  if (sink.rows === 0) return err(emptyFile());
  // Only empty records ({}): a table with no columns would load and leave nothing to do (found by fuzz-ingest.test).
  if (sink.names.length === 0) return err(notRecords(`The ${sink.rows === 1 ? 'record has' : `${sink.rows} records have`} no fields: there are no columns to load.`));
  return ok({
    table: { columns: sink.columns(), rowCount: sink.rows },
    report: {
      format,
      encoding: ctx.decoder.fallback ? 'latin1' : ctx.decoder.encoding,
      hasHeader: false,
      rowCount: sink.rows,
      columnCount: sink.names.length,
      bytes: ctx.source.size,
      skippedRows: 0,
      renamedColumns: [],
      warnings,
    },
  });
}

export async function ingestJson(ctx: ReadContext): Promise<IngestResult> {
  const streamed = await streamRecords(ctx);
  if (streamed !== WHOLE) return streamed;
  return ingestJsonWhole({ ...ctx, decoder: new StreamDecoder(ctx.encoding) });
}

/** streamRecords' answer when the file must be read whole (see the module comment). */
const WHOLE = Symbol('whole');

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
async function streamRecords(ctx: ReadContext): Promise<IngestResult | typeof WHOLE> {
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
  if (ctx.signal?.aborted) return err(CANCELLED);
  if (at !== At.End || (wrapped && listKey === null)) return WHOLE;
  const warnings: Problem[] = listKey === null ? [] : [unwrapped(listKey)];
  if (latin1Line) warnings.push(latin1Warning(latin1Line));
  return finish(ctx, sink, 'json', warnings);
}

const unwrapped = (key: string): Problem => ({ message: `Read the records from the "${key}" list inside the JSON object.`, code: 'json-unwrapped' });

/** A JSON file parsed in one piece: a wrapper object's list, or the message for what is wrong. */
async function ingestJsonWhole(ctx: ReadContext): Promise<IngestResult> {
  const parts: string[] = [];
  for await (const chunk of textChunks(ctx.source, ctx.decoder, ctx.chunkBytes, ctx.signal)) {
    parts.push(chunk.text);
    ctx.progress(chunk.bytesRead, 0);
  }
  if (ctx.signal?.aborted) return err(CANCELLED);
  const text = parts.join('');
  parts.length = 0;
  if (text.trim() === '') return err(emptyFile());
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return err(invalidJson(e, text));
  }
  const warnings: Problem[] = [];
  if (ctx.decoder.fallback) warnings.push(latin1Warning(lineCol(text, ctx.decoder.fallback.char).line));
  if (isRecord(doc)) {
    // {"data": [ … ]}: a common API wrapper; unwrap it when it is the only list of records.
    const lists = Object.entries(doc).filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every(isRecord));
    if (lists.length !== 1) return err(notRecords('This JSON file holds one object, not a list of records.'));
    const [key, list] = lists[0]!;
    warnings.push(unwrapped(key));
    doc = list;
  }
  if (!Array.isArray(doc)) return err(notRecords(`This JSON file holds ${kindOf(doc)}, not a list of records.`));
  if (doc.length === 0) return err(notRecords('This JSON list is empty: there are no records to load.'));
  const sink = new RecordSink();
  for (let i = 0; i < doc.length; i++) {
    const item: unknown = doc[i];
    if (!isRecord(item)) {
      return err(notRecords(`Item ${i + 1} of the JSON list is ${kindOf(item)}, not a record with named fields.`));
    }
    sink.add(item);
  }
  return finish(ctx, sink, 'json', warnings);
}

export async function ingestJsonl(ctx: ReadContext): Promise<IngestResult> {
  const sink = new RecordSink();
  let partial = '';
  let line = 0;
  let invalidLine = 0;
  let charBase = 0; // char offset of `partial` in the whole text, to place a Latin-1 fallback
  let failure = null as Problem | null;

  const takeLine = (raw: string): void => {
    line++;
    const t = raw.trim();
    if (t === '') return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      failure = invalidJson(e, t, line);
      return;
    }
    if (!isRecord(v)) failure = notRecords(`Line ${line} holds ${kindOf(v)}, not a record with named fields.`, line);
    else sink.add(v);
  };

  for await (const chunk of textChunks(ctx.source, ctx.decoder, ctx.chunkBytes, ctx.signal)) {
    const text = partial + chunk.text;
    const fb = ctx.decoder.fallback;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && !failure; nl = text.indexOf('\n', start)) {
      if (fb && invalidLine === 0 && charBase + nl >= fb.char) invalidLine = line + 1;
      takeLine(text.slice(start, nl));
      start = nl + 1;
    }
    if (failure) return err(failure);
    partial = text.slice(start);
    charBase += start;
    if (chunk.last && partial.trim() !== '') {
      if (fb && invalidLine === 0) invalidLine = line + 1;
      takeLine(partial);
      if (failure) return err(failure);
    }
    ctx.progress(chunk.bytesRead, sink.rows);
  }
  if (ctx.signal?.aborted) return err(CANCELLED);
  const warnings = ctx.decoder.fallback ? [latin1Warning(invalidLine || line)] : [];
  return finish(ctx, sink, 'jsonl', warnings);
}
