import { describe, expect, it } from 'vitest';
import { integerTicks, niceTicks, tickLabel } from './ticks';

describe('axis ticks', () => {
  it('covers the range with 1/2/5 × 10^k steps', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.31, 2.27, 5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(-3, 7, 6)).toEqual([-4, -2, 0, 2, 4, 6, 8]);
  });

  it('widens a flat range instead of dividing by zero, and gives nothing for non-finite input', () => {
    const t = niceTicks(2, 2);
    expect(t[0]).toBeLessThan(2);
    expect(t.at(-1)).toBeGreaterThan(2);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('epoch axes get whole numbers inside the range, starting at the first epoch', () => {
    expect(integerTicks(1, 3)).toEqual([1, 2, 3]);
    expect(integerTicks(1, 50)).toEqual([1, 10, 20, 30, 40, 50]);
  });

  it('labels are short', () => {
    expect(tickLabel(0.1 + 0.2)).toBe('0.3');
    expect(tickLabel(123456)).toBe('123k');
    expect(tickLabel(20000)).toBe('20k');
    expect(tickLabel(2500000)).toBe('2.5M');
    expect(tickLabel(5000)).toBe('5000');
    expect(tickLabel(3e10)).toBe('3.0e+10');
    expect(tickLabel(0.0002)).toBe('2.0e-4');
    expect(tickLabel(2.3456789)).toBe('2.346');
  });
});
