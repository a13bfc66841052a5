import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { bytesSource, ingest, type IngestOptions, type IngestProgress } from './ingest';
import { cellValue, type Table } from './table';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function load(input: string | Uint8Array, options: Partial<IngestOptions> & { chunkBytes?: number } = {}) {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  return ingest(bytesSource(bytes), { fileName: 'data.csv', ...options });
}

async function loadOk(input: string | Uint8Array, options: Partial<IngestOptions> & { chunkBytes?: number } = {}) {
  const r = await load(input, options);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error.message}`);
  return r.value;
}

async function loadErr(input: string | Uint8Array, options: Partial<IngestOptions> = {}) {
  const r = await load(input, options);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

function rows(t: Table): (string | number | null)[][] {
  return Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => cellValue(c, i)));
}

describe('CSV ingest', () => {
  it.each([',', ';', '\t', '|'] as const)('auto-detects the %j delimiter', async (d) => {
    const { table, report } = await loadOk(['name', 'age', 'city'].join(d) + '\n' + ['Ann', '31', 'Oslo'].join(d) + '\n' + ['Bob', '42', 'Rome'].join(d) + '\n');
    expect(report.delimiter).toBe(d);
    expect(table.columns.map((c) => c.name)).toEqual(['name', 'age', 'city']);
    expect(rows(table)).toEqual([['Ann', 31, 'Oslo'], ['Bob', 42, 'Rome']]);
  });
  it('lets the user override the delimiter and the header', async () => {
    const { table, report } = await loadOk('a;b\n1;2\n', { delimiter: ',', hasHeader: false });
    expect(report).toMatchObject({ delimiter: ',', hasHeader: false, rowCount: 2, columnCount: 1 });
    expect(rows(table)).toEqual([['a;b'], ['1;2']]);
  });
  it('names the columns of a file without a header', async () => {
    const { table, report } = await loadOk('1,2.5,x\n3,4,y\n');
    expect(report.hasHeader).toBe(false);
    expect(table.columns.map((c) => c.name)).toEqual(['column 1', 'column 2', 'column 3']);
    expect(rows(table)).toEqual([[1, 2.5, 'x'], [3, 4, 'y']]);
  });
  it('keeps quoted delimiters, quotes and newlines, with CRLF line endings', async () => {
    const { table } = await loadOk('id,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n');
    expect(rows(table)).toEqual([[1, 'a, b'], [2, 'say "hi"'], [3, 'two\r\nlines']]);
  });
  it('reads missing tokens as missing and switches a column to text on the first non-number', async () => {
    const { table } = await loadOk('a,b,c\n1,NA,x\n,2,\nnull,3,?\n4,-,7\n');
    expect(table.columns.map((c) => c.kind)).toEqual(['number', 'number', 'string']);
    expect(rows(table)).toEqual([[1, null, 'x'], [null, 2, null], [null, 3, null], [4, null, '7']]);
  });
  it('gives the same table for every chunk size (splits inside quotes, CRLF and characters)', async () => {
    const text = 'name,note,n\r\n"Zoë","multi\r\nline, ""quoted""",1\r\n日本,😀,2\r\n"a""b",,3\r\n';
    const expected = rows((await loadOk(text)).table);
    expect(expected).toEqual([['Zoë', 'multi\r\nline, "quoted"', 1], ['日本', '😀', 2], ['a"b', null, 3]]);
    for (let size = 1; size <= 13; size++) expect(rows((await loadOk(text, { chunkBytes: size })).table), `chunk ${size}`).toEqual(expected);
  });
  it('skips blank lines and keeps row numbers as a spreadsheet shows them', async () => {
    const e = await loadErr('a,b\n1,2\n\n3\n');
    expect(e.where?.row).toBe(4);
    const { table } = await loadOk('a,b\n1,2\n\n3,4\n\n');
    expect(table.rowCount).toBe(2);
  });
  it('renames duplicate and empty column names with a warning', async () => {
    const { table, report } = await loadOk('price,price,,x\n1,2,3,4\n');
    expect(table.columns.map((c) => c.name)).toEqual(['price', 'price (2)', 'column 3', 'x']);
    expect(report.renamedColumns).toEqual([{ from: 'price', to: 'price (2)' }, { from: '', to: 'column 3' }]);
    expect(report.warnings.map((w) => w.code)).toContain('renamed-columns');
  });
  it('loads a 100,000-column file quickly', async () => {
    const width = 100_000;
    const header = Array.from({ length: width }, (_, j) => `c${j}`).join(',');
    const line = (r: number) => Array.from({ length: width }, (_, j) => String((j + r) % 97)).join(',');
    const t0 = performance.now();
    const { table, report } = await loadOk(`${header}\n${line(1)}\n${line(2)}\n${line(3)}\n`);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(report).toMatchObject({ columnCount: width, rowCount: 3, hasHeader: true });
    expect(cellValue(table.columns[99_999]!, 2)).toBe((99_999 + 3) % 97);
  });
  it('reports progress with real byte counts and stops when aborted', async () => {
    const text = 'a,b\n' + Array.from({ length: 40_000 }, (_, i) => `${i},x${i % 7}`).join('\n');
    const seen: IngestProgress[] = [];
    await ingest(bytesSource(utf8(text)), { fileName: 'a.csv', chunkBytes: 1 << 16 }, (p) => seen.push(p));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toMatchObject({ bytesRead: text.length, totalBytes: text.length, rows: 40_000 });
    // At least 64 KB apart, except the final report at the end of the file.
    for (let i = 1; i < seen.length - 1; i++) expect(seen[i]!.bytesRead - seen[i - 1]!.bytesRead).toBeGreaterThanOrEqual(1 << 16);
    const abort = new AbortController();
    const r = await ingest(bytesSource(utf8(text)), { fileName: 'a.csv', chunkBytes: 1 << 16 }, () => abort.abort(), abort.signal);
    expect(r.ok || r.error.code).toBe('cancelled');
  });
});

describe('encodings', () => {
  const text = 'name,city\nZoë,Kraków\n';
  it('reads UTF-8 with and without a BOM', async () => {
    for (const bytes of [utf8(text), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)])]) {
      const { table, report } = await loadOk(bytes);
      expect(report.encoding).toBe('utf-8');
      expect(table.columns[0]!.name).toBe('name');
      expect(rows(table)).toEqual([['Zoë', 'Kraków']]);
    }
  });
  it('reads UTF-16 LE and BE with a BOM, in tiny chunks', async () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    for (const [bytes, enc] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      const { table, report } = await loadOk(bytes, { chunkBytes: 3 });
      expect(report.encoding).toBe(enc);
      expect(rows(table)).toEqual([['Zoë', 'Kraków']]);
    }
  });
  it('falls back to Latin-1 with a warning naming the row and the fix', async () => {
    const bytes = new Uint8Array([...utf8('name,n\nAnn,1\nBob,2\n'), ...Buffer.from('Zoë,3\n', 'latin1')]);
    const { table, report } = await loadOk(bytes, { chunkBytes: 4 });
    expect(report.encoding).toBe('latin1');
    expect(rows(table)[2]).toEqual(['Zoë', 3]);
    const w = report.warnings.find((x) => x.code === 'not-utf8');
    expect(w?.where?.row).toBe(4);
    expect(w?.hint).toMatch(/re-save it as UTF-8/);
  });
  it('honours a forced encoding', async () => {
    const { table, report } = await loadOk(new Uint8Array(Buffer.from('a\né\n', 'latin1')), { encoding: 'latin1', hasHeader: true });
    expect(report.encoding).toBe('latin1');
    expect(report.warnings).toEqual([]);
    expect(rows(table)).toEqual([['é']]);
  });
});

describe('bad files', () => {
  it('empty file and whitespace only', async () => {
    expect((await loadErr('')).code).toBe('empty-file');
    expect((await loadErr(' \n\n')).message).toBe('This file is empty.');
  });
  it('header only', async () => {
    const e = await loadErr('name,age\n');
    expect(e.message).toBe('This file has a header row but no data rows.');
    expect(e.hint).toBeTruthy();
  });
  it('binary data and renamed images', async () => {
    expect((await loadErr(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).message).toBe('This is a PNG image, not a CSV or JSON file.');
    expect((await loadErr(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), { fileName: 'book.csv' })).message).toMatch(/ZIP/);
    expect((await loadErr(new Uint8Array([1, 2, 0, 4, 5, 6]))).code).toBe('binary-file');
  });
  it('ragged rows: where, how many, and a message a student reads', async () => {
    const lines = ['a,b,c,d'];
    for (let r = 2; r <= 40; r++) lines.push(r === 17 ? '1,2,3,4,5' : r > 17 && r <= 39 ? '1,2,3' : '1,2,3,4');
    const e = await loadErr(lines.join('\n'));
    expect(e).toMatchObject({ code: 'ragged-rows', count: 23, where: { row: 17 } });
    expect(e.message).toBe('Row 17 has 5 fields, the header has 4 (and 22 more rows have a different count).');
  });
  it('skips ragged rows when asked, and says how many', async () => {
    const { table, report } = await loadOk('a,b\n1,2\n3\n4,5,6\n7,8\n', { skipBadRows: true });
    expect(rows(table)).toEqual([[1, 2], [7, 8]]);
    expect(report.skippedRows).toBe(2);
    expect(report.warnings.find((w) => w.code === 'skipped-rows')?.count).toBe(2);
  });
  it('unterminated quote: names the row where it opened and the column', async () => {
    for (const chunkBytes of [2, 1 << 20]) {
      const r = await load('a,b\n1,2\n3,"open\n5,6\n7,8\n', { chunkBytes });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'unterminated-quote', where: { row: 3, column: 'b' } });
    }
  });
  it('a stray quote inside a quoted field is a warning, not an error', async () => {
    const { report } = await loadOk('a,b\n1,"x"y"\n2,z\n');
    expect(report.warnings.find((w) => w.code === 'stray-quotes')?.where?.row).toBe(2);
  });
});

describe('round trip (property)', () => {
  // Restrictions: at least 2 columns (1 column makes blank rows ambiguous), at least one row,
  // header names unique, non-empty, trimmed; cells are strings that are not missing tokens or
  // numbers (text columns) or finite numbers (number columns); the header is given explicitly
  // since a header of numbers-looking names is legitimately ambiguous.
  const name = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() === s && s.length > 0);
  const text = fc.string({ maxLength: 12 }).filter((s) => s.trim().length > 0 && Number.isNaN(Number(s.trim())) && !/^(na|n\/a|null|nan|\?|-)$/i.test(s.trim()) && !/^\s|\s$/.test(s) && !s.includes('\0'));
  const num = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
  const table = fc
    .uniqueArray(name, { minLength: 2, maxLength: 5 })
    .chain((names) =>
      fc.tuple(
        fc.constant(names),
        fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
        fc.integer({ min: 1, max: 8 }),
      ),
    )
    .chain(([names, numeric, n]) =>
      fc.tuple(
        fc.constant(names),
        fc.tuple(...numeric.map((isNum) => fc.array<string | number>(isNum ? num : text, { minLength: n, maxLength: n }))),
      ),
    );
  it('Papa.unparse → ingest gives back every cell', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom(',', ';', '\t', '|'), fc.integer({ min: 1, max: 64 }), async ([names, cols], delimiter, chunkBytes) => {
        const n = cols[0]!.length;
        const data = Array.from({ length: n }, (_, i) => cols.map((c) => c[i]!));
        const csv = Papa.unparse({ fields: names, data }, { delimiter, newline: '\n' });
        const { table: t } = await loadOk(csv, { hasHeader: true, delimiter, chunkBytes });
        expect(t.columns.map((c) => c.name)).toEqual(names);
        expect(rows(t)).toEqual(data.map((r) => r.map((v) => (typeof v === 'number' ? (Object.is(v, -0) ? 0 : v) : v))));
      }),
      { numRuns: 150 },
    );
  });
});
