/**
 * The file classes of issue 13 §2 that reach the table readers, each as a real file: it loads (and
 * how), or it gets a message that says what is wrong. Archives (zip bombs by ratio and entry
 * count, ../ and absolute paths, duplicate and encrypted entries) are core/bundle/zip.ts's, tested
 * in zip.test.ts and hostile.test.ts; wrong files under a .csv name (PNG, PDF, xlsx, gzip) in
 * sniff.test.ts and the bad-files journey.
 */
import { describe, expect, it } from 'vitest';
import { bytesSource, ingest } from './ingest';
import { cellValue, type Table } from './table';

const u = (s: string) => new TextEncoder().encode(s);
const read = (bytes: Uint8Array, fileName = 'data.csv') => ingest(bytesSource(bytes), { fileName });
const cells = (t: Table) => t.columns.map((c) => [c.name, c.kind, Array.from({ length: t.rowCount }, (_, i) => cellValue(c, i))]);
async function loaded(bytes: Uint8Array) {
  const r = await read(bytes);
  if (!r.ok) throw new Error(`expected it to load, got: ${r.error.message}`);
  return r.value;
}
async function message(bytes: Uint8Array) {
  const r = await read(bytes);
  if (r.ok) throw new Error('expected a message');
  return r.error.message;
}

describe('encodings', () => {
  it('UTF-16 without a byte-order mark, either byte order, is read as UTF-16', async () => {
    const utf16 = (s: string, le: boolean) => new Uint8Array([...s].flatMap((ch) => [le ? ch.charCodeAt(0) & 255 : ch.charCodeAt(0) >> 8, le ? ch.charCodeAt(0) >> 8 : ch.charCodeAt(0) & 255]));
    for (const le of [true, false]) expect(cells((await loaded(utf16('a,b\n1,Zoë\n2,x\n', le))).table)).toEqual([['a', 'number', [1, 2]], ['b', 'string', ['Zoë', 'x']]]);
  });
  it('NUL bytes in a text file: refused as binary data', async () => {
    expect(await message(u('a,b\n1,\u00002\n'))).toBe('This file holds binary data, not text, so it cannot be read as a table.');
  });
  it('a byte-order mark in the middle (two files joined) loads; the mark stays in its cell, as the decoder never changes text, and the report says so', async () => {
    const { table, report } = await loaded(u('a,b\n1,\uFEFFx\n2,y\n'));
    expect(cells(table)).toEqual([['a', 'number', [1, 2]], ['b', 'string', ['\uFEFFx', 'y']]]);
    expect(report.warnings.map((w) => [w.code, w.message])).toEqual([
      ['bom-in-values', 'Column “b” has an invisible byte-order mark (U+FEFF) inside a value, e.g. “⟨U+FEFF⟩x”: that value differs from the same text without it.'],
    ]);
    expect(report.warnings[0]!.hint).toMatch(/joining two files/);
  });
});

describe('quoting and sizes', () => {
  it('a quote left open at the end of the file says where', async () => {
    expect(await message(u('a,b\n1,x\n2,"y\n'))).toBe('Row 3 opens a quote (") that is never closed in column "b".');
  });
  it('a 10 MB single field loads, in well under the time budget', async () => {
    const t0 = performance.now();
    const { table } = await loaded(u(`a,b\n1,"${'x'.repeat(10_000_000)}"\n2,y\n`));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(table.rowCount).toBe(2);
    expect((cellValue(table.columns[1]!, 0) as string).length).toBe(10_000_000);
  });
  it('one column, one row, and a header alone', async () => {
    expect(cells((await loaded(u('a\n1\n2\n3\n'))).table)).toEqual([['a', 'number', [1, 2, 3]]]);
    expect(cells((await loaded(u('a,b\n1,2\n'))).table)).toEqual([['a', 'number', [1]], ['b', 'number', [2]]]);
    expect(await message(u('a,b\n'))).toBe('This file has a header row but no data rows.');
  });
});

describe('values', () => {
  it('1e308 and -0 are numbers (-0 kept); ±Infinity, thousands separators, locale decimals, dates and mixed columns load as text', async () => {
    expect(cells((await loaded(u('v\n1e308\n-1e308\n-0\n'))).table)).toEqual([['v', 'number', [1e308, -1e308, -0]]]);
    expect(cells((await loaded(u('v\nInfinity\n-Infinity\n1\n'))).table)).toEqual([['v', 'string', ['Infinity', '-Infinity', '1']]]);
    expect(cells((await loaded(u('v;w\n1.234,5;a\n2.000,25;b\n'))).table)[0]).toEqual(['v', 'string', ['1.234,5', '2.000,25']]);
    expect(cells((await loaded(u('v\n"1,234"\n"5,678"\n'))).table)).toEqual([['v', 'string', ['1,234', '5,678']]]);
    expect(cells((await loaded(u('d,e\n2024-01-02,01/02/2024\n2024-03-04T10:00:00Z,3.4.2024\n'))).table)).toEqual([
      ['d', 'string', ['2024-01-02', '2024-03-04T10:00:00Z']],
      ['e', 'string', ['01/02/2024', '3.4.2024']],
    ]);
    expect(cells((await loaded(u('m\n1\nabc\n2\n'))).table)).toEqual([['m', 'string', ['1', 'abc', '2']]]);
  });

  it('the number-like text columns get a hint that says how to fix the file; dates and mixed text do not', async () => {
    const hints = async (text: string) => (await loaded(u(text))).report.warnings.map((w) => [w.code, w.message]);
    expect(await hints('v\nInfinity\n-Infinity\n1\n')).toEqual([['infinite-values', 'Column “v” was read as text because it holds “Infinity”, which is not a number a model can use.']]);
    expect(await hints('v;w\n1.234,5;a\n2.000,25;b\n')).toEqual([['separated-numbers', 'Column “v” was read as text, though its values look like numbers written with separators (e.g. “1.234,5”).']]);
    expect(await hints('v\n"1,234"\n"5,678"\n12\n')).toEqual([['separated-numbers', 'Column “v” was read as text, though its values look like numbers written with separators (e.g. “1,234”).']]);
    expect(await hints('d,e\n2024-01-02,01/02/2024\n2024-03-04T10:00:00Z,3.4.2024\n')).toEqual([]);
    expect(await hints('m\n1\nabc\n2\n')).toEqual([]);
    expect(await hints('p\n"1,234"\nabc\ndef\n')).toEqual([]); // mostly words: a text column
    const r = await loaded(u('v\n"1,234"\n'));
    expect(r.report.warnings[0]!.hint).toMatch(/^Add the step “Read written numbers” for this column in step 2 \(Clean\)/);
  });
});

describe('column names', () => {
  it('empty and duplicate names are renamed and reported; very long, right-to-left and zero-width names are kept as written, a zero-width one with a hint', async () => {
    const long = 'x'.repeat(5000);
    const { table, report } = await loaded(u(`,a,a,${long},\u05e9\u05dc\u05d5\u05dd,a\u200bb\n1,2,3,4,5,6\n`));
    expect(table.columns.map((c) => c.name)).toEqual(['column 1', 'a', 'a (2)', long, '\u05e9\u05dc\u05d5\u05dd', 'a\u200bb']);
    expect(report.warnings.map((w) => w.message)).toEqual([
      'Renamed 1 duplicate column name and 1 empty column name, e.g. "" → "column 1".',
      'The column name “a\u200bb” holds an invisible character: it is “a⟨U+200B⟩b”, a different name from the one it looks like.',
    ]);
  });
});
