/**
 * Streaming CSV → column builders, for the whole file or one byte range of it (csv-split.ts reads
 * a large file as two halves in two threads). Text arrives in chunks; the tokenizer (csv-scan.ts)
 * runs over `partial + chunk` and leaves an incomplete last record unread, which is carried into
 * the next chunk (papaparse's own ChunkStreamer scheme). Each record's fields go straight from the
 * chunk into the column builders, so no array of rows, and for numbers and repeated values no
 * string per cell, ever exists; a row costs one typed-array slot per column.
 */
import { err, ok, type Problem } from '../util/result';
import type { ByteSource } from './byte-source';
import type { Column } from './table';
import { ColumnBuilder } from './column-builder';
import { textChunks, type StreamDecoder } from './decode';
import type { Delimiter, Newline } from './delimiter';
import { columnNames } from './csv-header';
import { CsvScanner, type CsvRecord, type CsvTokenizerFactory } from './csv-scan';
import { latin1Warning, emptyFile, type IngestResult, type ReadContext } from './ingest-types';

/** A record longer than this (in chars) is an unterminated quote swallowing the file, not data. */
const MAX_RECORD_CHARS = 64 << 20;

export const csvScanner: CsvTokenizerFactory = (delimiter, newline, onRecord) => new CsvScanner(delimiter, newline, onRecord);

/** How the file is read: detected once from its head (csv-ingest.ts) and shared by both halves. */
export interface CsvSettings {
  delimiter: Delimiter;
  newline: Newline;
  hasHeader: boolean;
  skipBadRows: boolean;
}

/** What reading a file (or a range of it) found; finishCsv turns it into the result. */
export interface CsvPart {
  builders: ColumnBuilder[];
  /** Fields per record (-1: no record). */
  width: number;
  header: string[] | null;
  rows: number;
  /** Records seen, blank lines and the header included. */
  record: number;
  ragged: number;
  firstRagged: { row: number; fields: number };
  unterminated: { row: number; field: number } | null;
  strayQuotes: number;
  firstStray: number;
  invalidRow: number;
  /** The decoder gave up on UTF-8 (read as Latin-1 from there). */
  fallback: boolean;
  /** A record over MAX_RECORD_CHARS that is not an unterminated quote: its row. */
  hugeRow: number;
}

export interface CsvReadOptions {
  source: ByteSource;
  decoder: StreamDecoder;
  chunkBytes: number;
  signal: AbortSignal | undefined;
  settings: CsvSettings;
  tokenizer: CsvTokenizerFactory;
  progress(bytesRead: number, rows: number): void;
  /** Columns whose builders start as text (a later half of a column already text: see csv-split.ts). */
  textColumns?: readonly boolean[];
}

export async function readCsvPart(o: CsvReadOptions): Promise<CsvPart> {
  const { source, decoder, signal, textColumns } = o;
  const { delimiter, newline, hasHeader, skipBadRows } = o.settings;
  // Per-file parse state, kept in locals the step callback closes over (hot path).
  let record = 0; // spreadsheet row of the current record: header = 1, blank lines count
  let width = -1;
  let header: string[] | null = null;
  let builders: ColumnBuilder[] = [];
  let rows = 0;
  let ragged = 0;
  let firstRagged = { row: 0, fields: 0 };
  let unterminated = null as { row: number; field: number } | null;
  let strayQuotes = 0;
  let firstStray = 0;
  let invalidAt = -1; // char offset of the first non-UTF-8 byte, until a row passes it
  let invalidRow = 0;
  let hugeRow = 0;

  // The rows of the current chunk, as field offsets (row-major, `width` per row); they go into
  // the builders column by column when the chunk is parsed (see ColumnBuilder.pushRanges).
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  let buffered = 0;
  let escaped: string[] = [];
  const flush = (text: string): void => {
    if (buffered === 0) return;
    for (let j = 0; j < width; j++) builders[j]!.pushRanges(text, starts, ends, j, width, buffered, escaped);
    buffered = 0;
    escaped = [];
  };

  const onRecord = (r: CsvRecord): void => {
    record++;
    if (invalidAt >= 0 && r.end > invalidAt) {
      invalidRow = record;
      invalidAt = -1;
    }
    const n = r.n;
    if (r.unterminated) unterminated ??= { row: record, field: n - 1 };
    if (r.stray > 0) {
      if (strayQuotes === 0) firstStray = record;
      strayQuotes += r.stray;
    }
    const values = r.values;
    if (n === 1 && (values[0] === undefined ? r.starts[0] === r.ends[0] : values[0] === '')) return; // blank line
    if (width < 0) {
      width = n;
      builders = new Array<ColumnBuilder>(n);
      for (let j = 0; j < n; j++) builders[j] = new ColumnBuilder(undefined, textColumns?.[j] === true);
      if (hasHeader) {
        header = new Array<string>(n);
        for (let j = 0; j < n; j++) header[j] = values[j] ?? r.text.substring(r.starts[j]!, r.ends[j]!);
        return;
      }
    }
    if (n !== width) {
      if (ragged++ === 0) firstRagged = { row: record, fields: n };
      return;
    }
    // Once the file is known to fail (ragged rows, not skipping), only counting continues.
    if (ragged > 0 && !skipBadRows) return;
    let at = buffered * n;
    if (at + n > starts.length) {
      const size = Math.max(2 * starts.length, at + n, 1024);
      const s2 = new Int32Array(size);
      const e2 = new Int32Array(size);
      s2.set(starts.subarray(0, at));
      e2.set(ends.subarray(0, at));
      starts = s2;
      ends = e2;
    }
    for (let j = 0; j < n; j++, at++) {
      const v = values[j];
      starts[at] = v === undefined ? r.starts[j]! : -1 - (escaped.push(v) - 1);
      ends[at] = r.ends[j]!;
    }
    buffered++;
    rows++;
  };

  const parser = o.tokenizer(delimiter, newline, onRecord);
  // Only the newline's last char can end a row: a chunk without it cannot complete one.
  const rowEnd = newline === '\r' ? '\r' : '\n';
  let partial = '';
  let base = 0;
  let reserved = false;
  // UTF-16 text has newline bytes inside other characters: no cutting there.
  const cut = decoder.encoding === 'utf-8' || decoder.encoding === 'latin1' ? rowEnd.charCodeAt(0) : undefined;
  for await (const chunk of textChunks(source, decoder, o.chunkBytes, signal, cut)) {
    const bytesRead = chunk.bytesRead;
    if (invalidAt < 0 && invalidRow === 0 && decoder.fallback) invalidAt = decoder.fallback.char;
    const input = partial + chunk.text;
    if (!chunk.last && chunk.text.indexOf(rowEnd) < 0) {
      partial = input;
      continue;
    }
    const used = parser.parse(input, base, !chunk.last);
    flush(input);
    if (!chunk.last) {
      partial = input.substring(used);
      base += used;
      if (partial.length > MAX_RECORD_CHARS) {
        parser.parse(partial, base, false); // reports the unterminated quote at its row
        flush(partial);
        if (!unterminated) hugeRow = record + 1;
        break;
      }
    }
    if (!reserved && rows > 0 && !chunk.last) {
      // Size the columns once from the first chunk's bytes per row (+5 %), instead of ~17
      // doublings for a million rows; finish() trims any excess.
      reserved = true;
      const estimate = Math.ceil((rows * source.size * 1.05) / bytesRead) + 16;
      for (const b of builders) b.reserve(estimate);
    }
    o.progress(bytesRead, rows);
  }
  return { builders, width, header, rows, record, ragged, firstRagged, unterminated, strayQuotes, firstStray, invalidRow, fallback: decoder.fallback !== null, hugeRow };
}

/**
 * The result of reading the whole file: the problems in the order ingest has always reported
 * them, or the table. `columns` makes the columns from the names (the builders' finish, or the
 * two halves merged).
 */
export function finishCsv(ctx: ReadContext, s: CsvSettings, part: CsvPart, columns: (names: string[]) => Column[]): IngestResult {
  const { width, rows, ragged, unterminated, strayQuotes, firstStray, firstRagged } = part;
  if (part.hugeRow > 0) return err(hugeRecord(part.hugeRow));
  if (width < 0) return err(emptyFile());
  const { names, renamed, warnings: nameWarnings } = columnNames(part.header, width);
  if (unterminated) return err(unterminatedQuote(unterminated.row, names[unterminated.field]));
  if (ragged > 0 && !s.skipBadRows) return err(raggedRows(ragged, firstRagged, width, s.hasHeader));
  if (rows === 0) return err(s.hasHeader ? headerOnly() : emptyFile());

  const warnings: Problem[] = [];
  if (part.fallback) warnings.push(latin1Warning(part.invalidRow || part.record));
  warnings.push(...nameWarnings);
  if (ragged > 0) {
    warnings.push({
      message: `Skipped ${ragged} row${ragged > 1 ? 's' : ''} whose number of fields differs from ${s.hasHeader ? 'the header' : 'the first row'} (the first is row ${firstRagged.row}).`,
      hint: 'Those rows are not in the table. Fix them in the file and load it again to keep them.',
      where: { row: firstRagged.row },
      code: 'skipped-rows',
      count: ragged,
    });
  }
  if (strayQuotes > 0) {
    warnings.push({
      message: `Row ${firstStray} has a quote (") in an unexpected place${strayQuotes > 1 ? `, and ${strayQuotes - 1} more do` : ''}; the text around it was kept as it is.`,
      hint: 'In CSV a field with quotes must be wrapped in quotes, and quotes inside it doubled: "say ""hi""".',
      where: { row: firstStray },
      code: 'stray-quotes',
      count: strayQuotes,
    });
  }
  return ok({
    table: { columns: columns(names), rowCount: rows },
    report: {
      format: 'csv',
      delimiter: s.delimiter,
      encoding: part.fallback ? 'latin1' : ctx.decoder.encoding,
      hasHeader: s.hasHeader,
      rowCount: rows,
      columnCount: width,
      bytes: ctx.source.size,
      skippedRows: ragged,
      renamedColumns: renamed,
      warnings,
    },
  });
}

/** The builders' own columns. */
export function finishBuilders(part: CsvPart): (names: string[]) => Column[] {
  return (names) => {
    const columns = new Array<Column>(part.width);
    for (let j = 0; j < part.width; j++) columns[j] = part.builders[j]!.finish(names[j]!);
    return columns;
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function raggedRows(count: number, first: { row: number; fields: number }, width: number, hasHeader: boolean): Problem {
  const against = hasHeader ? 'the header has' : 'the first row has';
  const more = count > 1 ? ` (and ${count - 1} more row${count > 2 ? 's have' : ' has'} a different count)` : '';
  return {
    message: `Row ${first.row} has ${plural(first.fields, 'field')}, ${against} ${width}${more}.`,
    hint:
      'Often a value contains the delimiter without quotes around it, or a line was cut. ' +
      'Fix those rows in the file, or skip them to load the rest.',
    where: { row: first.row },
    code: 'ragged-rows',
    count,
  };
}

function unterminatedQuote(row: number, column: string | undefined): Problem {
  return {
    message: `Row ${row} opens a quote (") that is never closed${column ? ` in column "${column}"` : ''}.`,
    hint: 'Everything after that quote would be read as one value. Add the closing quote, or double a quote that belongs to the text ("").',
    where: column ? { row, column } : { row },
    code: 'unterminated-quote',
  };
}

function headerOnly(): Problem {
  return {
    message: 'This file has a header row but no data rows.',
    hint: 'Check that you chose the right file; if the first row is data, load it again with "first row is a header" turned off.',
    where: { row: 2 },
    code: 'no-rows',
  };
}

function hugeRecord(row: number): Problem {
  return {
    message: `Row ${row} is longer than 64 MB without a line break, so this does not look like a CSV file.`,
    hint: 'Check that the file is a table of text with one row per line.',
    where: { row },
    code: 'huge-row',
  };
}
