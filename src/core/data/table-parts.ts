/**
 * A table as the data worker stores it for the next visit: a small manifest plus parts of at most
 * PART_BYTES each (slices of the typed columns, and runs of a dictionary as UTF-8 bytes with each
 * value's length), so IndexedDB clones one part at a time instead of the whole table.
 *
 * Why: storing the table as one record made the browser serialise all of it at once, millions of
 * dictionary strings included (a 345 MB CSV's table, about 2 GB cloned, was refused by Chromium),
 * and held that copy until the transaction ended. Part by part, each written in a transaction of
 * its own, the extra memory is one part, and no value is too big to store.
 *
 * Record versions (the `tables` store): 1 is `{ datasetId, savedAt, table }`, the whole table in
 * one structured clone (before this file); 2 is a TableManifest with its parts in `tableParts`.
 * TABLE_MIGRATIONS[v] upgrades a version-v record to version v + 1, one step per version.
 */
import { MISSING_CODE, type Column, type Table } from './table';

export const TABLE_RECORD_VERSION = 2;
/** Payload bytes per part: small next to any table worth splitting, large enough that a 300 MB file is under 100 writes. */
export const PART_BYTES = 8 * 2 ** 20;

export interface ColumnManifest {
  name: string;
  kind: 'number' | 'string';
  /** Distinct values of a string column. */
  dictSize?: number;
}

export interface TableManifest {
  datasetId: string;
  savedAt: number;
  version: 2;
  rowCount: number;
  columns: ColumnManifest[];
  /** How many parts the table has in all. */
  parts: number;
  /** Records 0 … records-1 under [datasetId, index] in `tableParts`, each a group of parts (groupParts). */
  records?: number;
}

/** One slice of one column: rows (or dictionary entries) [start, start + its length). */
export type TablePart =
  | { column: number; start: number; kind: 'values'; values: Float64Array }
  | { column: number; start: number; kind: 'codes'; codes: Int32Array }
  /** Dictionary entries: their UTF-8 bytes one after another, and each entry's length in UTF-16 units. */
  | { column: number; start: number; kind: 'dict'; bytes: Uint8Array; lengths: Uint32Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function tableManifest(datasetId: string, table: Table, parts: number, savedAt = Date.now()): TableManifest {
  return {
    datasetId,
    savedAt,
    version: 2,
    rowCount: table.rowCount,
    columns: table.columns.map((c) => (c.kind === 'number' ? { name: c.name, kind: 'number' } : { name: c.name, kind: 'string', dictSize: c.dict.length })),
    parts,
  };
}

/**
 * Two buffers that the big parts of tableParts(…, reuse) take turns in. Why: every part was a new
 * buffer, so storing a table made garbage as big as the table, and V8 collects buffers only after
 * about 64 MB more of them: loading a 60 MB text file peaked at over 3× its size while it was
 * stored. Two, because groupParts makes the part after a group before it hands that group on.
 */
class PartBuffers {
  private buffers: (ArrayBuffer | undefined)[] = [undefined, undefined];
  private turn = 0;

  /**
   * A buffer not the previous big part's: of exactly `bytes` (a typed part's view covers its whole
   * buffer), or with `atLeast` of `bytes` or more (a dictionary run rarely fills a part exactly;
   * the clone then stores the whole buffer, the rest unused: under one entry's length for a run
   * that filled its part, at most half a part for a column's last run).
   */
  take(bytes: number, atLeast = false): ArrayBuffer {
    const k = this.turn;
    this.turn ^= 1;
    const b = this.buffers[k];
    if (b && (atLeast ? b.byteLength >= bytes : b.byteLength === bytes)) return b;
    return (this.buffers[k] = new ArrayBuffer(bytes));
  }
}

/**
 * The table's parts, made one at a time as they are asked for (each a copy of its slice, so a
 * stored part never drags the whole column's buffer into the clone). With `reuse`, full-size parts
 * are written into two buffers in turn (PartBuffers): a part is valid until the part after the
 * next one is made, so each group of groupParts must be stored (IndexedDB clones it in put) before
 * the next group is asked for.
 */
export function* tableParts(table: Table, partBytes = PART_BYTES, reuse = false): Generator<TablePart> {
  const rowsPer = (bytesEach: number) => Math.max(1, Math.floor(partBytes / bytesEach));
  const buffers = reuse ? new PartBuffers() : undefined;
  /** `from`'s rows [start, end) as an array of its own, in a reused buffer when it is a full part. */
  const copy = <A extends Float64Array | Int32Array>(from: A, start: number, end: number, full: number, make: (b: ArrayBuffer) => A): A => {
    if (!buffers || end - start !== full) return from.slice(start, end) as A;
    const out = make(buffers.take(full * from.BYTES_PER_ELEMENT));
    out.set(from.subarray(start, end));
    return out;
  };
  for (let column = 0; column < table.columns.length; column++) {
    const col = table.columns[column]!;
    const n = table.rowCount;
    if (col.kind === 'number') {
      const step = rowsPer(8);
      for (let start = 0; start < n; start += step) yield { column, start, kind: 'values', values: copy(col.values, start, Math.min(n, start + step), step, (b) => new Float64Array(b)) };
      continue;
    }
    const step = rowsPer(4);
    for (let start = 0; start < n; start += step) yield { column, start, kind: 'codes', codes: copy(col.codes, start, Math.min(n, start + step), step, (b) => new Int32Array(b)) };
    const dict = col.dict;
    // A run of entries up to about partBytes of text (3 UTF-8 bytes a unit at worst, 1 for ASCII).
    for (let start = 0; start < dict.length; ) {
      let end = start;
      let units = 0;
      while (end < dict.length && (end === start || units + dict[end]!.length <= partBytes)) units += dict[end++]!.length;
      const lengths = new Uint32Array(end - start);
      for (let i = start; i < end; i++) lengths[i - start] = dict[i]!.length;
      // A run of half a part or more is encoded into a reused buffer (of a part's size, or the run's if bigger).
      const into = buffers && units >= partBytes / 2 ? new Uint8Array(buffers.take(Math.max(units, partBytes), true)) : undefined;
      yield { column, start, kind: 'dict', bytes: utf8Run(dict, start, end, units, into), lengths };
      start = end;
    }
  }
}

/** Text joined for one encodeInto call: small enough to stay in V8's young generation. */
const BATCH_UNITS = 1 << 15;

/**
 * dict[start, end) as UTF-8 bytes one after another, in a buffer of exactly their size. Why not
 * `encoder.encode(run.join(''))`: that made a flat string of the whole run (8 MB) besides its
 * bytes, and each of those lands in the old generation, so storing a 1 GB text corpus left more
 * than a gigabyte of garbage for the collector, which let it pile up: the load's memory peak.
 * Here the run is joined a few thousand units at a time (garbage the young generation takes at
 * once) and written into one buffer sized by the run's UTF-16 length, exact for ASCII text and
 * grown (then trimmed) only for other text. `into`: the buffer to write in (a reused one, see
 * PartBuffers); the run is then a view of it, unless it did not fit.
 */
function utf8Run(dict: readonly string[], start: number, end: number, units: number, into?: Uint8Array): Uint8Array {
  let out = into ?? new Uint8Array(units);
  let written = 0;
  for (let i = start; i < end; ) {
    let j = i;
    let batchUnits = 0;
    while (j < end && (j === i || batchUnits + dict[j]!.length <= BATCH_UNITS)) batchUnits += dict[j++]!.length;
    let text = j === i + 1 ? dict[i]! : dict.slice(i, j).join('');
    for (;;) {
      const r = encoder.encodeInto(text, out.subarray(written));
      written += r.written;
      if (r.read === text.length) break;
      // Not all of it fitted: room for the rest at 3 bytes a unit (the most UTF-8 takes), and half as much again.
      text = text.slice(r.read);
      const grown = new Uint8Array(Math.max(Math.ceil(out.length * 1.5), written + 3 * text.length));
      grown.set(out.subarray(0, written));
      out = grown;
    }
    i = j;
  }
  return written === out.length ? out : out === into ? out.subarray(0, written) : out.slice(0, written);
}

/** A part's payload in bytes, plus a little for the object itself (so thousands of tiny parts still split into groups). */
export function partSize(part: TablePart): number {
  const payload = part.kind === 'values' ? part.values.byteLength : part.kind === 'codes' ? part.codes.byteLength : part.bytes.byteLength + part.lengths.byteLength;
  return payload + 64;
}

/**
 * Parts gathered into groups of about `bytes` each, one IndexedDB record a group. Why: a very wide
 * table (100,000 columns of 3 rows) is 200,000 tiny parts, and a write (or read) each made storing
 * it take minutes; a big column still gets a group of its own per slice.
 */
export function* groupParts(parts: Iterable<TablePart>, bytes = PART_BYTES): Generator<TablePart[]> {
  let group: TablePart[] = [];
  let size = 0;
  for (const part of parts) {
    const n = partSize(part);
    if (group.length > 0 && size + n > bytes) {
      yield group;
      group = [];
      size = 0;
    }
    group.push(part);
    size += n;
  }
  if (group.length > 0) yield group;
}

/** Thrown for a stored table that does not hold together (a part missing, out of place or of the wrong shape). */
export class DamagedTable extends Error {}

/** Rebuilds a stored table from its manifest and its parts, given in any order; throws DamagedTable when they do not make a whole table. */
export class TableAssembler {
  private readonly columns: Column[];
  private readonly filled: number[];

  constructor(private readonly manifest: TableManifest) {
    const n = manifest.rowCount;
    if (!Number.isInteger(n) || n < 0 || !Array.isArray(manifest.columns)) throw new DamagedTable('the stored table has no valid row count or columns');
    this.columns = manifest.columns.map((c): Column => {
      if (c.kind === 'number') return { kind: 'number', name: c.name, values: new Float64Array(n) };
      const size = c.dictSize ?? -1;
      if (!Number.isInteger(size) || size < 0) throw new DamagedTable(`column "${c.name}" has no valid dictionary size`);
      return { kind: 'string', name: c.name, codes: new Int32Array(n), dict: new Array<string>(size) };
    });
    this.filled = this.columns.map(() => 0);
  }

  add(part: TablePart): void {
    const col = this.columns[part.column];
    if (!col || !Number.isInteger(part.start) || part.start < 0) throw new DamagedTable(`a part names column ${part.column}, which the table does not have`);
    if (part.kind === 'values' && col.kind === 'number') this.place(part.column, col.values, part.values, part.start);
    else if (part.kind === 'codes' && col.kind === 'string') {
      this.place(part.column, col.codes, part.codes, part.start);
      for (const c of part.codes) if (c < MISSING_CODE || c >= col.dict.length) throw new DamagedTable(`column "${col.name}" has a code outside its dictionary`);
    } else if (part.kind === 'dict' && col.kind === 'string') {
      if (part.start + part.lengths.length > col.dict.length) throw new DamagedTable(`column "${col.name}" has more dictionary entries than it says`);
      // One decode per part; each entry a substring of it (V8 makes the longer ones slices, not copies).
      const text = decoder.decode(part.bytes);
      let at = 0;
      for (let i = 0; i < part.lengths.length; i++) {
        const len = part.lengths[i]!;
        if (at + len > text.length) throw new DamagedTable(`column "${col.name}" has a dictionary part shorter than its lengths`);
        col.dict[part.start + i] = text.substring(at, at + len);
        at += len;
      }
      this.filled[part.column]! += part.lengths.length;
    } else throw new DamagedTable(`column "${col.name}" has a part of the wrong kind (${part.kind})`);
  }

  private place(column: number, into: Float64Array | Int32Array, from: Float64Array | Int32Array, start: number): void {
    if (start + from.length > into.length) throw new DamagedTable(`column "${this.columns[column]!.name}" has more rows than the table`);
    into.set(from, start);
    this.filled[column]! += from.length;
  }

  finish(): Table {
    this.columns.forEach((col, j) => {
      const want = this.manifest.rowCount + (col.kind === 'string' ? col.dict.length : 0);
      if (this.filled[j] !== want) throw new DamagedTable(`column "${col.name}" is incomplete (${this.filled[j]} of ${want} cells and entries stored)`);
    });
    return { columns: this.columns, rowCount: this.manifest.rowCount };
  }
}

/** A `tables` record as read back, of any version. */
export type StoredTableRecord = Record<string, unknown>;

/** What a version-2 reader needs: the manifest and its parts (read lazily from `tableParts`, or already in memory). */
export interface TableRecordV2 {
  manifest: TableManifest;
  parts: () => AsyncIterable<TablePart>;
}

/** Version 1 (`{ datasetId, savedAt, table }`) → version 2: the same table as a manifest and parts in memory. */
function fromV1(record: StoredTableRecord): TableRecordV2 {
  const table = record.table as Table | undefined;
  if (!table || !Array.isArray(table.columns) || !Number.isInteger(table.rowCount)) throw new DamagedTable('the stored version-1 table has no columns');
  const parts = [...tableParts(table, Number.MAX_SAFE_INTEGER)];
  return {
    manifest: tableManifest(String(record.datasetId), table, parts.length, Number(record.savedAt) || 0),
    parts: async function* () {
      yield* parts;
    },
  };
}

/** TABLE_MIGRATIONS[v] turns a version-v record into a version v + 1 one. */
export const TABLE_MIGRATIONS: Readonly<Record<number, (record: StoredTableRecord) => TableRecordV2>> = { 1: fromV1 };

/** The version of a stored record: 1 before records said so. */
export function tableRecordVersion(record: StoredTableRecord): number {
  return typeof record.version === 'number' ? record.version : 1;
}

/**
 * The table in a stored record: version 2 read with its parts, an older one migrated first, one
 * from a newer studio refused (DamagedTable, with why).
 */
export async function readStoredTable(record: StoredTableRecord, parts: (manifest: TableManifest) => AsyncIterable<TablePart>): Promise<Table> {
  const version = tableRecordVersion(record);
  if (version > TABLE_RECORD_VERSION) throw new DamagedTable(`it was stored by a newer version of ML Studio (table version ${version})`);
  let current: TableRecordV2;
  if (version === TABLE_RECORD_VERSION) {
    const manifest = record as unknown as TableManifest;
    current = { manifest, parts: () => parts(manifest) };
  } else {
    const step = TABLE_MIGRATIONS[version];
    if (!step) throw new DamagedTable(`there is no upgrade from table version ${version}`);
    current = step(record);
  }
  const assembler = new TableAssembler(current.manifest);
  let count = 0;
  for await (const part of current.parts()) {
    assembler.add(part);
    count++;
  }
  if (count !== current.manifest.parts) throw new DamagedTable(`${count} of its ${current.manifest.parts} parts are stored`);
  return assembler.finish();
}
