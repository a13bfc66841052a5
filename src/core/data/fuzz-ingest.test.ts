/**
 * Property-based fuzzing of the readers a user's file goes through (issue 13 §2): CSV, JSON, JSONL
 * (`ingest`) and the text readers (`ingestTexts`). Arbitrary bytes, CSV-shaped noise and byte edits
 * of valid files never throw: each input either loads into a consistent table (every column as
 * long as the row count, every cell readable) or fails with a message, within a time bound.
 * FUZZ_RUNS=3000 for a long run; CI runs 200.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mutate, mutation as mutationOf } from '../util/fuzz-mutation';
import { bytesSource, ingest } from './ingest';
import { ingestTexts, type TextSource } from './text-ingest';
import { cellValue, type Table } from './table';
import type { Result } from '../util/result';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const MAX_MS = 2000;
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every column has `rowCount` cells and each one reads back. */
function consistent(t: Table): void {
  expect(t.columns.length).toBeGreaterThan(0);
  for (const c of t.columns) {
    expect(typeof c.name).toBe('string');
    expect(c.kind === 'number' ? c.values.length : c.codes.length).toBe(t.rowCount);
    if (c.kind === 'string') for (const code of c.codes) expect(code >= -1 && code < c.dict.length).toBe(true);
    for (let i = 0; i < t.rowCount; i++) cellValue(c, i);
  }
}

/** The reader may only fail with a Result that carries a message; it must not throw, and must end in time. */
async function handled(read: () => Promise<Result<{ table: Table }>>): Promise<'loaded' | 'refused'> {
  const t0 = performance.now();
  const r = await read();
  expect(performance.now() - t0).toBeLessThan(MAX_MS);
  if (!r.ok) {
    expect(typeof r.error.message).toBe('string');
    expect(r.error.message.length).toBeGreaterThan(0);
    return 'refused';
  }
  consistent(r.value.table);
  return 'loaded';
}

const names = fc.constantFrom('data.csv', 'data.tsv', 'data.json', 'data.jsonl', 'data.txt', 'data');
const chunk = fc.integer({ min: 1, max: 97 });

/** Byte edits of a valid file (core/util/fuzz-mutation.ts). */
const mutation = mutationOf(6);

const VALID = {
  'data.csv': utf8('name,age,city,joined\n"Ann ""A""",31,Oslo,2020-01-02\nBob,,"Rome, IT",2021-03-04\r\nCé,42.5,Zürich,\n'),
  'data.json': utf8('[{"a":1,"b":"x","c":null},{"a":2.5,"b":"y","c":true},{"a":-3,"b":"z\\u00e9","d":[1,2]}]'),
  'data.jsonl': utf8('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n\n{"a":3,"c":{"n":1}}\n'),
} as const;

/** CSV-shaped noise: mostly the characters that steer a CSV reader. */
const csvish = fc.stringMatching(/^[a-z0-9,;\t|"' \r\n.\-eE+]{0,300}$/);

describe('fuzzing the data readers: every input loads or gets a message (ingest)', () => {
  it('arbitrary bytes, under any file name and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), names, chunk, async (bytes, fileName, chunkBytes) => {
        await handled(() => ingest(bytesSource(bytes), { fileName, chunkBytes }));
      }),
      { numRuns: RUNS },
    );
  });

  it('CSV-shaped text (quotes, delimiters, line ends in any order)', async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(csvish, chunk, fc.boolean(), async (text, chunkBytes, header) => {
        if ((await handled(() => ingest(bytesSource(utf8(text)), { fileName: 'data.csv', chunkBytes, hasHeader: header }))) === 'loaded') loaded++;
      }),
      { numRuns: RUNS },
    );
    expect(loaded).toBeGreaterThan(0); // the property sees real tables, not only refusals
  });

  for (const [fileName, valid] of Object.entries(VALID)) {
    it(`byte edits and truncations of a valid ${fileName}`, async () => {
      expect(await handled(() => ingest(bytesSource(valid), { fileName }))).toBe('loaded');
      await fc.assert(
        fc.asyncProperty(mutation, chunk, async (m, chunkBytes) => {
          await handled(() => ingest(bytesSource(mutate(valid, m)), { fileName, chunkBytes }));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('JSON-shaped values of any structure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (value, lines) => {
        const text = lines && Array.isArray(value) ? value.map((v) => JSON.stringify(v)).join('\n') : JSON.stringify(value);
        await handled(() => ingest(bytesSource(utf8(text ?? 'null')), { fileName: lines ? 'data.jsonl' : 'data.json' }));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing the text readers (ingestTexts)', () => {
  const path = fc.stringMatching(/^([a-z]{1,4}\/){0,2}[a-z0-9 ._-]{1,8}\.(txt|TXT|md|csv)$/);
  const source = fc.record({ path, bytes: fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 300 }).map(utf8)) });
  it('arbitrary files and bytes, in each mode', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(source, { minLength: 1, maxLength: 5 }), fc.constantFrom('file', 'line', 'pasted'), chunk, async (files, mode, chunkBytes) => {
        const sources: TextSource[] = files.map((f) => ({ path: f.path, source: bytesSource(f.bytes) }));
        await handled(() => ingestTexts(sources, mode as 'file' | 'line' | 'pasted', undefined, undefined, { chunkBytes, maxTextChars: 50 }));
      }),
      { numRuns: RUNS },
    );
  });
});
