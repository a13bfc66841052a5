import { describe, expect, it } from 'vitest';
import { ctxOf, columnValues, runOp } from './test-utils';
import { changeType } from './change-type';
import { filterRowsOp } from './filter-rows';
import { mapValues } from './map-values';
import { normalizeCategories, normalizeText } from './normalize-categories';
import type { StringColumn } from '../data/table';

describe('change-type', () => {
  it('text → numeric: unparseable cells become missing, reported with count and first row', () => {
    const ctx = ctxOf(['a'], [['1'], ['x'], ['2.5'], ['NA'], ['y']]);
    const r = runOp(changeType, { column: 'a', to: 'numeric' }, ctx);
    expect(r.table.columns[0]!.kind).toBe('number');
    expect(columnValues(r.table, 'a')).toEqual([1, null, 2.5, null, null]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'unparseable-numbers', count: 2, where: { row: 2, column: 'a' } });
    expect(r.problems[0]!.message).toContain('"x"');
    expect(r.schema[0]).toEqual({ name: 'a', inferred: 'categorical', override: 'numeric' });
    expect(r.changed).toEqual({ columns: 1, cells: 2 });
  });
  it('yes/no → numeric gives 1/0', () => {
    const r = runOp(changeType, { column: 'a', to: 'numeric' }, ctxOf(['a'], [['yes'], ['No'], [null]]));
    expect(columnValues(r.table, 'a')).toEqual([1, 0, null]);
    expect(r.problems).toEqual([]);
  });
  it('numeric → categorical makes strings', () => {
    const r = runOp(changeType, { column: 'a', to: 'categorical' }, ctxOf(['a'], [[1], [2.5], [null], [1]]));
    const col = r.table.columns[0] as StringColumn;
    expect(col.kind).toBe('string');
    expect(col.dict).toEqual(['1', '2.5']);
    expect(columnValues(r.table, 'a')).toEqual(['1', '2.5', null, '1']);
    expect(r.schema[0]!.override).toBe('categorical');
  });
  it('numeric → boolean keeps the numbers', () => {
    const ctx = ctxOf(['a'], [[1], [0]]);
    const r = runOp(changeType, { column: 'a', to: 'boolean' }, ctx);
    expect(r.table.columns[0]).toBe(ctx.table.columns[0]);
    expect(r.schema[0]!.override).toBe('boolean');
  });
});

describe('filter-rows', () => {
  const ctx = ctxOf(['age', 'city'], [[10, 'Paris'], [20, 'paris'], [null, 'Lyon'], [40, null], [30, 'Nice']]);
  const keep = (operator: string, column: string, value?: string | number) =>
    columnValues(runOp(filterRowsOp, { column, operator: operator as never, value: value ?? null }, ctx).table, 'age');
  it('compares numbers', () => {
    expect(keep('>', 'age', 15)).toEqual([20, 40, 30]);
    expect(keep('>=', 'age', '20')).toEqual([20, 40, 30]);
    expect(keep('<', 'age', 20)).toEqual([10]);
    expect(keep('<=', 'age', 20)).toEqual([10, 20]);
    expect(keep('==', 'age', 30)).toEqual([30]);
    expect(keep('!=', 'age', 30)).toEqual([10, 20, 40]);
  });
  it('compares text; contains ignores case; missing matches only "is missing"', () => {
    expect(keep('==', 'city', 'Paris')).toEqual([10]);
    expect(keep('contains', 'city', 'PAR')).toEqual([10, 20]);
    expect(keep('is missing', 'city')).toEqual([40]);
    expect(keep('is not missing', 'age')).toEqual([10, 20, 40, 30]);
    expect(keep('is missing', 'age')).toEqual([null]);
  });
  it('counts removed rows and validates', () => {
    expect(runOp(filterRowsOp, { column: 'age', operator: '>', value: 15 }, ctx).changed).toEqual({ rows: 2 });
    expect(filterRowsOp.validate({ column: 'age', operator: '>', value: 'abc' }, ctx)).not.toBeNull();
    expect(filterRowsOp.validate({ column: 'age', operator: '>' }, ctx)).not.toBeNull();
    expect(filterRowsOp.describe({ column: 'age', operator: '>', value: 15 })).toBe('Keep rows where age > 15');
  });
});

describe('map-values', () => {
  it('merges several values into one and keeps the dictionary compact', () => {
    const ctx = ctxOf(['c'], [['NY'], ['New York'], ['Boston'], ['nyc'], [null]]);
    const r = runOp(mapValues, { column: 'c', mapping: { NY: 'New York', nyc: 'New York' } }, ctx);
    expect(columnValues(r.table, 'c')).toEqual(['New York', 'New York', 'Boston', 'New York', null]);
    expect((r.table.columns[0] as StringColumn).dict).toEqual(['New York', 'Boston']);
    expect(r.changed).toEqual({ cells: 2 });
  });
  it('maps to missing with an empty string', () => {
    const r = runOp(mapValues, { column: 'c', mapping: { unknown: '' } }, ctxOf(['c'], [['a'], ['unknown']]));
    expect(columnValues(r.table, 'c')).toEqual(['a', null]);
  });
  it('numbers → numbers stay numeric; numbers → words become categorical', () => {
    const ctx = ctxOf(['n'], [[1], [2], [3], [null]]);
    const a = runOp(mapValues, { column: 'n', mapping: { '3': '2' } }, ctx);
    expect(columnValues(a.table, 'n')).toEqual([1, 2, 2, null]);
    const b = runOp(mapValues, { column: 'n', mapping: { '1': 'low', '2': 'low' } }, ctx);
    expect(columnValues(b.table, 'n')).toEqual(['low', 'low', '3', null]);
    expect(b.schema[0]!.override).toBe('categorical');
    expect(b.changed.cells).toBe(2);
  });
});

describe('normalize-categories', () => {
  it('trims, collapses spaces and changes case, merging categories', () => {
    const ctx = ctxOf(['c', 'n'], [[' paris', 1], ['PARIS ', 2], ['Paris', 3], ['new  york', 4], ['  ', 5], ['NA', 6]]);
    const r = runOp(normalizeCategories, { columns: ['c'], trim: true, case: 'title' }, ctx);
    // Missing tokens ('  ', NA) are left as they are: they already read as missing.
    expect(columnValues(r.table, 'c')).toEqual(['Paris', 'Paris', 'Paris', 'New York', '  ', 'NA']);
    expect((r.table.columns[0] as StringColumn).dict.slice(0, 2)).toEqual(['Paris', 'New York']);
    expect(r.changed).toEqual({ cells: 3 });
    expect(normalizeCategories.validate({ columns: ['n'], trim: true, case: 'none' }, ctx)).not.toBeNull();
  });
  it('normalizeText', () => {
    expect(normalizeText(' a B ', true, 'lower')).toBe('a b');
    expect(normalizeText(' a B ', false, 'upper')).toBe(' A B ');
    expect(normalizeText("o'neil-smith jr", false, 'title')).toBe("O'neil-Smith Jr");
  });
});
