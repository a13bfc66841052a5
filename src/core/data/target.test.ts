import { describe, expect, it } from 'vitest';
import { summarizeTarget } from './target';
import { tableFromRows } from './table';

const col = (values: (number | string | null)[]) => tableFromRows(['y'], values.map((v) => [v]));

describe('summarizeTarget', () => {
  it('categorical → classification with class balance', () => {
    const s = summarizeTarget(col(['a', 'b', 'a', 'a', null]), 'y', 'categorical');
    expect(s.task).toBe('classification');
    expect(s.missing).toBe(1);
    expect(s.classes).toEqual([
      { value: 'a', count: 3, fraction: 0.75 },
      { value: 'b', count: 1, fraction: 0.25 },
    ]);
    expect(s.reason).toContain('2 categories');
  });
  it('boolean → classification', () => {
    expect(summarizeTarget(col([0, 1, 1, 0]), 'y', 'boolean').task).toBe('classification');
  });
  it('numeric with few whole numbers that repeat → classification', () => {
    const values = Array.from({ length: 120 }, (_, i) => i % 12);
    const s = summarizeTarget(col(values), 'y', 'numeric');
    expect(s.task).toBe('classification');
    expect(s.reason).toBe('12 distinct whole numbers: looks like classes.');
    expect(s.classes).toHaveLength(12);
    expect(s.classes![0]!.fraction).toBeCloseTo(1 / 12);
  });
  it('numeric with decimals or many values → regression with stats', () => {
    const s = summarizeTarget(col([1.5, 2.5, 3.5, 4.5]), 'y', 'numeric');
    expect(s.task).toBe('regression');
    expect(s.numeric!.median).toBe(3);
    expect(s.histogram!.reduce((a, b) => a + b.count, 0)).toBe(4);
    expect(s.reason).toContain('4 distinct values');
    // Whole numbers that barely repeat look like a quantity, not classes.
    expect(summarizeTarget(col([1, 2, 3, 4, 5, 6]), 'y', 'numeric').task).toBe('regression');
  });
  it('no task for identifiers, text, dates, constants and empty columns', () => {
    expect(summarizeTarget(col(['a', 'b']), 'y', 'identifier').task).toBeNull();
    expect(summarizeTarget(col(['a b c', 'd e f']), 'y', 'text').task).toBeNull();
    expect(summarizeTarget(col(['2024-01-01']), 'y', 'date').task).toBeNull();
    expect(summarizeTarget(col([3, 3, 3]), 'y', 'numeric').task).toBeNull();
    expect(summarizeTarget(col([null, null]), 'y', 'numeric').task).toBeNull();
  });
});
