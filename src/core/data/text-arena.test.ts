import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextArena, textHash } from './text-arena';
import { ColumnBuilder } from './column-builder';
import { cellText, cellValue, stringColumn, type StringColumn } from './table';
import { ingest } from './ingest';
import { bytesSource } from './byte-source';
import { papaparseTokenizer } from './csv-papaparse';
import type { CsvTokenizerFactory } from './csv-scan';

/** The arena's column for these cells (null = missing), pushed as ranges of one joined text. */
function viaArena(cells: (string | null)[], capacity = 4): { codes: number[]; dict: string[] } {
  const arena = new TextArena(capacity);
  const text = cells.map((c) => c ?? '').join('|');
  let at = 0;
  for (const c of cells) {
    if (c === null) arena.pushMissing();
    else arena.pushRange(text, at, at + c.length);
    at += (c ?? '').length + 1;
  }
  const { codes, dict } = arena.finish();
  return { codes: Array.from(codes), dict };
}

function expected(cells: (string | null)[]): { codes: number[]; dict: string[] } {
  const col = stringColumn('x', cells);
  return { codes: Array.from(col.codes), dict: col.dict };
}

// Units that stress the copy: ASCII, 2- and 3-byte UTF-8, a surrogate pair (4 bytes, 2 units).
const unit = fc.constantFrom('a', 'b', 'Z', '1', ' ', ',', 'é', 'ß', '€', '中', '😀', '\u0000', '\u007f', '\u0080');
const cell = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 8, arbitrary: fc.array(unit, { maxLength: 14 }).map((u) => u.join('')) },
);

describe('TextArena', () => {
  it('encodes exactly as a dictionary would: codes in first-appearance order, missing as -1', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 300 }), fc.integer({ min: 0, max: 40 }), (cells, repeats) => {
        // Repeat some cells so duplicates (short, long, non-ASCII) are common.
        const all = cells.concat(cells.slice(0, repeats));
        expect(viaArena(all)).toEqual(expected(all));
      }),
      { numRuns: 400 },
    );
  });

  it('dedups across many partitions (over 2,048 cells per partition target)', () => {
    const cells: (string | null)[] = [];
    for (let i = 0; i < 60_000; i++) {
      const r = (i * 7919) % 9973;
      cells.push(i % 97 === 0 ? null : r % 3 === 0 ? `user${r}@example.org` : r % 3 === 1 ? `P-${r % 500}` : `ünïcode ${r % 1000} 😀 text`);
    }
    expect(viaArena(cells, 16)).toEqual(expected(cells));
  });

  it('tells apart cells that share length, hash prefix/suffix keys and differ only in the middle', () => {
    const cells = ['abcdXXXXwxyz', 'abcdYYYYwxyz', 'abcdXXXXwxyz', 'abcd', 'abce', 'abcd\u0000', 'abcd', ''];
    expect(viaArena(cells)).toEqual(expected(cells));
  });

  it('keeps cells bigger than a 4 MB block, and cells on both sides of block ends', () => {
    const big = 'x'.repeat(5 << 20) + 'é';
    const mid = 'y'.repeat(3 << 20);
    const cells = [mid, 'a€', mid, big, 'b', big, mid + 'z', 'a€', 'é'.repeat(2 << 20), 'b', 'c'];
    const got = viaArena(cells);
    const want = expected(cells);
    expect(got.codes).toEqual(want.codes);
    // Compared as booleans: a failing diff of megabyte strings would flood the output.
    expect(got.dict.length).toBe(want.dict.length);
    expect(got.dict.every((v, i) => v === want.dict[i])).toBe(true);
  });

  it('hashes a range like the whole string, so pushes of strings and of ranges agree', () => {
    expect(textHash('xx héllo yy', 3, 8)).toBe(textHash('héllo', 0, 5));
  });
});

describe('ColumnBuilder with a mostly distinct column', () => {
  /** Cells pushed as one chunk per `chunk` rows, as csv-ingest does (pushRanges, escaped cells too). */
  function build(cells: string[], chunk: number): StringColumn & { arena: boolean } {
    const b = new ColumnBuilder();
    for (let from = 0; from < cells.length; from += chunk) {
      const part = cells.slice(from, from + chunk);
      const text = part.join('\n');
      const starts = new Int32Array(part.length);
      const ends = new Int32Array(part.length);
      const escaped: string[] = [];
      let at = 0;
      part.forEach((c, r) => {
        // Every 10th cell arrives as an escaped string (a quoted field with "" in it).
        starts[r] = r % 10 === 3 ? -1 - (escaped.push(c) - 1) : at;
        ends[r] = at + c.length;
        at += c.length + 1;
      });
      b.pushRanges(text, starts, ends, 0, 1, part.length, escaped);
    }
    const arena = (b as unknown as { arena: TextArena | null }).arena !== null;
    const col = b.finish('x');
    if (col.kind !== 'string') throw new Error('expected a string column');
    return { ...col, arena };
  }

  it('switches to the arena after the first chunk and gives the same column as a dictionary', () => {
    const cells: string[] = [];
    // Numbers first (they become String(n), as always), then unique e-mails, repeats, missing tokens.
    for (let i = 0; i < 3000; i++) cells.push(String(i % 5));
    for (let i = 0; i < 9000; i++) cells.push(i % 13 === 0 ? 'NA' : i % 4 === 0 ? `user${i % 200}@例え.jp` : `user${i}@example.org`);
    const col = build(cells, 2500);
    expect(col.arena).toBe(true);
    const want = stringColumn('x', cells.map((c) => (c === 'NA' ? null : c)));
    expect(col.dict).toEqual(want.dict);
    expect(Array.from(col.codes)).toEqual(Array.from(want.codes));
  });

  it('a column with few distinct values stays a dictionary and gives the same column', () => {
    const cells = Array.from({ length: 8000 }, (_, i) => `city ${i % 40}`);
    const col = build(cells, 3000);
    expect(col.arena).toBe(false);
    const want = stringColumn('x', cells);
    expect(col.dict).toEqual(want.dict);
    expect(Array.from(col.codes)).toEqual(Array.from(want.codes));
  });
});

describe('CSV ingest of mostly distinct text columns', () => {
  it('reads them (quoted, with "" and non-ASCII, across chunk ends) as the same cells papaparse splits', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 6000; i++) {
      const note = i % 7 === 0 ? `"said ""hi ${i}"", ok"` : i % 5 === 0 ? `"ünï, ${i % 300}"` : `plain text ${i} 😀`;
      rows.push([String(i), i % 11 === 0 ? '' : `user${i}@exämple.org`, note, `P-${i % 250}`]);
    }
    const csv = ['id,email,note,product', ...rows.map((r) => r.join(','))].join('\n') + '\n';
    const bytes = new TextEncoder().encode(csv);
    const read = async (csvTokenizer?: CsvTokenizerFactory) => {
      const r = await ingest(bytesSource(bytes), { fileName: 'x.csv', chunkBytes: 4096, csvTokenizer });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.table;
    };
    const table = await read();
    expect(table.rowCount).toBe(6000);
    const email = table.columns[1]!;
    const note = table.columns[2]!;
    if (email.kind !== 'string' || note.kind !== 'string') throw new Error('expected text columns');
    expect(cellText(email, 5)).toBe('user5@exämple.org');
    expect(cellValue(email, 11)).toBeNull();
    expect(cellText(note, 7)).toBe('said "hi 7", ok');
    expect(cellText(note, 10)).toBe('ünï, 10');
    expect(cellText(note, 1)).toBe('plain text 1 😀');
    // Same table as with papaparse as the tokenizer (both through the same builders), and as the
    // dictionary a small table would build (stringColumn): codes in first-appearance order.
    expect(await read(papaparseTokenizer)).toEqual(table);
    // Autosave puts the table in IndexedDB by structured clone (values sliced from arena blocks included).
    expect(structuredClone(table)).toEqual(table);
    for (const [j, col] of table.columns.entries()) {
      if (col.kind !== 'string') continue;
      const want = stringColumn(col.name, rows.map((r) => (r[j] === '' ? null : unquote(r[j]!))));
      expect(col.dict).toEqual(want.dict);
      expect(Array.from(col.codes)).toEqual(Array.from(want.codes));
    }
  });
});

function unquote(field: string): string {
  return field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
}
