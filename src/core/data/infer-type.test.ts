import { describe, expect, it } from 'vitest';
import { inferColumnType, inferSchema, nameLooksLikeId, parseDate, parseNumber } from './infer-type';
import { numberColumn, stringColumn, tableFromRows, type Column } from './table';

const infer = (col: Column) => inferColumnType(col, col.kind === 'number' ? col.values.length : col.codes.length);
const nums = (name: string, xs: (number | null)[]) => infer(numberColumn(name, xs));
const strs = (name: string, xs: (string | null)[]) => infer(stringColumn(name, xs));
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe('inferColumnType', () => {
  it('numeric: decimals, and few distinct whole numbers stay numeric', () => {
    expect(nums('price', [1.5, 2.25, null, 3])).toBe('numeric');
    expect(nums('rooms', [1, 2, 3, 2, 1, 3, 3])).toBe('numeric');
    expect(strs('price', ['1.5', '2', ' 3e2 ', 'NA'])).toBe('numeric');
  });
  it('boolean: 0/1 numbers and word pairs in any case', () => {
    expect(nums('survived', [0, 1, 1, 0, null])).toBe('boolean');
    expect(strs('smoker', ['yes', 'no', 'Yes', null])).toBe('boolean');
    expect(strs('flag', ['TRUE', 'FALSE', 'true'])).toBe('boolean');
    expect(strs('f', ['y', 'n'])).toBe('boolean');
    expect(strs('f', ['T', 'F', 'F'])).toBe('boolean');
    expect(strs('f', ['1', '0', '0'])).toBe('boolean');
    expect(strs('f', ['yes', 'maybe'])).toBe('categorical');
    expect(nums('f', [1, 1, 1])).toBe('numeric');
  });
  it('date: ISO, datetimes, d/m/y and m/d/y, named months; plain numbers never', () => {
    expect(strs('d', ['2024-01-05', '2024-02-29', '2023-12-31T23:59:00Z', null])).toBe('date');
    expect(strs('d', ['05/01/2024', '31/12/2023', '1/2/24'])).toBe('date');
    expect(strs('d', ['12/31/2023', '01/05/2024'])).toBe('date');
    expect(strs('d', ['5 Mar 2024', 'Mar 5, 2024', 'March 5, 2024'])).toBe('date');
    expect(strs('d', ['20240101', '20240102'])).toBe('numeric');
    expect(nums('year', [2020, 2021, 2019])).toBe('numeric');
    expect(strs('d', ['2024-13-01', '2024-02-30'])).toBe('categorical');
  });
  it('date needs most values to parse', () => {
    const mostly = [...range(19, (i) => `2024-01-${String(i + 1).padStart(2, '0')}`), 'unknown'];
    expect(strs('d', mostly)).toBe('date');
    expect(strs('d', ['2024-01-01', 'soon', 'later', 'never'])).toBe('categorical');
  });
  it('identifier: id-like names with unique values, integer sequences, unique short strings', () => {
    expect(nums('PassengerId', [3, 1, 2])).toBe('identifier');
    expect(nums('customer_id', [10, 20, 30])).toBe('identifier');
    expect(nums('customer_id', [10, 10, 30])).toBe('numeric');
    expect(nums('row', range(30, (i) => String(i + 1)).map(Number))).toBe('identifier');
    expect(nums('age', [30, 31, 32])).toBe('numeric');
    expect(strs('uuid', ['a1', 'b2', 'c3'])).toBe('identifier');
    expect(strs('code', range(25, (i) => `X-${i * 7}`))).toBe('identifier');
    expect(strs('Name', range(25, (i) => `Person ${i}`))).toBe('identifier');
  });
  it('text: long, many-word, mostly distinct strings', () => {
    const reviews = range(10, (i) => `This is review number ${i} and it says the product was quite good overall`);
    expect(strs('review', reviews)).toBe('text');
  });
  it('categorical otherwise; all-missing columns are categorical or numeric', () => {
    expect(strs('color', ['red', 'blue', 'red', 'green'])).toBe('categorical');
    expect(strs('s', ['NA', '', null])).toBe('categorical');
    expect(nums('n', [null, null])).toBe('numeric');
  });
  it('inferSchema names every column', () => {
    const t = tableFromRows(['id', 'color', 'x'], [[1, 'red', 1.5], [2, 'blue', 2.5]]);
    expect(inferSchema(t)).toEqual([
      { name: 'id', inferred: 'identifier' },
      { name: 'color', inferred: 'categorical' },
      { name: 'x', inferred: 'numeric' },
    ]);
  });
});

describe('parsers', () => {
  it('parseNumber is strict', () => {
    expect(parseNumber(' 1.5 ')).toBe(1.5);
    expect(parseNumber('-3e2')).toBe(-300);
    expect(parseNumber('.5')).toBe(0.5);
    for (const bad of ['', 'abc', '0x10', 'Infinity', '1,000', '1.2.3']) expect(parseNumber(bad)).toBeNull();
  });
  it('parseDate reads d/m/y first and rejects impossible dates', () => {
    expect(parseDate('2024-03-05')).toBe(Date.UTC(2024, 2, 5));
    expect(parseDate('05/03/2024')).toBe(Date.UTC(2024, 2, 5));
    expect(parseDate('12/31/2024')).toBe(Date.UTC(2024, 11, 31));
    expect(parseDate('2024-03-05 14:30:15')).toBe(Date.UTC(2024, 2, 5, 14, 30, 15));
    expect(parseDate('31/31/2024')).toBeNull();
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('123456')).toBeNull();
  });
  it('nameLooksLikeId', () => {
    for (const n of ['id', 'ID', 'user_id', 'userId', 'PassengerId', 'uuid', 'key', 'order no']) expect(nameLooksLikeId(n)).toBe(true);
    for (const n of ['paid', 'valid', 'width', 'monkey', 'idea']) expect(nameLooksLikeId(n)).toBe(false);
  });
});
