import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readBundle, type ReadBundleResult } from './read';
import { writeBundle } from './write';
import { FORBIDDEN_KEYS } from './json';
import type { BundleContents } from './format';
import { sampleContents, treeModel, tinyTfjsModel } from './test-utils';

const contentsOf = (r: ReadBundleResult): BundleContents => {
  const { manifest: _m, fileVersion: _v, ...contents } = r;
  return contents;
};

function roundTrip(contents: BundleContents): BundleContents {
  const read = readBundle(writeBundle(contents));
  if (!read.ok) throw new Error(read.error.message);
  return contentsOf(read.value);
}

describe('writeBundle → readBundle', () => {
  it('round-trips a tfjs model bundle unchanged', () => {
    const contents = sampleContents();
    expect(roundTrip(contents)).toEqual(contents);
  });

  it('round-trips a tree model bundle unchanged', () => {
    const contents = sampleContents(treeModel());
    expect(roundTrip(contents)).toEqual(contents);
  });

  it('writes the documented layout, with a tfjs-loadable model/ folder', () => {
    const files = unzipSync(writeBundle(sampleContents()));
    expect(Object.keys(files).sort()).toEqual(
      ['README.md', 'features.json', 'labels.json', 'manifest.json', 'metrics.json', 'model/model.json', 'model/weights.bin', 'recipe.json', 'schema.json', 'training.json'].sort(),
    );
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'ml-studio-bundle', version: 1, kind: 'tabular', task: 'classification', modelFamily: 'mlp', modelFormat: 'tfjs-layers' });
    const modelJson = JSON.parse(new TextDecoder().decode(files['model/model.json'])) as { weightsManifest: { paths: string[] }[] };
    expect(modelJson.weightsManifest[0]?.paths).toEqual(['weights.bin']);
    expect(files['model/weights.bin']?.length).toBe(36);
  });

  it('writes tree models as model/tree.json with no weights', () => {
    const files = unzipSync(writeBundle(sampleContents(treeModel())));
    expect(files['model/tree.json']).toBeDefined();
    expect(files['model/weights.bin']).toBeUndefined();
  });

  it('is deterministic: same contents, same bytes', () => {
    expect(writeBundle(sampleContents())).toEqual(writeBundle(sampleContents()));
  });

  it('reports the migrated manifest and the file version', () => {
    const read = readBundle(writeBundle(sampleContents()));
    expect(read.ok && read.value.fileVersion).toBe(1);
    expect(read.ok && read.value.manifest.entries.weights).toBe('model/weights.bin');
  });

  it('refuses to write what it could not read back', () => {
    const badWeights = sampleContents({ ...tinyTfjsModel(), weights: new Uint8Array(8) });
    expect(() => writeBundle(badWeights)).toThrow(/describes 36 bytes of weights/);
    const polluted = { ...sampleContents(), features: JSON.parse('{"a":{"__proto__":{"x":1}}}') as unknown };
    expect(() => writeBundle(polluted)).toThrow(/__proto__/);
    expect(() => writeBundle({ ...sampleContents(), labels: [] })).toThrow(/no classes/);
    expect(() => writeBundle({ ...sampleContents(), training: { epochs: 3 } })).toThrow(/seed/);
  });

  it('ignores entries the manifest does not name (never inflating them)', () => {
    const files = unzipSync(writeBundle(sampleContents())) as Zippable;
    files['.DS_Store'] = strToU8('junk');
    files['notes/extra.txt'] = strToU8('hello');
    const read = readBundle(zipSync(files));
    expect(read.ok).toBe(true);
  });

  it('accepts a bundle that was unzipped and zipped again inside one folder', () => {
    const files = unzipSync(writeBundle(sampleContents()));
    const nested: Zippable = {};
    for (const [name, data] of Object.entries(files)) nested[`my-model/${name}`] = data;
    nested['__MACOSX/my-model/._manifest.json'] = strToU8('resource fork');
    const read = readBundle(zipSync(nested));
    expect(read.ok && contentsOf(read.value)).toEqual(sampleContents());
  });
});

/**
 * JSON values without the keys bundles refuse, normalised by one JSON trip (fc.jsonValue can make
 * -0, which JSON writes as 0: not JSON-safe).
 */
const jsonValue = fc
  .jsonValue({ maxDepth: 3 })
  .filter((v) => !JSON.stringify(v).match(/"(__proto__|constructor|prototype)":/))
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const jsonObject = fc.dictionary(fc.string().filter((k) => !FORBIDDEN_KEYS.has(k)), jsonValue, { maxKeys: 5 });

describe('property: random JSON-safe contents round-trip unchanged', () => {
  it('holds for tfjs and tree bundles', () => {
    fc.assert(
      fc.property(
        fc.record({
          tree: fc.boolean(),
          treeJson: jsonValue.filter((v) => v !== null),
          features: jsonObject,
          metrics: jsonObject,
          extraTraining: jsonObject,
          seed: fc.integer(),
          steps: fc.array(jsonValue, { maxLength: 4 }),
          labels: fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 6 }),
          columns: fc.uniqueArray(fc.record({ name: fc.string(), type: fc.constantFrom('numeric', 'categorical', 'text', 'date', 'boolean', 'identifier') as fc.Arbitrary<'numeric'> }), { selector: (c) => c.name, maxLength: 6 }),
          modelCard: fc.string({ unit: 'grapheme' }),
          modelFamily: fc.string({ minLength: 1 }),
        }),
        (r) => {
          const base = sampleContents(r.tree ? { type: 'tree', json: r.treeJson } : tinyTfjsModel());
          const contents: BundleContents = {
            ...base,
            meta: { ...base.meta, modelFamily: r.modelFamily },
            recipe: { format: 'ml-studio-recipe', version: 1, steps: r.steps },
            rawSchema: r.columns,
            features: r.features,
            labels: r.tree ? [] : r.labels,
            metrics: r.metrics,
            training: { ...r.extraTraining, seed: r.seed },
            modelCard: r.modelCard,
          };
          expect(roundTrip(contents)).toEqual(contents);
        },
      ),
      { numRuns: 150 },
    );
  });
});
