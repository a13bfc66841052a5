import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { numberColumn, stringColumn, type Table } from '../data/table';
import { defaultFeatureSpec } from '../features';
import { inferSchema } from '../data/infer-type';
import { canonicalTableChunks, makeStamp, parseStamp, recipeSha256, stampLines, tableSha256 } from './stamp';

const table = (): Table => ({
  rowCount: 3,
  columns: [numberColumn('x', [1.5, null, -0]), stringColumn('name', ['a "quoted", one', null, 'é']), numberColumn('y', [1, 2, Infinity])],
});
const text = (t: Table, rows?: number[]) => Buffer.concat([...canonicalTableChunks(t, rows)]).toString('utf8');

describe('tableSha256', () => {
  it('hashes the documented canonical bytes', () => {
    const expected = 'ml-studio-table 1\n[["name","string"],["x","number"],["y","number"]]\n["a \\"quoted\\", one",1.5,1]\n[null,null,2]\n["é",0,"Infinity"]\n';
    expect(text(table())).toBe(expected);
    expect(tableSha256(table())).toBe(createHash('sha256').update(expected, 'utf8').digest('hex'));
  });

  it('does not depend on column order or dictionary order, but on the rows and their order', () => {
    const t = table();
    // Same cells in another column order, and a dictionary built in another order.
    const otherDict = stringColumn('name', ['é', null, 'a "quoted", one']);
    const flipped = { ...otherDict, codes: Int32Array.from([otherDict.codes[2]!, -1, otherDict.codes[0]!]) };
    expect(tableSha256({ rowCount: 3, columns: [t.columns[2]!, flipped, t.columns[0]!] })).toBe(tableSha256(t));
    const sameRows: Table = { rowCount: 3, columns: [t.columns[2]!, stringColumn('name', ['a "quoted", one', null, 'é']), t.columns[0]!] };
    expect(tableSha256(sameRows)).toBe(tableSha256(t));
    expect(tableSha256(t, [0, 1])).not.toBe(tableSha256(t));
    expect(tableSha256(t, [1, 0, 2])).not.toBe(tableSha256(t));
  });

  it('streams: many rows give the same hash as one long string', () => {
    const n = 4500;
    const t: Table = { rowCount: n, columns: [numberColumn('v', Array.from({ length: n }, (_, i) => i / 7))] };
    const whole = text(t);
    expect(tableSha256(t)).toBe(createHash('sha256').update(whole, 'utf8').digest('hex'));
    expect([...canonicalTableChunks(t)].length).toBeGreaterThan(2);
  });
});

describe('recipeSha256', () => {
  it('ignores step ids, fitted statistics and column order; follows params and spec', () => {
    const t = table();
    const schema = inferSchema(t);
    const spec = defaultFeatureSpec(t, schema, 'y', 'regression');
    const recipe = { format: 'ml-studio-recipe' as const, version: 1 as const, steps: [{ id: 'a', op: 'drop-duplicates', params: {}, enabled: true }] };
    const base = recipeSha256(recipe, spec, schema);
    expect(recipeSha256({ ...recipe, steps: [{ ...recipe.steps[0]!, id: 'b', fitted: { n: 1 } }] }, spec, schema)).toBe(base);
    expect(recipeSha256(recipe, { ...spec, columns: [...spec.columns].reverse() }, [...schema].reverse())).toBe(base);
    expect(recipeSha256({ ...recipe, steps: [{ ...recipe.steps[0]!, enabled: false }] }, spec, schema)).not.toBe(base);
    expect(recipeSha256(recipe, { ...spec, split: { ...spec.split, seed: 7 } }, schema)).not.toBe(base);
    expect(recipeSha256(recipe, spec, schema.map((c) => (c.name === 'x' ? { ...c, override: 'categorical' as const } : c)))).not.toBe(base);
  });
});

describe('stamp', () => {
  const input = { studioVersion: '0.1.0', seed: 42, dataSha256: 'a'.repeat(64), trainRows: 10, recipeSha256: 'b'.repeat(64), backend: 'wasm', createdAt: '2026-01-01T00:00:00.000Z' };
  it('round-trips through JSON and refuses damaged ones', () => {
    const s = makeStamp(input);
    expect(parseStamp(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(parseStamp({ ...s, seed: 1.5 })).toBeUndefined();
    expect(parseStamp({ ...s, dataSha256: 'xyz' })).toBeUndefined();
    expect(parseStamp({ ...s, format: 'other' })).toBeUndefined();
    expect(parseStamp(null)).toBeUndefined();
    expect(() => makeStamp({ ...input, seed: NaN })).toThrow();
    expect(stampLines(s).map((l) => l.label)).toEqual(['Studio version', 'Seed', 'Training data SHA-256', 'Recipe + features SHA-256', 'Backend', 'Date']);
  });
});
