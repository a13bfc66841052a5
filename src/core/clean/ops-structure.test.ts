import { describe, expect, it } from 'vitest';
import { ctxOf, columnValues, runOp } from './test-utils';
import { dropColumns } from './drop-columns';
import { dropMissingRows } from './drop-missing-rows';
import { removeDuplicates } from './remove-duplicates';
import { renameColumn } from './rename-column';

describe('drop-columns', () => {
  const ctx = ctxOf(['a', 'b', 'c'], [[1, 'x', 2], [3, 'y', 4]]);
  it('removes columns from table and schema', () => {
    const r = runOp(dropColumns, { columns: ['a', 'c'] }, ctx);
    expect(r.table.columns.map((c) => c.name)).toEqual(['b']);
    expect(r.schema.map((c) => c.name)).toEqual(['b']);
    expect(r.changed).toEqual({ columns: 2 });
    expect(ctx.table.columns).toHaveLength(3);
  });
  it('reports a column that does not exist', () => {
    expect(dropColumns.validate({ columns: ['zzz'] }, ctx)).toMatchObject({ code: 'missing-column', where: { column: 'zzz' } });
    expect(dropColumns.validate({ columns: [] }, ctx)).not.toBeNull();
    expect(dropColumns.describe({ columns: ['a', 'c'] })).toBe('Drop a, c');
  });
});

describe('drop-missing-rows', () => {
  const ctx = ctxOf(['a', 'b'], [[1, 'x'], [null, 'y'], [3, 'NA'], [4, 'z'], [5, '']]);
  it('drops rows missing any column when no column is given', () => {
    const r = runOp(dropMissingRows, { columns: [] }, ctx);
    expect(columnValues(r.table, 'a')).toEqual([1, 4]);
    expect(r.changed).toEqual({ rows: 3 });
  });
  it('only looks at the chosen columns', () => {
    const r = runOp(dropMissingRows, { columns: ['a'] }, ctx);
    expect(columnValues(r.table, 'a')).toEqual([1, 3, 4, 5]);
    expect(r.changed.rows).toBe(1);
  });
  it('is a row filter', () => expect(dropMissingRows.rowFilter).toBe(true));
});

describe('remove-duplicates', () => {
  const ctx = ctxOf(['a', 'b'], [[1, 'x'], [1, 'y'], [1, 'x'], [2, 'x'], [1, 'y']]);
  it('keeps the first of identical rows', () => {
    const r = runOp(removeDuplicates, { columns: [] }, ctx);
    expect(columnValues(r.table, 'b')).toEqual(['x', 'y', 'x']);
    expect(columnValues(r.table, 'a')).toEqual([1, 1, 2]);
    expect(r.changed).toEqual({ rows: 2 });
  });
  it('compares only the chosen columns', () => {
    const r = runOp(removeDuplicates, { columns: ['a'] }, ctx);
    expect(columnValues(r.table, 'a')).toEqual([1, 2]);
    expect(columnValues(r.table, 'b')).toEqual(['x', 'x']);
  });
});

describe('rename-column', () => {
  const ctx = ctxOf(['a', 'b'], [[1, 'x']]);
  it('renames table column and schema entry', () => {
    const r = runOp(renameColumn, { from: 'a', to: 'age' }, ctx);
    expect(r.table.columns.map((c) => c.name)).toEqual(['age', 'b']);
    expect(r.schema.map((c) => c.name)).toEqual(['age', 'b']);
    expect(columnValues(r.table, 'age')).toEqual([1]);
  });
  it('refuses a name another column has, and empty names', () => {
    expect(renameColumn.validate({ from: 'a', to: 'b' }, ctx)).toMatchObject({ code: 'duplicate-column' });
    expect(renameColumn.validate({ from: 'a', to: '  ' }, ctx)).not.toBeNull();
    expect(renameColumn.validate({ from: 'q', to: 'z' }, ctx)).toMatchObject({ code: 'missing-column' });
  });
});
