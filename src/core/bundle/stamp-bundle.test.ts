import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync } from 'fflate';
import { readBundle } from './read';
import { writeBundle } from './write';
import { makeStamp } from './stamp';
import { rezip, sampleContents } from './test-utils';

const stamp = makeStamp({ studioVersion: '0.1.0', seed: 7, dataSha256: 'c'.repeat(64), trainRows: 105, recipeSha256: 'd'.repeat(64), backend: 'wasm', createdAt: '2026-12-03T10:00:00.000Z' });

describe('the stamp in a bundle', () => {
  it('is written as stamp.json, named in the manifest, and read back', () => {
    const bytes = writeBundle({ ...sampleContents(), stamp });
    const files = unzipSync(bytes);
    expect(JSON.parse(new TextDecoder().decode(files['stamp.json']))).toEqual(stamp);
    expect(JSON.parse(new TextDecoder().decode(files['manifest.json'])).entries.stamp).toBe('stamp.json');
    const read = readBundle(bytes);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.stamp).toEqual(stamp);
  });

  it('is optional: a bundle without one reads with no stamp and no stamp.json', () => {
    const bytes = writeBundle(sampleContents());
    expect(Object.keys(unzipSync(bytes))).not.toContain('stamp.json');
    const read = readBundle(bytes);
    expect(read.ok && read.value.stamp).toBe(undefined);
  });

  it('refuses a damaged stamp with a problem, not a crash', () => {
    const bytes = rezip(writeBundle({ ...sampleContents(), stamp }), (f) => {
      f['stamp.json'] = strToU8(JSON.stringify({ ...stamp, dataSha256: 'not a hash' }));
    });
    const read = readBundle(bytes);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.code).toBe('bundle-bad-part');
    expect(() => writeBundle({ ...sampleContents(), stamp: { ...stamp, seed: 0.5 } })).toThrow(/stamp/);
  });
});
