import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numberColumn, stringColumn, tableFromRows, type Table } from './table';
import { DamagedTable, TABLE_MIGRATIONS, groupParts, partSize, readStoredTable, tableManifest, tableParts, type TablePart } from './table-parts';

/** What a store gives back: the manifest as it was put, and its parts in their order. */
function stored(table: Table, partBytes?: number) {
  const parts = [...tableParts(table, partBytes)];
  const record = { ...tableManifest('d1', table, parts.length, 5) } as Record<string, unknown>;
  return { record, parts, read: () => readStoredTable(record, async function* () { yield* parts; }) };
}

const mixed = (): Table => ({
  rowCount: 5,
  columns: [
    numberColumn('x', [1.5, null, -0, 1e308, 3]),
    stringColumn('city', ['Oslo', null, 'Zürich', 'Oslo', '東京 🗼']),
    stringColumn('text', ['a long enough sentence to be a slice', '', 'b', null, 'a long enough sentence to be a slice']),
  ],
});

describe('a table stored in parts', () => {
  it('reads back equal, cell for cell, dictionaries and codes included', async () => {
    const table = mixed();
    expect(await stored(table).read()).toEqual(table);
  });

  it('splits columns and dictionaries into parts no bigger than asked (a whole table was one clone before)', async () => {
    const n = 1000;
    const table: Table = { rowCount: n, columns: [numberColumn('v', Array.from({ length: n }, (_, i) => i)), stringColumn('s', Array.from({ length: n }, (_, i) => `value number ${i}`))] };
    const { parts, read } = stored(table, 800);
    const bytes = (p: TablePart) => (p.kind === 'values' ? p.values.byteLength : p.kind === 'codes' ? p.codes.byteLength : p.bytes.byteLength);
    expect(parts.length).toBeGreaterThan(30);
    // A dictionary run may pass the size by its last entry only.
    for (const p of parts) expect(bytes(p)).toBeLessThanOrEqual(800 + 20);
    // Each part owns its buffer: a view would clone the whole column with it.
    for (const p of parts) expect(p.kind === 'values' ? p.values.buffer.byteLength : p.kind === 'codes' ? p.codes.buffer.byteLength : p.bytes.buffer.byteLength).toBe(bytes(p));
    expect(await read()).toEqual(table);
  });

  it('any table of numbers, texts and missing cells, at any part size, reads back equal', async () => {
    const cell = fc.oneof(fc.constant(null), fc.double({ noNaN: true }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 40 }), fc.integer({ min: 1, max: 200 }), async (rows, partBytes) => {
        // Lone surrogates do not survive UTF-8; the readers never make them (decode.ts replaces them).
        const wellFormed = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));
        const clean = rows.map((r) => r.map((c) => (typeof c === 'string' ? wellFormed(c) : c)));
        const table = tableFromRows(['a', 'b', 'c'], clean);
        expect(await stored(table, partBytes).read()).toEqual(table);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a table with a part missing, one part too many, a code outside its dictionary, or from a newer studio', async () => {
    const table = mixed();
    const { record, parts } = stored(table, 16);
    const readWith = (list: TablePart[], rec = record) => readStoredTable(rec, async function* () { yield* list; });
    await expect(readWith(parts.slice(1))).rejects.toThrow(DamagedTable);
    await expect(readWith([...parts, parts[0]!])).rejects.toThrow(DamagedTable);
    const bad = parts.map((p) => (p.kind === 'codes' ? { ...p, codes: p.codes.map(() => 99) } : p));
    await expect(readWith(bad)).rejects.toThrow(/code outside its dictionary/);
    await expect(readWith(parts, { ...record, version: 3 })).rejects.toThrow(/newer version of ML Studio/);
    await expect(readWith(parts, { ...record, rowCount: -1 })).rejects.toThrow(DamagedTable);
  });
});

describe('parts in reused buffers (what the data worker stores)', () => {
  it('reads back equal when each group is cloned before the next is made, and its big parts share two buffers', async () => {
    const n = 3000;
    const table: Table = {
      rowCount: n,
      columns: [
        numberColumn('v', Array.from({ length: n }, (_, i) => i / 7)),
        stringColumn('text', Array.from({ length: n }, (_, i) => (i % 600 === 0 ? `zürich ${i} 東京` : `line number ${i} of the text`))),
        stringColumn('label', Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b'))),
      ],
    };
    const partBytes = 1000;
    const stored: TablePart[] = [];
    const buffers = new Set<ArrayBufferLike>();
    let big = 0;
    for (const group of groupParts(tableParts(table, partBytes, true), partBytes)) {
      for (const p of group) {
        const bytes = p.kind === 'values' ? p.values : p.kind === 'codes' ? p.codes : p.bytes;
        if (bytes.byteLength >= partBytes / 2) {
          big++;
          buffers.add(bytes.buffer);
        }
      }
      stored.push(...structuredClone(group)); // IndexedDB's put clones the group then
    }
    expect(big).toBeGreaterThan(50);
    // Full parts and ASCII runs reuse two buffers; a run with other text that outgrew its buffer has one of its own.
    expect(buffers.size).toBeLessThan(big / 4);
    const back = await readStoredTable({ ...tableManifest('d1', table, stored.length, 5) }, async function* () {
      yield* stored;
    });
    expect(back).toEqual(table);
  });
});

describe('parts grouped into records', () => {
  it('a very wide table is a few records, not one per part, and reads back equal from them', async () => {
    const cols = 20_000;
    const table = tableFromRows(
      Array.from({ length: cols }, (_, j) => `c${j}`),
      Array.from({ length: 3 }, (_, r) => Array.from({ length: cols }, (_, j) => (j % 2 ? `v${r}` : String(r + j)))),
    );
    const parts = [...tableParts(table)];
    const groups = [...groupParts(parts, 256 * 1024)];
    expect(parts.length).toBeGreaterThanOrEqual(cols);
    expect(groups.length).toBeLessThan(parts.length / 100);
    expect(groups.flat()).toEqual(parts);
    for (const g of groups) expect(g.reduce((a, p) => a + partSize(p), 0)).toBeLessThanOrEqual(256 * 1024);
    const record = { ...tableManifest('d1', table, parts.length, 5), records: groups.length } as Record<string, unknown>;
    expect(await readStoredTable(record, async function* () { for (const g of groups) yield* g; })).toEqual(table);
  });

  it('a part bigger than a group gets a group of its own', () => {
    const n = 10_000;
    const table: Table = { rowCount: n, columns: [numberColumn('a', Array.from({ length: n }, (_, i) => i)), numberColumn('b', Array.from({ length: n }, (_, i) => -i))] };
    const groups = [...groupParts(tableParts(table), 1000)];
    expect(groups.map((g) => g.length)).toEqual([1, 1]);
  });
});

describe('table record migrations', () => {
  it('version 1 (the whole table in one record) is read through its migration', async () => {
    const table = mixed();
    const v1 = { datasetId: 'd0', savedAt: 7, table };
    const migrated = TABLE_MIGRATIONS[1]!(v1);
    expect(migrated.manifest).toMatchObject({ datasetId: 'd0', savedAt: 7, version: 2, rowCount: 5 });
    const noParts = (): AsyncIterable<TablePart> => {
      throw new Error('a version-1 record has no stored parts');
    };
    expect(await readStoredTable(v1, noParts)).toEqual(table);
  });

  it('a version-1 record without a table is damaged, not a crash', async () => {
    await expect(readStoredTable({ datasetId: 'd0', savedAt: 1 }, async function* () {})).rejects.toThrow(DamagedTable);
  });
});
