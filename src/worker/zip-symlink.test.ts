/**
 * Symbolic links inside a zip (issue 13, hostile inputs): every zip the studio reads — model
 * bundle, LM zip, sequence-to-sequence bundle, the stamp reader — goes through `listZipEntries`,
 * which refuses an entry whose Unix mode says "link" before any byte is inflated. The zips are
 * built here with fflate, the link mode set in the external attributes as `zip -y` writes it.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readBundle } from '../core/bundle/read';
import { writeBundle } from '../core/bundle/write';
import { sampleContents } from '../core/bundle/test-utils';
import { bundleStamp } from '../core/bundle/bundle-stamp';
import { makeStamp } from '../core/bundle/stamp';
import { readS2sBundle, readS2sBundleBackend } from '../core/seq2seq/checkpoint';
import { readLmZip } from './lm-bundle';
import { CorpusError } from './lm-corpus';

const UNIX = 3;
const link = (target: string): Zippable[string] => [strToU8(target), { os: UNIX, attrs: (0o120777 << 16) >>> 0 }];
const regular = (bytes: Uint8Array): Zippable[string] => [bytes, { os: UNIX, attrs: (0o100644 << 16) >>> 0 }];

const stamp = makeStamp({ studioVersion: '0.1.0', seed: 7, dataSha256: 'c'.repeat(64), trainRows: 105, recipeSha256: 'd'.repeat(64), backend: 'wasm', createdAt: '2026-12-03T10:00:00.000Z' });
const good = writeBundle({ ...sampleContents(), stamp });
const withEntries = (edit: (files: Zippable) => void): Uint8Array => {
  const files: Zippable = { ...unzipSync(good) };
  edit(files);
  return zipSync(files);
};
const SYMLINK_MESSAGE = /contains a symbolic link \(“model\/model\.json”\) instead of a file/;

describe('symbolic links in a zip are refused, never read', () => {
  it('a model bundle whose model.json is a link to /etc/passwd', () => {
    const r = readBundle(withEntries((f) => (f['model/model.json'] = link('/etc/passwd'))));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bundle-symlink');
    expect(r.error.message).toMatch(SYMLINK_MESSAGE);
    expect(r.error.hint).toMatch(/without links/);
  });

  it('a model bundle with an extra link entry the reader does not need', () => {
    const r = readBundle(withEntries((f) => (f['secrets'] = link('../../.ssh/id_rsa'))));
    expect(r.ok ? 'read' : r.error.code).toBe('bundle-symlink');
  });

  it('the same bundle zipped on Unix with plain file modes still reads', () => {
    const unixZip = withEntries((f) => {
      for (const name of Object.keys(f)) f[name] = regular(f[name] as Uint8Array);
    });
    expect(readBundle(unixZip).ok).toBe(true);
    expect(bundleStamp(unixZip)).toEqual(stamp);
  });

  it('the stamp reader finds no stamp in a bundle with a link, even beside a real stamp.json', () => {
    const linked = withEntries((f) => (f['model/model.json'] = link('/etc/passwd')));
    expect(bundleStamp(good)).toEqual(stamp);
    expect(bundleStamp(linked)).toBeUndefined();
  });

  it('a language-model zip whose weights are a link', () => {
    const zip = zipSync({ 'model/model.json': link('/dev/zero'), 'tokenizer.json': strToU8('{}'), 'model.safetensors': link('/dev/zero') });
    expect(() => readLmZip(zip)).toThrow(CorpusError);
    expect(() => readLmZip(zip)).toThrow(SYMLINK_MESSAGE);
  });

  it('a sequence-to-sequence bundle whose manifest is a link', () => {
    const zip = zipSync({ 'model/model.json': link('/etc/passwd'), 'seq2seq.json': link('/etc/passwd'), 'model.safetensors': strToU8('') });
    expect(() => readS2sBundle(zip)).toThrow(SYMLINK_MESSAGE);
    expect(readS2sBundleBackend(zip)).toBeNull();
  });
});
