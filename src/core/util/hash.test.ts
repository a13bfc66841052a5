import { describe, expect, it } from 'vitest';
import { canonicalJson, stableKey } from './hash';

describe('stableKey', () => {
  it('ignores key order and undefined fields, and tells different values apart', () => {
    expect(stableKey({ a: 1, b: [1, 2] })).toBe(stableKey({ b: [1, 2], a: 1, c: undefined }));
    expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: 2 }));
    expect(stableKey([1, 2])).not.toBe(stableKey([2, 1]));
    expect(canonicalJson({ z: { y: 1, x: 2 } })).toBe('{"z":{"x":2,"y":1}}');
  });
});
