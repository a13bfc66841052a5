/**
 * Property-based fuzzing of every importer that reads a file a user picked (issue 13 §2): the model
 * bundle (zip + JSON), tokenizer.json, safetensors, the LM bundle and the sequence-to-sequence bundle. Arbitrary bytes and mutations
 * of a valid file never throw anything but the importer's own error with a message, and each input
 * is handled within a time bound. FUZZ_RUNS=5000 for a long run; CI runs 200 (fewer for the LM zip,
 * which builds a model per valid input).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mutate, mutation as mutationOf } from '../core/util/fuzz-mutation';
import { unzipSync, zipSync } from 'fflate';
import { readBundle } from '../core/bundle/read';
import { writeBundle } from '../core/bundle/write';
import { sampleContents } from '../core/bundle/test-utils';
import { fromHfJson } from '../core/text/hf-json';
import { serializeTokenizer, trainTokenizer } from '../core/text';
import { readSafetensors, SafetensorsError, writeSafetensors, createGpt } from '../core/lm';
import { readLmZip, writeStudioLmBundle } from './lm-bundle';
import { CorpusError } from './lm-corpus';
import { createSeq2Seq } from '../core/seq2seq/model';
import { readS2sBundle, S2sBundleError, writeS2sBundle } from '../core/seq2seq/checkpoint';
import { savePairVocab, trainPairVocab } from '../core/seq2seq/vocab';
import { strFromU8, strToU8 } from 'fflate';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const MAX_MS = 2000;

/** Byte edits of a valid file (core/util/fuzz-mutation.ts). */
const mutation = mutationOf(8);

/** Mutates one file inside a valid zip and zips it again (checksums right: the reader must look inside). */
const inner = fc.record({ file: fc.nat(), m: mutation });
function mutateInside(zip: Uint8Array, { file, m }: { file: number; m: Parameters<typeof mutate>[1] }): Uint8Array {
  const files = unzipSync(zip);
  const names = Object.keys(files).filter((n) => n !== 'model.safetensors' || file % 3 === 0);
  const name = names[file % names.length]!;
  files[name] = mutate(files[name]! as Uint8Array, m) as (typeof files)[string];
  return zipSync(files);
}

/** Runs `read`, which may only fail with a message: a Result error or an instance of `allowed`. */
function expectHandled(read: () => unknown, allowed?: new (...a: never[]) => Error) {
  const t0 = performance.now();
  try {
    const r = read() as { ok?: boolean; error?: { message?: unknown } } | undefined;
    if (r && r.ok === false) expect(typeof r.error?.message).toBe('string');
  } catch (e) {
    if (!allowed || !(e instanceof allowed)) throw e;
    expect((e as Error).message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - t0).toBeLessThan(MAX_MS);
}

describe('fuzz: model bundle (readBundle)', () => {
  const valid = writeBundle(sampleContents());
  it('arbitrary bytes', () => fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => expectHandled(() => readBundle(b))), { numRuns: RUNS }));
  it('arbitrary bytes that start like a zip', () =>
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => expectHandled(() => readBundle(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, ...b)))), { numRuns: RUNS }));
  it('mutations of a valid bundle', () => fc.assert(fc.property(mutation, (m) => expectHandled(() => readBundle(mutate(valid, m)))), { numRuns: RUNS }));
  it('mutations of one file inside a valid bundle', () => fc.assert(fc.property(inner, (m) => expectHandled(() => readBundle(mutateInside(valid, m)))), { numRuns: RUNS }));
});

describe('fuzz: tokenizer.json (fromHfJson)', () => {
  const tok = trainTokenizer(['the cat sat on the mat', 'a dog and a cat', '__proto__ constructor toString'], { kind: 'bpe', vocabSize: 300, lowercase: true });
  const valid = JSON.stringify(serializeTokenizer(tok));
  it('arbitrary JSON values', () => fc.assert(fc.property(fc.jsonValue(), (v) => expectHandled(() => fromHfJson(v))), { numRuns: RUNS }));
  it('arbitrary values with prototype-named keys', () =>
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'model', 'vocab', 'merges', 'type', 'added_tokens'), fc.anything()), (v) => expectHandled(() => fromHfJson(v))), { numRuns: RUNS }));
  it('mutations of a valid tokenizer.json that still parse', () =>
    fc.assert(
      fc.property(mutation, (m) => {
        let v: unknown;
        try {
          v = JSON.parse(new TextDecoder().decode(mutate(new TextEncoder().encode(valid), m)));
        } catch {
          return; // not JSON: the caller refuses it before fromHfJson
        }
        expectHandled(() => fromHfJson(v));
      }),
      { numRuns: RUNS },
    ));
});

describe('fuzz: safetensors (readSafetensors)', () => {
  const valid = writeSafetensors([['a', { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] }], ['__proto__', { data: Int32Array.of(7), shape: [1] }]], { format: 'pt' });
  it('arbitrary bytes', () => fc.assert(fc.property(fc.uint8Array({ maxLength: 1024 }), (b) => expectHandled(() => readSafetensors(b), SafetensorsError)), { numRuns: RUNS }));
  it('a valid length prefix and an arbitrary header', () =>
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 64 }), (h, data) => {
        const header = new TextEncoder().encode(JSON.stringify(h));
        const b = new Uint8Array(8 + header.length + data.length);
        new DataView(b.buffer).setBigUint64(0, BigInt(header.length), true);
        b.set(header, 8);
        b.set(data, 8 + header.length);
        expectHandled(() => readSafetensors(b), SafetensorsError);
      }),
      { numRuns: RUNS },
    ));
  it('mutations of a valid file', () => fc.assert(fc.property(mutation, (m) => expectHandled(() => readSafetensors(mutate(valid, m)), SafetensorsError)), { numRuns: RUNS }));
});

describe('fuzz: language-model bundle (readLmZip)', () => {
  it('arbitrary bytes and mutations of a valid bundle', async () => {
    const tok = trainTokenizer(['the cat sat on the mat'], { kind: 'char', vocabSize: 40, lowercase: false });
    const model = createGpt({ vocabSize: 40, blockSize: 8, nLayer: 1, nHead: 1, nEmbd: 8, bias: true, dropout: 0 });
    const valid = await writeStudioLmBundle(model, serializeTokenizer(tok), { step: 3 }, { evals: [] }, '# card');
    model.dispose();
    const read = (b: Uint8Array) => () => {
      const r = readLmZip(b);
      r.model.dispose();
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1024 }), (b) => expectHandled(read(b), CorpusError)), { numRuns: RUNS });
    fc.assert(fc.property(mutation, (m) => expectHandled(read(mutate(valid, m)), CorpusError)), { numRuns: Math.ceil(RUNS / 4) });
    fc.assert(fc.property(inner, (m) => expectHandled(read(mutateInside(valid, m)), CorpusError)), { numRuns: RUNS });
  }, 120_000);
});

describe('fuzz: sequence-to-sequence bundle (readS2sBundle)', () => {
  it('arbitrary bytes, mutations of a valid bundle and of the files inside, any JSON in its manifest fields', async () => {
    const vocab = trainPairVocab(['cat', 'dog'], ['K AE T', 'D AO G'], { kind: 'char', vocabSize: 50, lowercase: true }, { kind: 'word', vocabSize: 50, lowercase: false });
    const config = {
      vocabSize: vocab.size, dModel: 8, nHeads: 2, dKv: 4, dFf: 8, nEncoderLayers: 1, nDecoderLayers: 1, maxSourceLen: 8, maxTargetLen: 8,
      position: 't5', norm: 'rms', tieEmbeddings: false, relBuckets: 4, relMaxDistance: 8, dropout: 0, eps: 1e-6,
    } as const;
    const model = createSeq2Seq(config, { seed: 1 });
    const valid = await writeS2sBundle(model, { vocab: savePairVocab(vocab), settings: {} as never }, { metrics: { exactMatch: 0.5 } });
    model.dispose();
    const read = (b: Uint8Array) => () => readS2sBundle(b).model.dispose();
    // The valid bundle reads, so the properties below exercise the reader past its first check.
    expect(() => read(valid)()).not.toThrow();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1024 }), (b) => expectHandled(read(b), S2sBundleError)), { numRuns: RUNS });
    fc.assert(fc.property(mutation, (m) => expectHandled(read(mutate(valid, m)), S2sBundleError)), { numRuns: Math.ceil(RUNS / 4) });
    fc.assert(fc.property(inner, (m) => expectHandled(read(mutateInside(valid, m)), S2sBundleError)), { numRuns: RUNS });
    const files = unzipSync(valid);
    const manifest = JSON.parse(strFromU8(files['seq2seq.json']!)) as Record<string, unknown>;
    const field = fc.constantFrom('format', 'version', 'config', 'vocab', 'settings', 'info', '__proto__');
    const withField = (key: string, value: unknown, deep: string | null) => {
      const m: Record<string, unknown> = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown>;
      const inner = Object.hasOwn(m, key) ? m[key] : undefined; // never m.__proto__, which is Object.prototype
      const target = deep && typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : m;
      Object.defineProperty(target, deep ?? key, { value, enumerable: true, configurable: true, writable: true });
      return zipSync({ ...files, 'seq2seq.json': strToU8(JSON.stringify(m)) });
    };
    const deepKey = fc.option(fc.constantFrom('vocabSize', 'dModel', 'nHeads', 'position', 'norm', 'source', 'target', 'settings', 'relBuckets'), { nil: null });
    fc.assert(fc.property(field, fc.jsonValue({ maxDepth: 3 }), deepKey, (key, value, deep) => expectHandled(read(withField(key, value, deep)), S2sBundleError)), { numRuns: RUNS });
  }, 120_000);
});
