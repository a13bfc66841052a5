import { describe, expect, it } from 'vitest';
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
