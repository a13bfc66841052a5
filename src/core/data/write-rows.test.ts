import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { bytesSource, ingest } from './ingest';
import { cellText, isMissingToken, numberColumn, stringColumn, type Table } from './table';
import { csvField, jsonlLine, tableText } from './write-rows';
import { defuseFormula } from './csv-cell';

const text = (t: Table, format: 'csv' | 'jsonl', rows = Array.from({ length: t.rowCount }, (_, i) => i)) => [...tableText(t, rows, format)].join('');

// Cells a CSV can carry faithfully: any text but the missing tokens ('' and NA read as missing by design).
const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', ';', '\t', 'é', '😀', "'", '=', '1'), maxLength: 8 }).filter((s) => !isMissingToken(s));
const name = fc.string({ unit: fc.constantFrom('x', 'y', ' ', ',', '"', '\n', 'é'), minLength: 1, maxLength: 5 }).filter((s) => s.trim() !== '');

const tableOf = (nameArb: fc.Arbitrary<string>) => fc
  .record({
    names: fc.uniqueArray(nameArb, { minLength: 2, maxLength: 4, selector: (s) => s.trim() }),
    n: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ names, n }) =>
    fc.record({
      strings: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: names.length - 1, maxLength: names.length - 1 }),
      numbers: fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { minLength: n, maxLength: n }),
      names: fc.constant(names),
      n: fc.constant(n),
    }),
  )
  .map(({ strings, numbers, names, n }): Table => ({
    rowCount: n,
    columns: [numberColumn(names[0]!, numbers), ...strings.map((vals, i) => stringColumn(names[i + 1]!, vals))],
  }));
const tableArb = tableOf(name);
// The studio's reader tidies header names (trims them, turns line breaks into spaces): names it keeps as they are.
const studioTableArb = tableOf(name.filter((s) => s === s.trim() && !/[\r\n]/.test(s)));

const readsAsNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));

describe('CSV writer', () => {
  it('quotes what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('=1+1')).toBe("'=1+1"); // a formula start is defused (csv-cell.ts)
    expect(csvField('-1.5')).toBe('-1.5');
  });

  // Text cells come back as written: defused when a spreadsheet would run them (csv-cell.ts), else as they were.
  it('round-trips any table through papaparse, cell for cell', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const parsed = Papa.parse<string[]>(text(t, 'csv'), { header: false, skipEmptyLines: false, newline: '\r\n', delimiter: ',' });
        const rows = parsed.data.slice(0, -1); // the last line ends with \r\n
        expect(rows[0]).toEqual(t.columns.map((c) => defuseFormula(c.name)));
        for (let r = 0; r < t.rowCount; r++) expect(rows[r + 1]).toEqual(t.columns.map((c) => (c.kind === 'number' ? String(Object.is(c.values[r], -0) ? 0 : c.values[r]) : defuseFormula(cellText(c, r)))));
      }),
      { numRuns: 150 },
    );
  });

  it("round-trips any table through the studio's own CSV reader", async () => {
    await fc.assert(
      fc.asyncProperty(studioTableArb, async (t) => {
        const res = await ingest(bytesSource(new TextEncoder().encode(text(t, 'csv'))), { fileName: 'x.csv', format: 'csv', delimiter: ',' });
        if (!res.ok) throw new Error(res.error.message);
        const back = res.value.table;
        expect(back.rowCount).toBe(t.rowCount);
        expect(back.columns.map((c) => c.name)).toEqual(t.columns.map((c) => defuseFormula(c.name)));
        t.columns.forEach((c, j) => {
          const b = back.columns[j]!;
          for (let r = 0; r < t.rowCount; r++) {
            if (c.kind === 'number') expect(b.kind === 'number' ? b.values[r] : Number(cellText(b, r))).toBe(c.values[r] === 0 ? 0 : c.values[r]);
            // The reader types a column by its values: cells that read as numbers ("1", "1\r") are
            // numbers until a text cell turns the column to text, when they become their String()
            // form (documented in column-builder.ts). Such cells compare as numbers.
            else if (b.kind === 'number' || readsAsNumber(defuseFormula(cellText(c, r)))) expect(Number(b.kind === 'number' ? b.values[r] : cellText(b, r))).toBe(Number(defuseFormula(cellText(c, r))));
            else expect(cellText(b, r)).toBe(defuseFormula(cellText(c, r)));
          }
        });
      }),
      { numRuns: 80 },
    );
  });
});

describe('JSONL writer', () => {
  it('writes one parseable object per row with the column names as keys, missing as null', () => {
    const t: Table = { rowCount: 2, columns: [numberColumn('__proto__', [1, null]), stringColumn('b', ['x "y"\n', null])] };
    const lines = text(t, 'jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.hasOwn(lines[0]!, '__proto__') && lines[0]!['__proto__']).toBe(1);
    expect(lines[0]!.b).toBe('x "y"\n');
    expect(lines[1]).toEqual(JSON.parse('{"__proto__":null,"b":null}'));
    expect(jsonlLine(['v'], [Infinity])).toBe('{"v":null}\n');
  });
});
