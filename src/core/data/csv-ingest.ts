/**
 * Streaming CSV → Table. Text arrives in chunks; papaparse's core Parser runs over
 * `partial + chunk` with ignoreLastRow, and the text after its cursor (an incomplete last row)
 * is carried into the next chunk: the same scheme as papaparse's own ChunkStreamer
 * (`partialLine = aggregate.substring(cursor - baseIndex)`), without its per-row header/typing
 * layer. Each row's fields go straight into the column builders from the step callback, so no
 * array of rows ever exists; a row costs one typed-array slot per column.
 */
import Papa from 'papaparse';
import { err, ok, type Problem } from '../util/result';
import type { Column } from './table';
import { ColumnBuilder } from './column-builder';
import { textChunks } from './decode';
import { detectDelimiter, guessNewline, sampleRows, type Delimiter } from './delimiter';
import { columnNames, detectHeader } from './csv-header';
import { delimiterHintFromName } from './sniff';
import { CANCELLED, emptyFile, latin1Warning, type IngestResult, type ReadContext } from './ingest-types';

/** A record longer than this (in chars) is an unterminated quote swallowing the file, not data. */
const MAX_RECORD_CHARS = 64 << 20;

interface StepResult {
  data: string[][];
  errors: { code: string }[];
  meta: { cursor: number };
}

export async function ingestCsv(ctx: ReadContext): Promise<IngestResult> {
  const { options, decoder } = ctx;
  const newline = guessNewline(ctx.head);
  const delimiter: Delimiter =
    options.delimiter ??
    detectDelimiter(ctx.head, newline, ctx.headIsAll, delimiterHintFromName(options.fileName)) ??
    ',';
  const hasHeader = options.hasHeader ?? detectHeader(sampleRows(ctx.head, delimiter, newline, ctx.headIsAll));
  const skipBadRows = options.skipBadRows ?? false;

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

  const step = (res: StepResult): void => {
    const fields = res.data[0]!;
    record++;
    if (invalidAt >= 0 && res.meta.cursor > invalidAt) {
      invalidRow = record;
      invalidAt = -1;
    }
    if (res.errors.length > 0) {
      for (const e of res.errors) {
        if (e.code === 'MissingQuotes') unterminated ??= { row: record, field: fields.length - 1 };
        else if (strayQuotes++ === 0) firstStray = record;
      }
    }
    const n = fields.length;
    if (n === 1 && fields[0] === '') return; // blank line
    if (width < 0) {
      width = n;
      builders = new Array<ColumnBuilder>(n);
      for (let j = 0; j < n; j++) builders[j] = new ColumnBuilder();
      if (hasHeader) {
        header = fields;
        return;
      }
    }
    if (n !== width) {
      if (ragged++ === 0) firstRagged = { row: record, fields: n };
      return;
    }
    // Once the file is known to fail (ragged rows, not skipping), only counting continues.
    if (ragged > 0 && !skipBadRows) return;
    for (let j = 0; j < n; j++) builders[j]!.push(fields[j]!);
    rows++;
  };

  const parser = new Papa.Parser({ delimiter, newline, step: step as never });
  // Only the newline's last char can end a row: a chunk without it cannot complete one.
  const rowEnd = newline === '\r' ? '\r' : '\n';
  let partial = '';
  let base = 0;
  let reserved = false;
  for await (const chunk of textChunks(ctx.source, decoder, ctx.chunkBytes, ctx.signal)) {
    const bytesRead = chunk.bytesRead;
    if (invalidAt < 0 && invalidRow === 0 && decoder.fallback) invalidAt = decoder.fallback.char;
    const input = partial + chunk.text;
    if (!chunk.last && chunk.text.indexOf(rowEnd) < 0) {
      partial = input;
      continue;
    }
    const res = parser.parse(input, base, !chunk.last) as StepResult;
    if (!chunk.last) {
      const cursor = res.meta.cursor;
      partial = input.substring(cursor - base);
      base = cursor;
      if (partial.length > MAX_RECORD_CHARS) {
        parser.parse(partial, base, false); // reports the unterminated quote at its row
        if (!unterminated) return err(hugeRecord(record + 1));
        break;
      }
    }
    if (!reserved && rows > 0 && !chunk.last) {
      // Size the columns once from the first chunk's bytes per row (+5 %), instead of ~17
      // doublings for a million rows; finish() trims any excess.
      reserved = true;
      const estimate = Math.ceil((rows * ctx.source.size * 1.05) / bytesRead) + 16;
      for (const b of builders) b.reserve(estimate);
    }
    ctx.progress(bytesRead, rows);
  }
  if (ctx.signal?.aborted) return err(CANCELLED);

  if (width < 0) return err(emptyFile());
  const { names, renamed, warnings: nameWarnings } = columnNames(header, width);
  if (unterminated) return err(unterminatedQuote(unterminated.row, names[unterminated.field]));
  if (ragged > 0 && !skipBadRows) return err(raggedRows(ragged, firstRagged, width, hasHeader));
  if (rows === 0) return err(hasHeader ? headerOnly() : emptyFile());

  const warnings: Problem[] = [];
  if (decoder.fallback) warnings.push(latin1Warning(invalidRow || record));
  warnings.push(...nameWarnings);
  if (ragged > 0) {
    warnings.push({
      message: `Skipped ${ragged} row${ragged > 1 ? 's' : ''} whose number of fields differs from ${hasHeader ? 'the header' : 'the first row'} (the first is row ${firstRagged.row}).`,
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
  const columns: Column[] = new Array<Column>(width);
  for (let j = 0; j < width; j++) columns[j] = builders[j]!.finish(names[j]!);
  return ok({
    table: { columns, rowCount: rows },
    report: {
      format: 'csv',
      delimiter,
      encoding: decoder.fallback ? 'latin1' : decoder.encoding,
      hasHeader,
      rowCount: rows,
      columnCount: width,
      bytes: ctx.source.size,
      skippedRows: ragged,
      renamedColumns: renamed,
      warnings,
    },
  });
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
