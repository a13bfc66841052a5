/**
 * Many short rows streamed through the ingest (issue 13): a CSV made on the fly, slice by slice
 * as the worker reads a File, never held whole. CI reads 1,000,000 rows (13 MB); the 10,000,000-row
 * version is `npm run bench -- reliability` (`reliability-10m-rows`). No timing is asserted: the
 * test's timeout is the hang bound.
 */
import { describe, expect, it } from 'vitest';
import { ingest, type IngestProgress } from './ingest';
import { cellValue } from './table';
import { SHORT_ROW_BYTES, SHORT_ROWS_HEADER, shortRow, shortRowsSource } from './short-rows-source';

const ROWS = Number(process.env.SHORT_ROWS ?? 1_000_000);

describe('the generated source', () => {
  it('gives the same bytes whatever the slices', async () => {
    const source = shortRowsSource(30);
    const whole = await source.read(0, source.size);
    expect(new TextDecoder().decode(whole.subarray(0, SHORT_ROWS_HEADER.length + 2 * SHORT_ROW_BYTES))).toBe('id,k,c\n00000000,0,a\n00000001,1,b\n');
    for (const cut of [1, 5, 13, 17, 100]) {
      const parts: number[] = [];
      for (let o = 0; o < source.size; o += cut) parts.push(...(await source.read(o, o + cut)));
      expect(parts).toEqual([...whole]);
    }
  });
});

describe(`${ROWS.toLocaleString('en')} short rows streamed`, () => {
  it('load as a table with every row, read in slices with progress to the end', async () => {
    const source = shortRowsSource(ROWS);
    let last: IngestProgress | undefined;
    const r = await ingest(source, { fileName: 'rows.csv' }, (p) => (last = p));
    if (!r.ok) throw new Error(r.error.message);
    const { table, report } = r.value;
    expect(report.rowCount).toBe(ROWS);
    expect(report.skippedRows).toBe(0);
    expect(table.rowCount).toBe(ROWS);
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([['id', 'number'], ['k', 'number'], ['c', 'string']]);
    for (const i of [0, 1, 65_535, 65_536, Math.floor(ROWS / 3), ROWS - 1]) {
      expect(table.columns.map((c) => cellValue(c, i)), `row ${i}`).toEqual(shortRow(i));
    }
    let sumK = 0;
    for (let i = 0; i < ROWS; i++) sumK += cellValue(table.columns[1]!, i) as number;
    expect(sumK).toBe(45 * Math.floor(ROWS / 10) + ((ROWS % 10) * ((ROWS % 10) - 1)) / 2);
    expect(last?.bytesRead).toBe(source.size);
  }, 300_000);
});
