import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Sha256, sha256Hex } from './sha256';

describe('sha256', () => {
  it('gives the FIPS test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('equals node:crypto for any bytes, however they are chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 5 }), (bytes, cuts) => {
        const h = new Sha256();
        let at = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          const end = Math.min(c, bytes.length);
          if (end > at) h.update(bytes.subarray(at, end));
          at = Math.max(at, end);
        }
        h.update(bytes.subarray(at));
        expect(h.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
    );
  });
});
