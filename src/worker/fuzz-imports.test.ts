/**
 * Property-based fuzzing of every importer that reads a file a user picked (issue 13 §2): the model
 * bundle (zip + JSON), tokenizer.json, safetensors, the LM bundle, the sequence-to-sequence bundle
 * and the pretrained-model readers (llama2.c checkpoints with tokenizer.bin, Hugging Face folders). Arbitrary bytes and mutations
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
import { readPretrained } from '../core/lm/pretrained';
import { ModelImportError } from '../core/lm/llama-config';
import { tinyLlama } from '../core/lm/llama-test-model';
import { writeLlama2c } from '../core/lm/llama2c';
import { writeLlama2cTokenizer } from '../core/lm/llama2c-tokenizer';
import { hfLlamaFolder } from '../core/lm/pretrained-test-files';
import { readBertFolder } from '../core/lm/bert-read';
import { bertVocab, hfBertFolder, randomBertWeights, tinyBertConfig } from '../core/lm/bert-test-files';

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

describe('fuzz: pretrained checkpoints (readPretrained: llama2.c + tokenizer.bin, Hugging Face folders)', () => {
  const { config, weights } = tinyLlama();
  const pieces = ['<unk>', '\n<s>\n', '\n</s>\n', ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`), ...Array.from({ length: 41 }, (_, i) => 'ab'.repeat(1 + i))];
  const tokBin = writeLlama2cTokenizer(pieces, pieces.map((_, i) => -i));
  const bertWords = bertVocab(['the', 'cat', 'sat']);
  const bert = tinyBertConfig({ vocabSize: bertWords.length });
  const folders: Record<string, Map<string, Uint8Array>> = {
    'llama2.c v0': new Map([['model.bin', writeLlama2c(config, weights, 0)], ['tokenizer.bin', tokBin]]),
    'llama2.c v2': new Map([['model.bin', writeLlama2c(config, weights, 2, 8)], ['tokenizer.bin', tokBin]]),
    'HF Llama, bf16, 2 shards': hfLlamaFolder(config, weights, 'BF16', 2),
    'HF BERT': hfBertFolder(bert, randomBertWeights(bert), { vocab: bertWords }),
  };
  /** As the app reads each: a BERT folder by the encoder's reader (the Pretrained panel only names it). */
  const read = (files: Map<string, Uint8Array>) => () => {
    if (new TextDecoder().decode(files.get('config.json') ?? new Uint8Array()).includes('"bert"')) readBertFolder(files);
    else readPretrained(files).model.dispose?.();
  };
  // Every valid folder loads, so the properties below get past the first checks.
  for (const [name, files] of Object.entries(folders)) it(`${name} loads`, () => expect(read(files)).not.toThrow());
  /** The folder with one file's bytes edited. */
  const edited = (files: Map<string, Uint8Array>, k: number, m: Parameters<typeof mutate>[1]) => {
    const names = [...files.keys()];
    const name = names[k % names.length]!;
    return new Map([...files, [name, mutate(files.get(name)!, m)]]);
  };
  const folderName = fc.constantFrom(...Object.keys(folders));
  it('byte edits and truncations of one file of a valid checkpoint', () =>
    fc.assert(fc.property(folderName, fc.nat(), mutation, (f, k, m) => expectHandled(read(edited(folders[f]!, k, m)), ModelImportError)), { numRuns: RUNS }), 300_000);
  it('arbitrary bytes under each file name', () =>
    fc.assert(
      fc.property(folderName, fc.nat(), fc.uint8Array({ maxLength: 512 }), (f, k, b) => {
        const files = folders[f]!;
        const name = [...files.keys()][k % files.size]!;
        expectHandled(read(new Map([...files, [name, b]])), ModelImportError);
      }),
      { numRuns: RUNS },
    ), 300_000);
  it('any JSON in a field of config.json, tokenizer.json or the shard index', () => {
    const jsonFiles = ['HF Llama, bf16, 2 shards', 'HF BERT'].flatMap((f) => [...folders[f]!.keys()].filter((n) => n.endsWith('.json')).map((n) => [f, n] as const));
    fc.assert(
      fc.property(fc.constantFrom(...jsonFiles), fc.nat(), fc.jsonValue({ maxDepth: 2 }), ([f, name], k, value) => {
        const files = folders[f]!;
        const doc = JSON.parse(new TextDecoder().decode(files.get(name)!)) as Record<string, unknown>;
        const keys = Object.keys(doc);
        Object.defineProperty(doc, keys[k % keys.length]!, { value, enumerable: true, configurable: true, writable: true });
        expectHandled(read(new Map([...files, [name, new TextEncoder().encode(JSON.stringify(doc))]])), ModelImportError);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
