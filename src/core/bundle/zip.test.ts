import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { crc32, extractEntries, isSymlinkEntry, isUnsafeName, listZipEntries } from './zip';

describe('zip helpers', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it.each(['manifest.json', 'model/model.json', 'model/', 'a b/c-d_e.json', 'ünïcode.json'])('accepts the safe name %s', (n) => {
    expect(isUnsafeName(n)).toBe(false);
  });

  it.each(['', '../x', 'a/../../x', '..', '/x', 'C:\\x', 'C:x', 'a\\b', 'a//b', './a', 'a/./b', 'a\u0000b', 'a\nb'])('refuses the unsafe name %j', (n) => {
    expect(isUnsafeName(n)).toBe(true);
  });

  it('lists entries with their declared sizes and extracts only those asked for', () => {
    const bytes = zipSync({ 'a.txt': strToU8('hello'), 'b/c.bin': new Uint8Array(2000), 'skip.txt': strToU8('no') });
    const listed = listZipEntries(bytes);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.map((e) => [e.name, e.size])).toEqual([['a.txt', 5], ['b/c.bin', 2000], ['skip.txt', 2]]);
    const files = extractEntries(bytes, listed.value, new Set(['a.txt', 'b/c.bin']));
    expect(files.ok && [...files.value.keys()]).toEqual(['a.txt', 'b/c.bin']);
  });

  it('reads stored (uncompressed) entries', () => {
    const bytes = zipSync({ 'a.txt': [strToU8('stored'), { level: 0 }] });
    const listed = listZipEntries(bytes);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value[0]?.method).toBe(0);
    const files = extractEntries(bytes, listed.value, new Set(['a.txt']));
    expect(files.ok && new TextDecoder().decode(files.value.get('a.txt'))).toBe('stored');
  });
});

describe('symbolic links', () => {
  const entryOf = (os: number, mode: number) => zipSync({ f: [strToU8('target'), { os, attrs: (mode << 16) >>> 0 }] });
  it('refuses a Unix or OS X link entry before inflating it', () => {
    for (const os of [3, 19]) {
      const r = listZipEntries(entryOf(os, 0o120777));
      expect(r.ok ? 'listed' : r.error.code).toBe('bundle-symlink');
    }
  });
  it('keeps plain files and directories, and ignores mode bits from systems without links', () => {
    expect(listZipEntries(entryOf(3, 0o100644)).ok).toBe(true);
    expect(listZipEntries(entryOf(3, 0o040755)).ok).toBe(true);
    expect(listZipEntries(entryOf(0, 0o120777)).ok).toBe(true);
  });
  it('reads the mode from the attributes high bits only', () => {
    expect(isSymlinkEntry(3 << 8, (0o120644 << 16) >>> 0)).toBe(true);
    expect(isSymlinkEntry(3 << 8, 0o120644)).toBe(false);
    expect(isSymlinkEntry((3 << 8) | 20, (0o140777 << 16) >>> 0)).toBe(false);
  });
});
