import { describe, expect, it } from 'vitest';
import { ctxOf, columnValues, runOp } from './test-utils';
import { guessNumberStyle, readWrittenNumber, writtenNumbers } from './written-numbers';
import { ingest } from '../data/ingest';
import { bytesSource } from '../data/byte-source';
import { inferSchema } from '../data/infer-type';

describe('reading written numbers', () => {
  it('each style reads its own writing, and refuses groups that are not of three digits', () => {
    expect(readWrittenNumber('1,234,567.25', '1,234.5')).toBe(1234567.25);
    expect(readWrittenNumber(' -1,234 ', '1,234.5')).toBe(-1234);
    expect(readWrittenNumber('1.234.567,25', '1.234,5')).toBe(1234567.25);
    expect(readWrittenNumber('0,5', '1.234,5')).toBe(0.5);
    expect(readWrittenNumber('1 234 567,25', '1 234,5')).toBe(1234567.25);
    expect(readWrittenNumber('1\u00a0234,5', '1 234,5')).toBe(1234.5); // no-break space, as French spreadsheets write
    expect(readWrittenNumber("1'234,5", '1 234,5')).toBe(1234.5);
    expect(readWrittenNumber('12', '1.234,5')).toBe(12);
    // The other styles' writing is refused, not misread (1.234,5 is not 1.2345 in English).
    expect(readWrittenNumber('1.234,5', '1,234.5')).toBeNull();
    expect(readWrittenNumber('1,234.5', '1.234,5')).toBeNull();
    expect(readWrittenNumber('12,34.5', '1,234.5')).toBeNull();
    expect(readWrittenNumber('1.5', '1.234,5')).toBeNull();
    expect(readWrittenNumber('', '1,234.5')).toBeNull();
    expect(readWrittenNumber('1e5', '1,234.5')).toBeNull();
  });
  it('guesses the style that reads the most values; English where they read alike', () => {
    expect(guessNumberStyle(['1.234,5', '2.000', '17'])).toBe('1.234,5');
    expect(guessNumberStyle(['1,234.5', '2,000', '17'])).toBe('1,234.5');
    expect(guessNumberStyle(['1 234,5', '999,99'])).toBe('1 234,5');
    expect(guessNumberStyle(['0,5', '2,25'])).toBe('1.234,5');
    expect(guessNumberStyle(['1,234', '5,678'])).toBe('1,234.5');
  });
});

describe('written-numbers step', () => {
  it('turns a German price column into numbers; missing stays missing, the rest is reported', () => {
    const ctx = ctxOf(['price'], [['1.234,5'], ['12'], ['NA'], [null], ['0,99'], ['zwölf'], ['2.000']]);
    const r = runOp(writtenNumbers, { column: 'price', style: 'auto' }, ctx);
    expect(r.fitted).toEqual({ style: '1.234,5' });
    expect(r.table.columns[0]!.kind).toBe('number');
    expect(columnValues(r.table, 'price')).toEqual([1234.5, 12, null, null, 0.99, null, 2000]);
    expect(r.schema[0]).toMatchObject({ name: 'price', override: 'numeric' });
    expect(r.changed).toEqual({ columns: 1, cells: 4 });
    expect(r.problems.map((p) => p.code)).toEqual(['number-style', 'unparseable-numbers']);
    expect(r.problems[0]!.message).toBe('Read "price" as numbers written with a decimal comma and thousands points (1.234,5).');
    expect(r.problems[1]).toMatchObject({ count: 1, where: { row: 6, column: 'price' } });
  });
  it('later data is read with the style fitted on the training rows, not guessed again', () => {
    const train = ctxOf(['v'], [['1.234,5'], ['0,5']]);
    const fitted = writtenNumbers.fit!({ column: 'v', style: 'auto' }, train);
    // Alone, "1,234" would be guessed English (1234); read with the fitted style it is 1.234.
    const later = ctxOf(['v'], [['1,234'], ['3']]);
    expect(columnValues(writtenNumbers.apply({ column: 'v', style: 'auto' }, fitted, later).table, 'v')).toEqual([1.234, 3]);
  });
  it('a chosen style is used as chosen, and a number column is refused with a message', () => {
    const r = runOp(writtenNumbers, { column: 'v', style: '1,234.5' }, ctxOf(['v'], [['1,234'], ['5,678.5']]));
    expect(columnValues(r.table, 'v')).toEqual([1234, 5678.5]);
    expect(r.problems).toEqual([]);
    expect(writtenNumbers.validate({ column: 'n', style: 'auto' }, ctxOf(['n'], [[1], [2]]))?.message).toBe('"n" already holds numbers');
    expect(writtenNumbers.validate({ column: 'gone', style: 'auto' }, ctxOf(['n'], [[1]]))).not.toBeNull();
  });
  it('reads the column the file reader flagged with its separated-numbers hint', async () => {
    const r = await ingest(bytesSource(new TextEncoder().encode('Preis;Menge\n1.234,50;3\n999,99;1\n12,00;2\n')), { fileName: 'd.csv' });
    expect(r.ok && r.value.report.warnings.map((w) => w.code)).toContain('separated-numbers');
    if (!r.ok) return;
    const table = r.value.table;
    const out = runOp(writtenNumbers, { column: 'Preis', style: 'auto' }, { table, schema: inferSchema(table) });
    expect(columnValues(out.table, 'Preis')).toEqual([1234.5, 999.99, 12]);
  });
});
