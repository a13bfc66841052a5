import { describe, expect, it } from 'vitest';
import { inferSchema } from './infer-type';
import { missingCount, profileColumn, profileTable } from './profile';
import { numberColumn, stringColumn, tableBytes, tableFromRows, type Table } from './table';

describe('profileColumn', () => {
  it('numeric: missing, distinct, stats, quartiles and a histogram', () => {
    const p = profileColumn(numberColumn('x', [1, 2, null, 3, 4, NaN]), 'numeric');
    expect(p).toMatchObject({ name: 'x', type: 'numeric', rows: 6, missing: 2, distinct: 4 });
    expect(p.numeric).toEqual({ count: 4, min: 1, max: 4, mean: 2.5, std: Math.sqrt(5 / 3), q1: 1.75, median: 2.5, q3: 3.25 });
    expect(p.histogram).toHaveLength(10);
    expect(p.histogram!.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(p.histogram![0]).toEqual({ x0: 1, x1: 1.3, count: 1 });
    expect(p.top).toBeUndefined();
  });
  it('numeric stored as text is parsed', () => {
    const p = profileColumn(stringColumn('x', ['1', '3', 'NA', '2']), 'numeric');
    expect(p.missing).toBe(1);
    expect(p.numeric!.median).toBe(2);
  });
  it('categorical: top values and an other count; missing tokens are missing', () => {
    const values = ['', 'NA', 'N/A', 'null', 'NaN', '?', '-', null, 'a', 'a', 'b'];
    const p = profileColumn(stringColumn('c', values), 'categorical');
    expect(p).toMatchObject({ missing: 8, distinct: 2, top: { values: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }], other: 0 } });
    expect(missingCount(stringColumn('c', values))).toBe(8);
  });
  it('keeps the top 20 and counts the rest as other', () => {
    const values = Array.from({ length: 30 }, (_, i) => Array<string>(30 - i).fill(`v${i}`)).flat();
    const p = profileColumn(stringColumn('c', values), 'categorical');
    expect(p.distinct).toBe(30);
    expect(p.top!.values).toHaveLength(20);
    expect(p.top!.values[0]).toEqual({ value: 'v0', count: 30 });
    expect(p.top!.other).toBe(10 + 9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1);
  });
  it('boolean stored as numbers gets top values', () => {
    const p = profileColumn(numberColumn('b', [1, 0, 1, null]), 'boolean');
    expect(p.top!.values).toEqual([{ value: '1', count: 2 }, { value: '0', count: 1 }]);
    expect(p.missing).toBe(1);
  });
});

describe('profileTable', () => {
  it('counts rows, columns, duplicate rows and memory', () => {
    const t = tableFromRows(['a', 'b'], [[1, 'x'], [2, 'y'], [1, 'x'], [1, 'x'], [2, 'z']]);
    const p = profileTable(t, inferSchema(t));
    expect(p).toMatchObject({ rows: 5, columns: 2, duplicateRows: 2, memoryBytes: tableBytes(t) });
    expect(p.columnProfiles.map((c) => c.type)).toEqual(['numeric', 'categorical']);
  });
  it('follows type overrides', () => {
    const t = tableFromRows(['a'], [[1], [2]]);
    const p = profileTable(t, [{ name: 'a', inferred: 'numeric', override: 'categorical' }]);
    expect(p.columnProfiles[0]!.top).toBeDefined();
  });
  // Its speed is a bench figure, not an assertion here (tests run on a loaded CI machine).
  it('profiles 1,000,000 rows × 10 columns', () => {
    const n = 1_000_000;
    const columns = [];
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let j = 0; j < 7; j++) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = rand() < 0.05 ? NaN : rand() * 1000;
      columns.push({ kind: 'number' as const, name: `x${j}`, values });
    }
    for (let j = 0; j < 3; j++) {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = Math.floor(rand() * 50) - 1;
      columns.push({ kind: 'string' as const, name: `c${j}`, codes, dict: Array.from({ length: 49 }, (_, k) => `cat${k}`) });
    }
    const t: Table = { columns, rowCount: n };
    const schema = inferSchema(t);
    const p = profileTable(t, schema);
    expect(p.rows).toBe(n);
    expect(p.duplicateRows).toBe(0);
    expect(schema.map((c) => c.inferred)).toEqual([...Array(7).fill('numeric'), ...Array(3).fill('categorical')]);
  });
});
