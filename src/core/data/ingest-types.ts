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
import type { Delimiter, Newline } from './delimiter';
import type { Encoding, Format } from './sniff';
import type { Column, Table } from './table';
import type { ArenaParts } from './text-arena';

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
  /**
   * Reads the second half of a large CSV file in another thread (a worker the data worker
   * starts; worker_threads in the Node bench). Without it, or under csvSplitMinBytes, a file is
   * read in one go. See csv-split.ts.
   */
  csvHalf?: CsvHalfRunner;
  /** Files from this size on are read as two halves when csvHalf is given (default 8 MB). */
  csvSplitMinBytes?: number;
  /** Tests: the cut (a byte offset just after a newline) instead of the one findCut chooses. */
  csvCutAt?: number;
}

/** One byte range [start, end) of a CSV file, read by another thread with the settings the head gave. */
export interface CsvHalfJob {
  start: number;
  end: number;
  delimiter: Delimiter;
  newline: Newline;
  /** The declared encoding (undefined: UTF-8, and anything else makes the split fail). */
  encoding: Encoding | undefined;
  chunkBytes: number;
}

/** A text column of mostly distinct values, sent unfinished (see TextArena's ArenaParts). */
export interface ArenaColumn {
  kind: 'arena';
  parts: ArenaParts;
}

/**
 * The half's columns (unnamed), or why it cannot be merged (then the file is read in one go).
 * numbersBeforeText[j]: numbers column j had read before it turned to text (ColumnBuilder).
 */
export type CsvHalfResult =
  | {
      ok: true;
      columns: (Column | ArenaColumn)[];
      rows: number;
      width: number;
      numbersBeforeText: number[];
      /** Stray quotes in the half, and the half's record (1 = its first) with the first of them (0: none). */
      strayQuotes: number;
      firstStray: number;
    }
  | { ok: false; reason: string };

export type CsvHalfRunner = (job: CsvHalfJob, progress: (bytesRead: number, rows: number) => void, signal: AbortSignal) => Promise<CsvHalfResult>;

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
  /** The encoding the caller or a BOM declared (undefined: UTF-8 with a Latin-1 fallback). */
  encoding?: Encoding;
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
