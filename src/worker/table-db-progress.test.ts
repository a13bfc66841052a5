import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IDBPDatabase } from 'idb';
import { idbTableStore } from './table-db';
import type { StudioDB } from './db';
import type { Table } from '../core/data/table';

/** Just what `put` uses of a database: a transaction for the delete, and `put`. */
function fakeDb(puts: { store: string; value: unknown }[]) {
  const objectStore = () => ({ delete: async () => undefined });
  return {
    transaction: () => ({ objectStore, done: Promise.resolve() }),
    put: async (store: string, value: unknown) => {
      puts.push({ store, value });
    },
  } as unknown as IDBPDatabase<StudioDB>;
}

describe('idbTableStore put progress', () => {
  // Node has no IndexedDB: the key range of the parts to delete is only passed on.
  beforeEach(() => vi.stubGlobal('IDBKeyRange', { bound: (lower: unknown, upper: unknown) => ({ lower, upper }) }));
  afterEach(() => vi.unstubAllGlobals());

  it('reports columns written as the records go, from 0 to every column, the manifest last', async () => {
    const rows = 3_000_000; // 24 MB a number column: three records each
    const table: Table = {
      rowCount: rows,
      columns: [
        { name: 'a', kind: 'number', values: new Float64Array(rows) },
        { name: 'b', kind: 'number', values: new Float64Array(rows) },
        { name: 'c', kind: 'string', codes: new Int32Array(rows), dict: ['x'] },
      ],
    };
    const puts: { store: string; value: unknown }[] = [];
    const reports: [number, number][] = [];
    await idbTableStore(async () => fakeDb(puts)).put('d1', table, (done, total) => reports.push([done, total]));
    expect(reports[0]).toEqual([0, 3]);
    expect(reports.at(-1)).toEqual([3, 3]);
    expect(reports.every(([, total]) => total === 3)).toBe(true);
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0]).toBeGreaterThanOrEqual(reports[i - 1]![0]);
    // One report per record written, before the manifest: the bar moves while the writing goes.
    const records = puts.filter((p) => p.store === 'tableParts').length;
    expect(records).toBeGreaterThan(3);
    expect(reports).toHaveLength(records + 2);
    expect(reports.filter(([done]) => done > 0 && done < 3).length).toBeGreaterThan(0);
    expect(puts.at(-1)!.store).toBe('tables');
  });
});
