/**
 * The ingest path: file bytes → Table. Framework-free; runs in the data worker and in Node.
 *
 *   sniff the head (binary? BOM? CSV/JSON/JSONL?) → stream-decode chunks (UTF-8 with a Latin-1
 *   fallback) → papaparse incrementally (CSV) or JSON.parse (JSON, per line for JSONL) →
 *   one ColumnBuilder per column → Table.
 *
 * Expected failures (empty, binary, ragged, unterminated quotes, invalid JSON …) come back as
 * `{ ok: false, error }` with a message, a 1-based row as a spreadsheet shows it (the header
 * is row 1), a column name where known, and a hint. Soft problems are warnings in the report.
 */
import { err, ok } from '../util/result';
import type { ByteSource } from './byte-source';
import { DEFAULT_CHUNK_BYTES, StreamDecoder } from './decode';
import { binaryProblem, bomEncoding, detectFormat, guessBomlessUtf16 } from './sniff';
import { ingestCsv } from './csv-ingest';
import { ingestJson, ingestJsonl } from './json-ingest';
import { valueHints } from './value-hints';
import { CANCELLED, emptyFile, type IngestOptions, type IngestProgress, type IngestResult, type IngestTuning, type ReadContext } from './ingest-types';

export type { ByteSource } from './byte-source';
export { blobSource, bytesSource } from './byte-source';
export type { Delimiter } from './delimiter';
export type { Encoding } from './sniff';
export type { IngestOptions, IngestProgress, IngestReport, IngestResult, IngestTuning } from './ingest-types';

/** Bytes looked at before parsing: enough rows for detection even in wide files. */
const SNIFF_BYTES = 1 << 20;
/** Progress granularity: frequent enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_BYTES = 1 << 16;

export async function ingest(
  source: ByteSource,
  options: IngestOptions & IngestTuning,
  onProgress?: (p: IngestProgress) => void,
  signal?: AbortSignal,
): Promise<IngestResult> {
  if (signal?.aborted) return err(CANCELLED);
  if (source.size === 0) return err(emptyFile());
  const head = await source.read(0, Math.min(source.size, SNIFF_BYTES));
  const declared = options.encoding ?? bomEncoding(head) ?? guessBomlessUtf16(head) ?? undefined;
  const binary = binaryProblem(head, declared ?? null);
  if (binary) return err(binary);

  const headIsAll = head.length >= source.size;
  const headText = new StreamDecoder(declared).decode(head, headIsAll);
  if (headIsAll && headText.trim() === '') return err(emptyFile());

  let lastReported = -1;
  const ctx: ReadContext = {
    source,
    options,
    decoder: new StreamDecoder(declared),
    encoding: declared,
    head: headText,
    headIsAll,
    chunkBytes: Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK_BYTES),
    signal,
    progress(bytesRead, rows) {
      if (!onProgress) return;
      if (bytesRead - lastReported < PROGRESS_BYTES && bytesRead < source.size) return;
      lastReported = bytesRead;
      onProgress({ bytesRead, totalBytes: source.size, rows });
    },
  };
  const format = options.format ?? detectFormat(options.fileName, headText);
  const result =
    format === 'csv' ? await ingestCsv(ctx, options.csvTokenizer, options) : format === 'json' ? await ingestJson(ctx) : await ingestJsonl(ctx);
  if (signal?.aborted) return err(CANCELLED);
  if (!result.ok) return result;
  const hints = valueHints(result.value.table);
  return hints.length === 0 ? result : ok({ ...result.value, report: { ...result.value.report, warnings: [...result.value.report.warnings, ...hints] } });
}
