import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { CsvScanner, type CsvRecord } from './csv-scan';
import { papaparseTokenizer } from './csv-papaparse';
import { bytesSource, ingest, type IngestOptions, type IngestResult } from './ingest';
import { cellValue } from './table';
import type { Delimiter, Newline } from './delimiter';

/** Every record's fields as strings, the stray-quote count and the unterminated flag. */
function scan(text: string, delimiter: Delimiter = ',', newline: Newline = '\n'): { rows: string[][]; stray: number; unterminated: number } {
  const rows: string[][] = [];
  let stray = 0;
  let unterminated = 0;
  const s = new CsvScanner(delimiter, newline, (r: CsvRecord) => {
    rows.push(Array.from({ length: r.n }, (_, j) => r.values[j] ?? r.text.substring(r.starts[j]!, r.ends[j]!)));
    stray += r.stray;
    if (r.unterminated) unterminated++;
  });
  s.parse(text, 0, false);
  return { rows, stray, unterminated };
}

function papa(text: string, delimiter: Delimiter = ',', newline: Newline = '\n') {
  const res = Papa.parse<string[]>(text, { delimiter, newline });
  return {
    rows: res.data,
    stray: res.errors.filter((e) => e.code === 'InvalidQuotes').length,
    unterminated: res.errors.filter((e) => e.code === 'MissingQuotes').length,
  };
}

describe('CsvScanner', () => {
  it('splits fields and records, with quotes, escaped quotes and line breaks inside quotes', () => {
    expect(scan('a,b\n1,"x, ""y""\nz"\n').rows).toEqual([['a', 'b'], ['1', 'x, "y"\nz'], ['']]);
  });
  it('keeps a quote inside an unquoted field as text', () => {
    expect(scan('ab"c,d').rows).toEqual([['ab"c', 'd']]);
  });
  it('counts a stray quote and keeps the text around it, as papaparse does', () => {
    const text = '"ab"c,d\n';
    expect(scan(text)).toEqual(papa(text));
    expect(scan(text).stray).toBe(1);
  });
  it('allows spaces between a closing quote and the delimiter', () => {
    const text = '"a"  ,b\n"c" \n';
    expect(scan(text)).toEqual(papa(text));
  });
  it('reads an unterminated quote as the rest of the input', () => {
    expect(scan('a,"bc\nd')).toEqual({ rows: [['a', 'bc\nd']], stray: 0, unterminated: 1 });
  });
  it('honours the newline it is given: other line breaks are text', () => {
    expect(scan('a\nb\r\nc', ',', '\r\n').rows).toEqual([['a\nb'], ['c']]);
    expect(scan('a\rb\nc', ',', '\r').rows).toEqual([['a'], ['b\nc']]);
  });
  it('leaves an incomplete last record unread while more input follows', () => {
    const rows: number[] = [];
    const s = new CsvScanner(',', '\n', (r) => rows.push(r.n));
    expect(s.parse('a,b\nc,"d\n', 0, true)).toBe(4);
    expect(s.parse('a,b\nc,d', 0, true)).toBe(4);
    expect(s.parse('a,b\n', 0, true)).toBe(4);
    expect(rows).toEqual([2, 2, 2]);
  });

  // Fields from an alphabet of the characters that matter to a CSV reader.
  const cell = fc.oneof(
    fc.stringMatching(/^[a1 ."\-,;\t|\r\nNé]{0,6}$/),
    fc.stringMatching(/^[a1 .,;\t|\r\nNé]{0,5}$/).map((s) => `"${s}"`),
    fc.stringMatching(/^[a1 ",\r\n]{0,5}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
  );
  const dialect = fc.record({
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
    newline: fc.constantFrom<Newline>('\n', '\r\n', '\r'),
  });
  const csvText = (d: Delimiter, nl: Newline) =>
    fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }).map((r) => r.join(d)), { maxLength: 6 }).chain((rows) =>
      fc.boolean().map((trailing) => rows.join(nl) + (trailing && rows.length > 0 ? nl : '')),
    );

  it('agrees with papaparse on fields, stray and unterminated quotes (property)', () => {
    fc.assert(
      fc.property(
        dialect.chain(({ delimiter, newline }) => csvText(delimiter, newline).map((text) => ({ text, delimiter, newline }))),
        ({ text, delimiter, newline }) => {
          expect(scan(text, delimiter, newline)).toEqual(papa(text, delimiter, newline));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/** What a user sees of an ingest: the table's cells, or the problem; and the report. */
function outcome(r: IngestResult) {
  if (!r.ok) return { error: r.error };
  const { table, report } = r.value;
  return {
    columns: table.columns.map((c) => ({ name: c.name, kind: c.kind, cells: Array.from({ length: table.rowCount }, (_, i) => cellValue(c, i)) })),
    report,
  };
}

async function both(text: string, options: Partial<IngestOptions>, chunkBytes: number) {
  const bytes = new TextEncoder().encode(text);
  const base = { fileName: 'data.csv', ...options, chunkBytes };
  const ours = outcome(await ingest(bytesSource(bytes), base));
  const reference = outcome(await ingest(bytesSource(bytes), { ...base, csvTokenizer: papaparseTokenizer }));
  return { ours, reference };
}

describe('CSV ingest with csv-scan.ts and with papaparse', () => {
  const cell = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(fc.integer({ min: -999, max: 99999 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)) },
    { weight: 2, arbitrary: fc.constantFrom('', 'NA', 'n/a', ' null ', '?', '-', 'NaN', 'no', 'nan1', '007', '1e5', '.5', '5.', '+3', '0x1F', ' 4 ', '1,5', 'Infinity') },
    { weight: 3, arbitrary: fc.stringMatching(/^[a-c1 é"\n,]{0,14}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-c1 ,\n]{0,20}$/).map((s) => `"${s}"`) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a" ,]{0,20}$/).map((s) => `"${s.replace(/"/g, '""')}"`) },
  );
  const table = fc
    .record({ width: fc.integer({ min: 1, max: 5 }), rows: fc.integer({ min: 0, max: 12 }), ragged: fc.boolean() })
    .chain(({ width, rows, ragged }) =>
      fc.array(fc.array(cell, { minLength: ragged ? 1 : width, maxLength: ragged ? width + 1 : width }), { minLength: rows, maxLength: rows }),
    );
  const options = fc.record({
    delimiter: fc.constantFrom<Delimiter | undefined>(undefined, ','),
    hasHeader: fc.constantFrom<boolean | undefined>(undefined, true, false),
    skipBadRows: fc.boolean(),
  });

  it('give the same table, report and problems on generated files, at any chunk size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        options,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (rows, opts, nl, trailing, chunkBytes) => {
          const text = rows.map((r) => r.join(',')).join(nl) + (trailing ? nl : '');
          const { ours, reference } = await both(text, opts, chunkBytes);
          expect(ours).toEqual(reference);
          // And chunk size changes nothing.
          const whole = await both(text, opts, 1 << 20);
          expect(whole.ours).toEqual(ours);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agree on Latin-1, UTF-16 and BOM files', async () => {
    const text = 'name;city\nJosé;Zürich\n"a ""b""";ü\n';
    for (const bytes of [
      Uint8Array.from([...text].map((c) => c.charCodeAt(0))),
      Uint8Array.from([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0), 0])]),
      Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]),
    ]) {
      for (const chunkBytes of [3, 7, 1 << 20]) {
        const ours = outcome(await ingest(bytesSource(bytes), { fileName: 'x.csv', chunkBytes }));
        const reference = outcome(await ingest(bytesSource(bytes), { fileName: 'x.csv', chunkBytes, csvTokenizer: papaparseTokenizer }));
        expect(ours).toEqual(reference);
        expect(ours.columns?.[0]?.cells).toEqual(['José', 'a "b"']);
      }
    }
  });
});
