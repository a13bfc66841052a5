/**
 * A large CSV file read as two halves at once: this thread reads the first, another thread
 * (csvHalf: a worker the data worker starts, worker_threads in the Node bench) the second, and the
 * halves' columns are merged into exactly the table a single read gives.
 *
 * The cut is a newline near the middle. Whether it really ends a record (and is not inside a
 * quoted field that spans lines) is not guessed: the first half is read up to the cut as if the
 * file ended there, and it ends with an unterminated quote exactly when the cut is inside one. The
 * cut is chosen between two lines without quotes so that this rarely happens.
 *
 * The halves are merged when both read cleanly. Anything a single read would fail on or report with
 * a row number (ragged rows, unterminated quotes, a huge record, bytes that are not UTF-8), a
 * cancelled or failed second thread, or a different field count makes splitCsv answer null, and
 * the file is read in one go, which reports it as it always has. Stray quotes (a warning) are
 * merged: their count and the row of the first are worked out from both halves.
 *
 * Merging a column:
 * - text kept as a TextArena in both halves: the second's cells appended to the first's arena,
 *   then deduplicated once (the halves' bytes and hashes move between threads, no strings);
 * - numbers + numbers: the two arrays one after the other;
 * - otherwise both halves as text (a number column's values as String(n), as ColumnBuilder turns a
 *   column to text), the second's dictionary appended to the first's for values it does not hold
 *   (first-appearance order, as one dictionary would give) and its codes remapped;
 * - a column already text in the first half whose second half read numbers (numeric cells, or
 *   numbers before its first text): one read would have kept those cells' raw text ("007", not
 *   "7"), so the second half is read again here with those columns as text from the start.
 */
import type { ByteSource } from './byte-source';
import { columnNames } from './csv-header';
import { csvScanner, finishCsv, readCsvPart, type CsvPart, type CsvSettings } from './csv-read';
import { StreamDecoder } from './decode';
import type { Newline } from './delimiter';
import { MISSING_CODE, type Column, type StringColumn } from './table';
import { StringDict } from './string-dict';
import { TextArena, textHash } from './text-arena';
import { CANCELLED, type ArenaColumn, type CsvHalfJob, type CsvHalfResult, type CsvHalfRunner, type IngestResult, type ReadContext } from './ingest-types';
import { err } from '../util/result';

/** Smaller files are read in one go: a second thread costs more to start than it saves. */
export const SPLIT_MIN_BYTES = 8 << 20;
/** Bytes after the middle searched for a good cut. */
const CUT_WINDOW = 1 << 20;
const QUOTE = 34;

/** Bytes [start, end) of `source` as a source of their own. */
export function rangeSource(source: ByteSource, start: number, end: number): ByteSource {
  return { size: end - start, read: (s, e) => source.read(start + s, start + Math.min(e, end - start)) };
}

/**
 * A byte offset near the middle just after a newline, where the line before and the line after
 * hold no quote (so the cut is very likely not inside a quoted field); the first newline after
 * the middle when no such line is near; null when there is no newline there at all.
 */
export async function findCut(source: ByteSource, newline: Newline): Promise<number | null> {
  const mid = Math.floor(source.size / 2);
  const bytes = await source.read(mid, mid + CUT_WINDOW);
  const last = newline.charCodeAt(newline.length - 1);
  const crlf = newline === '\r\n';
  // Line ends (offsets just past a newline) within the window, in order.
  const ends: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== last || (crlf && (i === 0 || bytes[i - 1] !== 13))) continue;
    const cut = i + 1;
    // A U+FEFF right after the cut would be taken for a BOM by the second half's decoder.
    if (bytes[cut] === 0xef && bytes[cut + 1] === 0xbb && bytes[cut + 2] === 0xbf) continue;
    if (mid + cut < source.size) ends.push(cut);
    if (ends.length >= 3 && !hasQuote(bytes, ends[ends.length - 3]!, cut)) return mid + ends[ends.length - 2]!;
    if (ends.length > 4096) break;
  }
  return ends.length > 0 ? mid + ends[0]! : null;
}

function hasQuote(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] === QUOTE) return true;
  return false;
}

/** Why a half cannot be merged (a single read must report it, or it holds no rows), or null. */
function unmergeable(part: CsvPart): string | null {
  if (part.fallback) return 'not UTF-8';
  if (part.unterminated) return 'a quote is open at the end';
  if (part.ragged > 0) return 'ragged rows';
  if (part.hugeRow > 0) return 'a huge record';
  if (part.rows === 0) return 'no rows';
  return null;
}

/** The other thread's side: reads job's range of `source` (the whole file) into unnamed columns. */
export async function readCsvHalf(
  source: ByteSource,
  job: CsvHalfJob,
  progress: (bytesRead: number, rows: number) => void,
  signal?: AbortSignal,
  textColumns?: readonly boolean[],
): Promise<CsvHalfResult> {
  const part = await readCsvPart({
    source: rangeSource(source, job.start, job.end),
    decoder: new StreamDecoder(job.encoding),
    chunkBytes: job.chunkBytes,
    signal,
    settings: { delimiter: job.delimiter, newline: job.newline, hasHeader: false, skipBadRows: false },
    tokenizer: csvScanner,
    progress,
    textColumns,
  });
  if (signal?.aborted) return { ok: false, reason: 'cancelled' };
  const why = unmergeable(part);
  if (why) return { ok: false, reason: why };
  return {
    ok: true,
    numbersBeforeText: part.builders.map((b) => b.numbersBeforeText),
    // Arena columns go unfinished: appended to the first half's arena, they are deduplicated
    // once, and no string crosses the threads (see TextArena.append).
    columns: part.builders.map((b): Column | ArenaColumn => {
      const parts = b.takeArena();
      return parts ? { kind: 'arena', parts } : b.finish('');
    }),
    rows: part.rows,
    width: part.width,
    strayQuotes: part.strayQuotes,
    firstStray: part.firstStray,
  };
}

/** The buffers a half's result can transfer rather than copy (postMessage's transfer list). */
export function halfTransfers(result: CsvHalfResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  if (!result.ok) return [];
  for (const c of result.columns) {
    if (c.kind === 'number') out.add(c.values.buffer as ArrayBuffer);
    else if (c.kind === 'string') out.add(c.codes.buffer as ArrayBuffer);
    else {
      const p = c.parts;
      for (const a of [p.starts, p.lens, p.hashes]) out.add(a.buffer as ArrayBuffer);
      for (const b of p.blocks) out.add(b.bytes.buffer as ArrayBuffer);
    }
  }
  return [...out];
}

/** An arena column finished on its own. */
function finishedColumn(c: Column | ArenaColumn): Column {
  if (c.kind !== 'arena') return c;
  const arena = new TextArena(0);
  arena.append(c.parts);
  return { kind: 'string', name: '', ...arena.finish() };
}

/** The file read as two halves and merged, or null when it must be read in one go (see above). */
export async function splitCsv(ctx: ReadContext, settings: CsvSettings, runHalf: CsvHalfRunner, cutAt?: number): Promise<IngestResult | null> {
  const source = ctx.source;
  const cut = cutAt ?? (await findCut(source, settings.newline));
  if (cut === null) return null;
  const inner = new AbortController();
  const stop = (): void => inner.abort();
  ctx.signal?.addEventListener('abort', stop);
  // Progress is the bytes and rows of both halves together.
  let bytes1 = 0;
  let rows1 = 0;
  let bytes2 = 0;
  let rows2 = 0;
  const job: CsvHalfJob = {
    start: cut,
    end: source.size,
    delimiter: settings.delimiter,
    newline: settings.newline,
    encoding: ctx.encoding,
    chunkBytes: ctx.chunkBytes,
  };
  try {
    const second = runHalf(
      job,
      (b, r) => {
        bytes2 = b;
        rows2 = r;
        ctx.progress(bytes1 + bytes2, rows1 + rows2);
      },
      inner.signal,
    )
      .catch((e: unknown): CsvHalfResult => ({ ok: false, reason: String(e) }))
      .then((r) => {
        if (!r.ok) inner.abort(); // no use reading on
        return r;
      });
    // The first half's columns are finished (arena dictionaries built) while the second half is
    // still being read.
    const first = readCsvPart({
      source: rangeSource(source, 0, cut),
      decoder: ctx.decoder,
      chunkBytes: ctx.chunkBytes,
      signal: inner.signal,
      settings,
      tokenizer: csvScanner,
      progress: (b, r) => {
        bytes1 = b;
        rows1 = r;
        ctx.progress(bytes1 + bytes2, rows1 + rows2);
      },
    }).then((part) => {
      if (inner.signal.aborted || unmergeable(part)) {
        inner.abort();
        return null;
      }
      const { names } = columnNames(part.header, part.width);
      // Arena columns stay open (null) for the second half's cells to be appended.
      return { part, names, columns: part.builders.map((b, j) => (b.isArena ? null : b.finish(names[j]!))) };
    });
    const [a, b] = await Promise.all([first, second]);
    if (ctx.signal?.aborted) return err(CANCELLED);
    if (a === null || !b.ok || b.width !== a.part.width) return null;

    let half = b;
    const textColumns = a.columns.map((col, j) => (col === null || col.kind === 'string') && readNumbers(half, j));
    if (textColumns.some(Boolean)) {
      const again = await readCsvHalf(source, job, () => {}, ctx.signal, textColumns);
      if (ctx.signal?.aborted) return err(CANCELLED);
      if (!again.ok) return null;
      half = again;
    }
    // Column by column, each half's column let go once merged, so the garbage of one merge can be
    // collected during the next instead of every half column staying alive to the end.
    const halves: (Column | ArenaColumn | null)[] = half.columns;
    const columns = a.columns.map((col, j) => {
      const other = halves[j]!;
      halves[j] = null;
      a.columns[j] = null;
      if (col !== null) return mergeColumns(col, finishedColumn(other));
      const builder = a.part.builders[j]!;
      const name = a.names[j]!;
      return other.kind === 'arena' ? builder.finishAppending(name, other.parts) : mergeColumns(builder.finish(name), other);
    });
    // Stray quotes are only a warning: its count is both halves', its row the first half's or, with
    // none there, the second's after the first half's records (less the empty record the first
    // half's read ends with, as a read of input ending in a newline does).
    const strayQuotes = a.part.strayQuotes + half.strayQuotes;
    const firstStray = a.part.strayQuotes > 0 ? a.part.firstStray : half.strayQuotes > 0 ? a.part.record - 1 + half.firstStray : 0;
    const part: CsvPart = { ...a.part, rows: a.part.rows + half.rows, strayQuotes, firstStray };
    ctx.progress(source.size, part.rows);
    return finishCsv(ctx, settings, part, () => columns);
  } finally {
    ctx.signal?.removeEventListener('abort', stop);
  }
}

/** Whether the half read numbers in column j (cells a single read would have kept as text). */
function readNumbers(half: Extract<CsvHalfResult, { ok: true }>, j: number): boolean {
  const col = half.columns[j]!;
  if (col.kind !== 'number') return half.numbersBeforeText[j]! > 0;
  const v = col.values;
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) return true;
  return false;
}

/** Column a, then column b under a's name (see the module comment). */
export function mergeColumns(a: Column, b: Column): Column {
  if (a.kind === 'number' && b.kind === 'number') {
    const values = new Float64Array(a.values.length + b.values.length);
    values.set(a.values);
    values.set(b.values, a.values.length);
    return { kind: 'number', name: a.name, values };
  }
  const x = asText(a);
  const y = asText(b);
  const { dict, remap } = mergeDicts(x.dict, y.dict);
  const n = x.codes.length;
  const codes = new Int32Array(n + y.codes.length);
  codes.set(x.codes);
  const yc = y.codes;
  for (let i = 0; i < yc.length; i++) {
    const c = yc[i]!;
    codes[n + i] = c === MISSING_CODE ? MISSING_CODE : remap[c]!;
  }
  return { kind: 'string', name: a.name, codes, dict };
}

/** A number column as ColumnBuilder turns one into text: String(n), codes in order of first appearance. */
function asText(col: Column): StringColumn {
  if (col.kind === 'string') return col;
  const dict = new StringDict();
  const v = col.values;
  const codes = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) codes[i] = v[i] === v[i] ? dict.code(String(v[i])) : MISSING_CODE;
  return { kind: 'string', name: col.name, codes, dict: dict.values };
}

/**
 * a's values, then b's values that a does not hold, in b's order; remap[k] is b[k]'s code in the
 * result. Values are found by a full-text hash in a table of codes (no Map of strings).
 */
export function mergeDicts(a: readonly string[], b: readonly string[]): { dict: string[]; remap: Int32Array } {
  const dict = a.slice();
  const remap = new Int32Array(b.length);
  let size = 16;
  while (size < 2 * (a.length + b.length)) size *= 2;
  const mask = size - 1;
  const codes = new Int32Array(size).fill(-1);
  const hashes = new Int32Array(size);
  for (let c = 0; c < a.length; c++) {
    const s = a[c]!;
    const h = textHash(s, 0, s.length);
    let i = h & mask;
    while (codes[i]! >= 0) i = (i + 1) & mask;
    codes[i] = c;
    hashes[i] = h;
  }
  for (let k = 0; k < b.length; k++) {
    const s = b[k]!;
    const h = textHash(s, 0, s.length);
    let i = h & mask;
    let found = -1;
    for (;;) {
      const c = codes[i]!;
      if (c < 0) break;
      if (hashes[i] === h && dict[c] === s) {
        found = c;
        break;
      }
      i = (i + 1) & mask;
    }
    if (found < 0) {
      found = dict.length;
      dict.push(s);
      codes[i] = found;
      hashes[i] = h;
    }
    remap[k] = found;
  }
  return { dict, remap };
}
