/**
 * What every ingest reader shares: options, report, progress, the read context the dispatcher
 * (ingest.ts) hands to a format reader (csv-ingest.ts, json-ingest.ts, text-ingest.ts), and the
 * problems more than one of them reports. A module of its own so the readers and the dispatcher
 * do not import each other.
 */
import type { Problem, Result } from '../util/result';
import type { ByteSource } from './byte-source';
import type { CsvTokenizerFactory } from './csv-scan';
import type { StreamDecoder } from './decode';
import type { Delimiter } from './delimiter';
import type { Encoding, Format } from './sniff';
import type { Table } from './table';

export type TextMode = 'file' | 'line' | 'pasted';

export interface TextIngestInfo {
  mode: TextMode;
  /** Files read (after skipping hidden and non-.txt ones). */
  files: number;
  /** Files skipped: hidden, not .txt, or empty. */
  skippedFiles: number;
  /** Distinct labels (0 without a label column). */
  labels: number;
}

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
  /** The CSV tokenizer (csv-scan.ts unless a test swaps in papaparse to compare the two). */
  csvTokenizer?: CsvTokenizerFactory;
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

export const CANCELLED: Problem = { message: 'Cancelled.', code: 'cancelled' };

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
