import { describe, expect, it } from 'vitest';
import { fixTrainRows, restoreRowFixes, withFix } from './row-fixes';

describe('row fixes', () => {
  it('apply to training rows only, drop removed rows in order, a removal beats a relabel', () => {
    const train = Uint32Array.from([5, 2, 9, 7]);
    const out = fixTrainRows(train, [{ row: 2, remove: true }, { row: 9, label: 'b' }, { row: 3, label: 'x' }, { row: 3, remove: true }]);
    expect(Array.from(out.rows)).toEqual([5, 9, 7]);
    expect([...out.relabel]).toEqual([[9, 'b']]);
    expect(out).toMatchObject({ removed: 1, relabelled: 1 });
    expect(Array.from(fixTrainRows(train, []).rows)).toEqual([5, 2, 9, 7]);
  });

  it('withFix sets, replaces and clears one row, sorted', () => {
    let rows = withFix([], 4, { label: 'a' });
    rows = withFix(rows, 1, { remove: true });
    expect(rows).toEqual([{ row: 1, remove: true }, { row: 4, label: 'a' }]);
    rows = withFix(rows, 4, { label: 'b' });
    expect(rows).toEqual([{ row: 1, remove: true }, { row: 4, label: 'b' }]);
    expect(withFix(rows, 1, undefined)).toEqual([{ row: 4, label: 'b' }]);
  });

  it('restore drops damaged entries and keeps the rest, or drops the whole value', () => {
    expect(restoreRowFixes({ recipeKey: 'k', rows: [{ row: 1, label: 'a' }, { row: -1, label: 'a' }, { row: 2.5, remove: true }, { row: 3 }, { row: 1, remove: true }, null, { row: 4, remove: true }] })).toEqual({
      recipeKey: 'k',
      rows: [{ row: 1, label: 'a' }, { row: 4, remove: true }],
    });
    expect(restoreRowFixes({ rows: [] })).toBeUndefined();
    expect(restoreRowFixes('x')).toBeUndefined();
  });
});
