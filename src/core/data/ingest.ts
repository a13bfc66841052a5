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
import { err, type Problem, type Result } from '../util/result';
import type { Table } from './table';
import type { ByteSource } from './byte-source';
import { DEFAULT_CHUNK_BYTES, StreamDecoder } from './decode';
import { binaryProblem, bomEncoding, detectFormat, guessBomlessUtf16, type Encoding, type Format } from './sniff';
import type { Delimiter } from './delimiter';
import { ingestCsv } from './csv-ingest';
import { ingestJson, ingestJsonl } from './json-ingest';
import type { TextIngestInfo } from './text-ingest';

export type { ByteSource } from './byte-source';
export { blobSource, bytesSource } from './byte-source';
export type { Delimiter } from './delimiter';
export type { Encoding } from './sniff';

export interface IngestOptions {
  fileName: string;
  format?: Format;
  delimiter?: Delimiter;
  hasHeader?: boolean;
  encoding?: Encoding;
  skipBadRows?: boolean;
}

/** Internal knobs for tests and benchmarks; not part of what the UI sends. */
export interface IngestTuning {
  /** Bytes read (and decoded) per step; tiny values exercise chunk-boundary splits. */
  chunkBytes?: number;
}

export interface IngestReport {
  /** 'text': plain-text files or pasted text read by text-ingest.ts. */
  format: Format | 'text';
  delimiter?: Delimiter;
  encoding: Encoding;
  hasHeader: boolean;
  rowCount: number;
  columnCount: number;
  bytes: number;
  skippedRows: number;
  renamedColumns: { from: string; to: string }[];
  warnings: Problem[];
  /** Text tables only: how the texts were read. */
  texts?: TextIngestInfo;
}

export interface IngestProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export type IngestResult = Result<{ table: Table; report: IngestReport }>;

/** What a format reader needs besides the bytes. */
export interface ReadContext {
  source: ByteSource;
  options: IngestOptions;
  decoder: StreamDecoder;
  /** The decoded head of the file (up to SNIFF_BYTES), for detection only. */
  head: string;
  /** True when `head` is the whole file. */
  headIsAll: boolean;
  chunkBytes: number;
  signal: AbortSignal | undefined;
  /** Reports progress at most every PROGRESS_BYTES of input, and always at the end. */
  progress(bytesRead: number, rows: number): void;
}

/** Bytes looked at before parsing: enough rows for detection even in wide files. */
const SNIFF_BYTES = 1 << 20;
/** Progress granularity: frequent enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_BYTES = 1 << 16;

export const CANCELLED: Problem = { message: 'Cancelled.', code: 'cancelled' };

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
    format === 'csv' ? await ingestCsv(ctx) : format === 'json' ? await ingestJson(ctx) : await ingestJsonl(ctx);
  if (signal?.aborted) return err(CANCELLED);
  return result;
}

export function emptyFile(): Problem {
  return {
    message: 'This file is empty.',
    hint: 'Choose a file with a header row and at least one row of data.',
    code: 'empty-file',
  };
}

/** The warning for a file read as Latin-1 because it was not valid UTF-8. */
export function latin1Warning(row: number): Problem {
  return {
    message: `This file is not UTF-8: row ${row} has the first character that is not, so the file was read as Latin-1 (Windows-1252).`,
    hint: 'If accented letters or symbols look wrong, open the file in a spreadsheet or text editor and re-save it as UTF-8 ("CSV UTF-8" in Excel).',
    where: { row },
    code: 'not-utf8',
  };
}
