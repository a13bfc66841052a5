/**
 * Property-based fuzzing of every importer that reads a file a user picked (issue 13 §2): the model
 * bundle (zip + JSON), tokenizer.json, safetensors and the LM bundle. Arbitrary bytes and mutations
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
