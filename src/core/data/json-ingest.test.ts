import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesSource, ingest } from './ingest';
import { cellValue, type Table } from './table';

async function load(text: string | Uint8Array, fileName: string, chunkBytes?: number) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return ingest(bytesSource(bytes), { fileName, chunkBytes });
}
const rows = (t: Table) => Array.from({ length: t.rowCount }, (_, i) => t.columns.map((c) => cellValue(c, i)));

describe('JSON ingest', () => {
  it('reads an array of records: union of keys, nested values as JSON text', async () => {
    const r = await load('[{"a": 1, "b": {"x": [1, 2]}}, {"a": 2.5, "c": true}, {"a": null, "b": "NA"}]', 'd.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { table, report } = r.value;
    expect(report).toMatchObject({ format: 'json', rowCount: 3, columnCount: 3 });
    expect(table.columns.map((c) => `${c.name}:${c.kind}`)).toEqual(['a:number', 'b:string', 'c:string']);
    expect(rows(table)).toEqual([[1, '{"x":[1,2]}', null], [2.5, null, 'true'], [null, null, null]]);
  });
  it('streams a list record by record: chunks cut inside strings, escapes and nesting read as one whole parse', async () => {
    const records = [
      { a: 1, s: 'brace } and [ bracket', n: { x: [1, { y: '}' }] } },
      { a: -2.5e3, s: 'quote \\" and backslash \\\\', n: [] },
      { a: null, s: 'ünïcødé ✓ 🐋', n: { '': 'empty key' } },
      { s: '', extra: true },
    ];
    const text = ` \n[\n${records.map((r) => JSON.stringify(r)).join(' ,\n ')}\n]\n `;
    const whole = await load(text, 'd.json');
    expect(whole.ok).toBe(true);
    if (!whole.ok) return;
    expect(rows(whole.value.table)[1]).toEqual([-2500, 'quote \\" and backslash \\\\', '[]', null]);
    for (const chunk of [1, 2, 3, 5, 7, 64]) {
      const r = await load(text, 'd.json', chunk);
      expect(r.ok && rows(r.value.table), `chunks of ${chunk} bytes`).toEqual(rows(whole.value.table));
      expect(r.ok && r.value.report.warnings).toEqual([]);
    }
  });
  it('counts rows while it reads (the records are parsed as they come, not once the whole text is in)', async () => {
    // About 300 KB: progress is reported every 64 KB read.
    const text = `[${Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: i, name: `row ${i}` })).join(',')}]`;
    const seen: number[] = [];
    const r = await ingest(bytesSource(new TextEncoder().encode(text)), { fileName: 'd.json', chunkBytes: 4096 }, (p) => seen.push(p.rows));
    expect(r.ok && r.value.table.rowCount).toBe(10_000);
    expect(seen.filter((n) => n > 0 && n < 10_000).length).toBeGreaterThan(2);
  });
  it('unwraps {"data": [records]} with a warning', async () => {
    const r = await load('{"meta": 1, "data": [{"a": 1}, {"a": 2}]}', 'd.json');
    expect(r.ok && r.value.report.warnings[0]?.code).toBe('json-unwrapped');
    expect(r.ok && r.value.table.rowCount).toBe(2);
  });
  it('streams the list of records inside a wrapper object: its other values are skipped, chunks cut anywhere', async () => {
    const records = [{ a: 1, s: 'x } ]' }, { a: 2, s: 'quote " {' }, { b: [1, { c: '}' }] }];
    const text = `{ "meta": {"n": 2, "s": "} ] ["}, "tags": ["a", "]", {"k": [1]}], "empty": [], "count": -3.5e2, "ok": true,
      "nil": null, "te\\"xt": "quote \\" {", "data": [${records.map((r) => JSON.stringify(r)).join(', ')}], "after": [1, 2] }`;
    expect(Object.keys(JSON.parse(text) as object)).toContain('data'); // the fixture is valid JSON
    const plain = await load(JSON.stringify(records), 'd.json');
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    for (const chunk of [1, 2, 3, 5, 7, 64, 65536]) {
      const r = await load(text, 'd.json', chunk);
      expect(r.ok && rows(r.value.table), `chunks of ${chunk} bytes`).toEqual(rows(plain.value.table));
      expect(r.ok && r.value.report.warnings.map((w) => w.message)).toEqual(['Read the records from the "data" list inside the JSON object.']);
    }
    // Streamed, not parsed whole: rows are counted while the file is read.
    const big = `{"source": "bench", "rows": [${Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: i, name: `row ${i}` })).join(',')}], "n": 10000}`;
    const seen: number[] = [];
    const r = await ingest(bytesSource(new TextEncoder().encode(big)), { fileName: 'd.json', chunkBytes: 4096 }, (p) => seen.push(p.rows));
    expect(r.ok && r.value.table.rowCount).toBe(10_000);
    expect(seen.filter((n) => n > 0 && n < 10_000).length).toBeGreaterThan(2);
  });
  it('a wrapper the stream cannot answer alone gets the answer of the whole read', async () => {
    const cases: [string, string][] = [
      ['{"a": tru, "data": [{"a": 1}]}', 'invalid-json'],
      ['{"data": [{"a": 1}], "b": 1,}', 'invalid-json'],
      ['{"data": [{"a": 1}], "more": [{"b": 2}]}', 'not-records'], // two lists: which one is unclear
      ['{"data": [{"a": 1}], "data": 5}', 'not-records'], // JSON.parse keeps the last
      ['{"data": [{"a": 1}, 5]}', 'not-records'],
      ['{"data": {"rows": [{"a": 1}]}}', 'not-records'],
      ['{"data": []}', 'not-records'],
      ['{}', 'not-records'],
    ];
    for (const [text, code] of cases) {
      for (const chunk of [1, 4, 65536]) {
        const r = await load(text, 'd.json', chunk);
        expect(r.ok ? 'ok' : r.error.code, `${text} in chunks of ${chunk}`).toBe(code);
      }
    }
    // A list of records with other items beside it is skipped, as the whole read skips it.
    const r = await load('{"mixed": [{"a": 1}, 2], "data": [{"a": 3}]}', 'd.json', 2);
    expect(r.ok && rows(r.value.table)).toEqual([[3]]);
  });
  it('any wrapper object, in chunks of any size, reads as JSON.parse and the wrapper rule say (property)', async () => {
    const record = fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null)), { minKeys: 1, maxKeys: 3 });
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(record, { maxLength: 4 }));
    const isRec = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ maxLength: 5 }), value), { maxLength: 5 }), fc.integer({ min: 1, max: 9 }), async (entries, chunk) => {
        // Keys may repeat: the text keeps every entry, JSON.parse the last.
        const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
        const doc = JSON.parse(text) as Record<string, unknown>;
        const lists = Object.values(doc).filter((v) => Array.isArray(v) && v.length > 0 && v.every(isRec));
        const r = await load(text, 'd.json', chunk);
        if (lists.length !== 1) {
          expect(r.ok ? 'ok' : r.error.code).toBe('not-records');
          return;
        }
        const plain = await load(JSON.stringify(lists[0]), 'd.json');
        const got = r.ok ? rows(r.value.table) : r.error.message;
        expect(got).toEqual(plain.ok ? rows(plain.value.table) : plain.error.message);
      }),
      { numRuns: 300 },
    );
  });
  it('invalid JSON names the line and character', async () => {
    const r = await load('[\n  {"a": 1},\n  {"a": 2,}\n]', 'd.json', 3);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-json');
    expect(r.error.where?.row).toBe(3);
    expect(r.error.message).toMatch(/line 3, character \d+/);
  });
  it('JSON that is not a list of records', async () => {
    for (const [text, msg] of [
      ['{"a": 1}', 'This JSON file holds one object, not a list of records.'],
      ['42', 'This JSON file holds a number, not a list of records.'],
      ['[]', 'This JSON list is empty: there are no records to load.'],
      ['[{"a": 1}, [1, 2]]', 'Item 2 of the JSON list is a list, not a record with named fields.'],
    ] as const) {
      const r = await load(text, 'd.json');
      expect(!r.ok && r.error.message, text).toBe(msg);
      expect(!r.ok && r.error.hint).toMatch(/list of records/);
    }
  });
});

describe('JSON Lines ingest', () => {
  it('reads one record per line in tiny chunks, skipping blank lines', async () => {
    const text = '{"name": "Zoë", "n": 1}\r\n\n{"name": "日本", "n": "2"}\n{"extra": [1]}';
    for (const chunk of [1, 2, 5, 1000]) {
      const r = await load(text, 'd.jsonl', chunk);
      expect(r.ok, `chunk ${chunk}`).toBe(true);
      if (!r.ok) return;
      expect(r.value.report.format).toBe('jsonl');
      expect(rows(r.value.table)).toEqual([['Zoë', 1, null], ['日本', 2, null], [null, null, '[1]']]);
    }
  });
  it('detects JSON Lines saved as .json', async () => {
    const r = await load('{"a": 1}\n{"a": 2}\n', 'd.json');
    expect(r.ok && r.value.report.format).toBe('jsonl');
  });
  it('names the line of invalid JSON and of a non-record', async () => {
    const bad = await load('{"a": 1}\n{"a": }\n', 'd.jsonl');
    expect(!bad.ok && bad.error).toMatchObject({ code: 'invalid-json', where: { row: 2 } });
    const notRecord = await load('{"a": 1}\n\n[1, 2]\n', 'd.jsonl');
    expect(!notRecord.ok && notRecord.error.message).toBe('Line 3 holds a list, not a record with named fields.');
  });
  it('streams a Latin-1 JSON list and names the line of its first byte that is not UTF-8, in chunks of any size', async () => {
    // The Latin-1 byte comes first: the old reader gave up streaming there and counted no rows while reading.
    const rest = `${Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ a: `row ${i}`, n: i })).join(',\n')}\n]\n`;
    const bytes = new Uint8Array([...new TextEncoder().encode('[\n'), ...Buffer.from('{"a": "café", "n": -1},\n', 'latin1'), ...new TextEncoder().encode(rest)]);
    for (const chunk of [1, 3, 7, 4096, 1 << 20]) {
      const seen: number[] = [];
      const r = await ingest(bytesSource(bytes), { fileName: 'd.json', chunkBytes: chunk }, (p) => seen.push(p.rows));
      expect(r.ok && r.value.report.warnings, `chunks of ${chunk}`).toEqual([expect.objectContaining({ code: 'not-utf8', where: { row: 2 } })]);
      expect(r.ok && r.value.report.encoding).toBe('latin1');
      expect(r.ok && rows(r.value.table)[0]).toEqual(['café', -1]);
      expect(r.ok && rows(r.value.table).at(-1)).toEqual(['row 9999', 9999]);
      if (chunk === 4096) expect(seen.filter((n) => n > 0 && n < 10_001).length, 'rows counted while reading').toBeGreaterThan(2);
    }
  });
  it('falls back to Latin-1 and names the line', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"a": "x"}\n'), ...Buffer.from('{"a": "é"}\n', 'latin1')]);
    const r = await load(bytes, 'd.jsonl', 4);
    expect(r.ok && r.value.report.warnings[0]).toMatchObject({ code: 'not-utf8', where: { row: 2 } });
    expect(r.ok && rows(r.value.table)).toEqual([['x'], ['é']]);
  });
});

describe('records without fields', () => {
  it('are refused with a message, not loaded as a table with no columns (found by fuzzing)', async () => {
    for (const [text, fileName, message] of [
      ['{}', 'data.jsonl', 'The record has no fields: there are no columns to load.'],
      ['[{}, {}]', 'data.json', 'The 2 records have no fields: there are no columns to load.'],
    ] as const) {
      const r = await ingest(bytesSource(new TextEncoder().encode(text)), { fileName });
      expect(r.ok ? 'loaded' : r.error.message).toBe(message);
    }
  });
});
