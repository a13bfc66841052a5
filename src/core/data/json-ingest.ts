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
import { StreamDecoder, textChunks } from './decode';
import { RecordSink } from './json-records';
import { STOPPED, streamRecords, WHOLE } from './json-stream';
import { CANCELLED, emptyFile, latin1Warning, type IngestResult, type ReadContext } from './ingest-types';

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
  if (streamed === STOPPED) return err(CANCELLED);
  if (streamed === WHOLE) return ingestJsonWhole({ ...ctx, decoder: new StreamDecoder(ctx.encoding) });
  const { sink, listKey, latin1Line } = streamed;
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
