import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DistinctColumn } from './distinct-column';
import { stringColumn } from './table';

const build = (values: string[]) => {
  const col = new DistinctColumn();
  for (const v of values) col.push(v);
  return col.finish('text');
};

describe('DistinctColumn', () => {
  it('makes the column stringColumn makes: codes in order of first appearance, one entry per distinct value', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 300 }), (values) => {
        expect(build(values)).toEqual(stringColumn('text', values));
      }),
      { numRuns: 300 },
    );
  });

  it('over many partitions, with repeats far apart', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => `line ${i % 17_000} of the corpus`);
    const col = build(values);
    expect(col.dict.length).toBe(17_000);
    expect(col).toEqual(stringColumn('text', values));
  });

  it('past one block of hashes (65,536 rows), repeats across blocks and at a block edge', () => {
    const values = Array.from({ length: 150_001 }, (_, i) => (i % 3 === 0 ? `row ${i}` : `shared ${i % 70_000}`));
    values[65_536] = values[65_535]!;
    values[131_072] = 'row 0';
    expect(build(values)).toEqual(stringColumn('text', values));
  });

  it('is empty afterwards and handles no rows', () => {
    const b = new DistinctColumn();
    b.push('a');
    b.finish('t');
    expect(b.length).toBe(0);
    expect(new DistinctColumn().finish('t')).toEqual(stringColumn('t', []));
  });
});
