/** Every way a file can be wrong or malicious is refused, with a message a student can act on. */
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readBundle } from './read';
import { writeBundle } from './write';
import { getJson, patchEntry, rezip, sampleContents, setJson, treeModel } from './test-utils';

const good = writeBundle(sampleContents());

function refusal(bytes: Uint8Array, options?: Parameters<typeof readBundle>[1]) {
  const r = readBundle(bytes, options);
  if (r.ok) throw new Error('expected the bundle to be refused');
  expect(r.error.hint, 'every refusal says how to fix it').toBeTruthy();
  return r.error;
}

const withModelJson = (edit: (m: Record<string, unknown>) => void) =>
  rezip(good, (files) => {
    const m = getJson(files, 'model/model.json');
    edit(m);
    setJson(files, 'model/model.json', m);
  });

const withWeights = (weights: unknown[]) =>
  withModelJson((m) => {
    (m.weightsManifest as { weights: unknown[] }[])[0]!.weights = weights;
  });

describe('not a bundle, or not all of it', () => {
  it('refuses a file that is not a zip', () => {
    const e = refusal(strToU8('sepal_length,species\n5.1,setosa\n'));
    expect(e.message).toMatch(/not an ML Studio bundle \(it is not a \.zip file\)/);
    expect(refusal(new Uint8Array(0)).code).toBe('bundle-not-zip');
  });

  it.each([0.3, 0.6, 0.9, 0.999])('refuses a download cut off at %s of its length', (fraction) => {
    const e = refusal(good.subarray(0, Math.floor(good.length * fraction)));
    expect(e.message).toBe('This file is not a complete ML Studio bundle — it may have been cut off while downloading');
  });

  it('refuses a zip that has no manifest.json', () => {
    expect(refusal(zipSync({ 'data.csv': strToU8('a,b\n1,2\n') })).code).toBe('bundle-no-manifest');
    expect(refusal(zipSync({})).code).toBe('bundle-no-manifest');
  });

  it.each(['recipe.json', 'model/weights.bin', 'README.md', 'labels.json'])('refuses a bundle missing %s', (name) => {
    const e = refusal(rezip(good, (f) => delete f[name]));
    expect(e.message).toBe(`This bundle is missing “${name}”`);
  });

  it('refuses a bundle whose bytes were changed after export (CRC-32)', () => {
    const e = refusal(patchEntry(good, 'recipe.json', { crc: 0x12345678 }));
    expect(e.code).toBe('bundle-damaged');
  });
});

describe('zip bombs: sizes are checked before inflating', () => {
  it('refuses an entry that declares 4 GB (forged central directory)', () => {
    const e = refusal(patchEntry(good, 'metrics.json', { size: 0xfffffff0 }));
    expect(e.code).toBe('bundle-too-large');
    expect(e.message).toMatch(/would unpack to 4\.0 GB, more than the 512 MB/);
  });

  it('refuses entries that together declare more than the limit', () => {
    const forged = patchEntry(patchEntry(good, 'metrics.json', { size: 300 * 2 ** 20 }), 'features.json', { size: 300 * 2 ** 20 });
    // Each alone is also a ratio bomb; lift that rule to see the total rule act.
    expect(refusal(forged, { limits: { maxRatio: Infinity } }).message).toMatch(/would unpack to 600 MB, more than the 512 MB/);
    expect(refusal(good, { limits: { maxTotalBytes: 1000 } }).message).toMatch(/more than the 1000 bytes the studio accepts/);
  });

  it('refuses a real 20 MB entry of zeros compressed about 1000:1', () => {
    const files = unzipSync(good) as Zippable;
    files['metrics.json'] = new Uint8Array(20 * 2 ** 20);
    const e = refusal(zipSync(files));
    expect(e.code).toBe('bundle-zip-bomb');
    expect(e.message).toMatch(/“metrics\.json” in this bundle unpacks to \d+ times its packed size/);
  });

  it('refuses an entry that declares fewer bytes than it holds (no silent truncation)', () => {
    const declared = unzipSync(good)['recipe.json']!.length - 10;
    expect(refusal(patchEntry(good, 'recipe.json', { size: declared })).code).toBe('bundle-damaged');
  });

  it('refuses zips with absurdly many entries, encrypted entries or unknown compression', () => {
    const many: Zippable = {};
    for (let i = 0; i < 1001; i++) many[`f${i}`] = new Uint8Array(0);
    expect(refusal(zipSync(many)).code).toBe('bundle-too-many-files');
    expect(refusal(patchEntry(good, 'recipe.json', { flags: 1 })).code).toBe('bundle-encrypted');
    expect(refusal(patchEntry(good, 'recipe.json', { method: 14 })).code).toBe('bundle-compression');
  });
});

describe('unsafe entry names', () => {
  it.each(['../evil.sh', 'model/../../evil', '/etc/passwd', 'C:\\Windows\\evil.dll', 'c:evil', 'model\\model.json', 'a//b', './manifest.json', 'nul\u0000byte'])(
    'refuses a bundle containing “%s”',
    (name) => {
      const files = unzipSync(good) as Zippable;
      files[name] = strToU8('x');
      const e = refusal(zipSync(files));
      expect(e.code).toBe('bundle-unsafe-name');
      expect(e.message).toMatch(/unsafe name/);
    },
  );

  it('refuses a manifest that points outside the bundle', () => {
    const bytes = rezip(good, (f) => {
      const m = getJson(f, 'manifest.json');
      (m.entries as Record<string, string>).recipe = '../recipe.json';
      setJson(f, 'manifest.json', m);
    });
    expect(refusal(bytes).message).toMatch(/manifest\.json” in the bundle has no valid path for the recipe file/);
  });

  it('refuses duplicate names (which one would win is up to the unzipper)', () => {
    // zipSync cannot write duplicates; rename a neighbour in the central directory instead.
    const files = unzipSync(good) as Zippable;
    files['recipe.jsoX'] = files['recipe.json']!;
    const bytes = zipSync(files);
    const at = (b: Uint8Array) => {
      const s = new TextDecoder('latin1').decode(b);
      return [...s.matchAll(/recipe\.jsoX/g)].map((m) => m.index);
    };
    for (const i of at(bytes)) bytes[i + 10] = 'n'.charCodeAt(0);
    expect(refusal(bytes).code).toBe('bundle-duplicate-name');
  });
});

describe('contents', () => {
  it('refuses JSON that does not parse', () => {
    const e = refusal(rezip(good, (f) => (f['metrics.json'] = strToU8('{"accuracy": 0.9,'))));
    expect(e.message).toBe('“metrics.json” in the bundle is not valid JSON');
  });

  it('refuses text that is not UTF-8', () => {
    const e = refusal(rezip(good, (f) => (f['README.md'] = new Uint8Array([0x23, 0x20, 0xff, 0xfe]))));
    expect(e.code).toBe('bundle-bad-text');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses JSON with a “%s” key anywhere (prototype pollution)', (key) => {
    const e = refusal(rezip(good, (f) => (f['features.json'] = strToU8(`{"inputs":[{"deep":{"${key}":{"isAdmin":true}}}]}`))));
    expect(e.code).toBe('bundle-forbidden-key');
    expect(e.message).toContain(`“${key}”`);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses a manifest with __proto__ too', () => {
    const bytes = rezip(good, (f) => (f['manifest.json'] = strToU8('{"__proto__":{"format":"ml-studio-bundle"}}')));
    expect(refusal(bytes).code).toBe('bundle-forbidden-key');
  });

  it('refuses a bundle made by a newer ML Studio', () => {
    const bytes = rezip(good, (f) => setJson(f, 'manifest.json', { ...getJson(f, 'manifest.json'), version: 7 }));
    const e = refusal(bytes);
    expect(e.message).toBe('This bundle was made by a newer ML Studio (bundle version 7); this studio reads up to version 1');
    expect(e.hint).toMatch(/Reload the page/);
  });

  it.each([
    ['another format', { format: 'something-else' }, 'bundle-wrong-format'],
    ['no version', { version: undefined }, 'bundle-bad-version'],
    ['version 0', { version: 0 }, 'bundle-bad-version'],
    ['version 1.5', { version: 1.5 }, 'bundle-bad-version'],
    ['an image model', { kind: 'image' }, 'bundle-bad-part'],
    ['no task', { task: 'clustering' }, 'bundle-bad-part'],
  ])('refuses a manifest with %s', (_, patch, code) => {
    const bytes = rezip(good, (f) => setJson(f, 'manifest.json', { ...getJson(f, 'manifest.json'), ...patch }));
    expect(refusal(bytes).code).toBe(code);
  });

  it('refuses parts with the wrong shape', () => {
    const cases: [string, unknown, RegExp][] = [
      ['recipe.json', { steps: [] }, /is not a cleaning recipe/],
      ['schema.json', { columns: [{ name: 'x', type: 'colour' }] }, /unknown type/],
      ['schema.json', { columns: [{ name: 'x', type: 'numeric' }, { name: 'x', type: 'numeric' }] }, /lists the column “x” twice/],
      ['labels.json', { classes: ['a', 'a'] }, /same class twice/],
      ['labels.json', ['a', 'b'], /should hold \{ "classes"/],
      ['training.json', { seed: 'forty-two' }, /whole-number seed/],
      ['metrics.json', [1, 2], /is not a JSON object/],
    ];
    for (const [file, value, message] of cases) {
      expect(refusal(rezip(good, (f) => setJson(f, file, value))).message).toMatch(message);
    }
    const tree = writeBundle(sampleContents(treeModel()));
    expect(refusal(rezip(tree, (f) => setJson(f, 'labels.json', { classes: ['a'] }))).message).toMatch(/model predicts a number/);
  });
});

describe('tfjs model.json against weights.bin', () => {
  const kernel = { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' };
  const bias = { name: 'dense/bias', shape: [3], dtype: 'float32' };

  it.each([
    ['a negative dimension', [{ ...kernel, shape: [-2, -3] }, bias], /impossible shape \[-2,-3\]/],
    ['a fractional dimension', [{ ...kernel, shape: [1.5, 4] }, bias], /impossible shape/],
    ['a string dimension', [{ ...kernel, shape: ['2', 3] }, bias], /impossible shape/],
    ['more than 2^31 elements', [{ ...kernel, shape: [65536, 65536] }, bias], /impossible shape/],
    ['a dtype of string', [{ ...kernel, dtype: 'string' }, bias], /type “string”; only float32 and int32/],
    ['a dtype of float16', [{ ...kernel, dtype: 'float16' }, bias], /only float32 and int32/],
    ['quantized weights', [{ ...kernel, quantization: { dtype: 'uint8', min: 0, scale: 1 } }, bias], /quantized/],
    ['fewer bytes than weights.bin', [kernel], /describes 24 bytes of weights, but weights\.bin has 36/],
    ['more bytes than weights.bin', [kernel, bias, bias], /describes 48 bytes/],
  ])('refuses %s', (_, weights, message) => {
    const e = refusal(withWeights(weights));
    expect(e.code).toBe('bundle-bad-model');
    expect(e.message).toMatch(message);
  });

  it('refuses weight paths other than weights.bin, graph models, and a missing topology', () => {
    expect(refusal(withModelJson((m) => ((m.weightsManifest as { paths: string[] }[])[0]!.paths = ['../../etc/passwd']))).message).toMatch(/must point at “weights\.bin”/);
    expect(refusal(withModelJson((m) => (m.format = 'graph-model'))).message).toMatch(/only “layers-model”/);
    expect(refusal(withModelJson((m) => delete m.modelTopology)).message).toMatch(/no modelTopology/);
    expect(refusal(withModelJson((m) => (m.weightsManifest = []))).message).toMatch(/exactly one weightsManifest group/);
  });
});
