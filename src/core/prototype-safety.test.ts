/**
 * Issue 13 §2: user strings never index a plain {}. A file whose column names, category values and
 * labels are "__proto__", "constructor", "toString" goes through ingest, profile, cleaning,
 * encoding and records; Object.prototype stays untouched and every value survives as data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bytesSource, ingest } from './data/ingest';
import { inferSchema } from './data/infer-type';
import { profileTable } from './data/profile';
import { emptyRecipe, runRecipe, type Recipe } from './clean/recipe';
import { recordFromRow, tableFromRecord } from './features/record';
import { fitEncoders } from './features/fit';
import { encodeRows } from './features/encode';
import { defaultFeatureSpec } from './features/spec';
import { splitForSpec } from './features/rows';
import { Vocab } from './text/vocab';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

function csv(): string {
  const lines = [[...NAMES, 'label'].join(',')];
  for (let i = 0; i < 40; i++) lines.push([NAMES[i % 5], NAMES[(i + 1) % 5], String(i), NAMES[(i + 2) % 5], i % 3 ? 'prototype' : '__proto__', NAMES[i % 2]].join(','));
  return lines.join('\n');
}

afterEach(() => {
  // Nothing anywhere added to, or replaced on, Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('prototype-named columns, categories and labels', () => {
  it('ingest and profile keep them as data', async () => {
    const r = await ingest(bytesSource(new TextEncoder().encode(csv())), { fileName: '__proto__.csv', hasHeader: true });
    if (!r.ok) throw new Error(r.error.message);
    const table = r.value.table;
    expect(table.columns.map((c) => c.name)).toEqual([...NAMES, 'label']);
    const schema = inferSchema(table);
    const profile = profileTable(table, schema);
    const first = profile.columnProfiles.find((c) => c.name === '__proto__');
    expect(first).toBeDefined();
    // The category counts are the five names, 8 each.
    expect(JSON.stringify(first)).toContain('constructor');
  });

  it('records built from rows hold __proto__/constructor as own keys and round-trip', async () => {
    const r = await ingest(bytesSource(new TextEncoder().encode(csv())), { fileName: 'x.csv', hasHeader: true });
    if (!r.ok) throw new Error(r.error.message);
    const table = r.value.table;
    const schema = inferSchema(table);
    const rec = recordFromRow(table, 0);
    expect(Object.keys(rec)).toEqual([...NAMES, 'label']);
    expect(rec['__proto__']).toBe('__proto__');
    expect(rec['constructor']).toBe('constructor');
    expect(rec['toString']).toBe('0');
    // As it crosses to a worker (structured clone) and back into a one-row table.
    const cloned = structuredClone(rec);
    expect(Object.hasOwn(cloned, '__proto__')).toBe(true);
    const one = tableFromRecord(cloned, schema, table);
    expect(one.columns.map((c) => c.name)).toEqual([...NAMES, 'label']);
    expect(recordFromRow(one, 0)).toEqual(rec);
  });

  it('cleaning (impute, map values) and encoding treat them as names and categories', async () => {
    const r = await ingest(bytesSource(new TextEncoder().encode(csv())), { fileName: 'x.csv', hasHeader: true });
    if (!r.ok) throw new Error(r.error.message);
    const schema = inferSchema(r.value.table);
    const recipe: Recipe = {
      ...emptyRecipe(),
      steps: [
        { id: 's1', op: 'impute', params: { columns: ['toString'], strategy: 'median' }, enabled: true },
        { id: 's2', op: 'map-values', params: { column: 'constructor', mapping: { constructor: '__proto__', toString: 'valueOf' } }, enabled: true },
      ],
    };
    const fittedRecipe = runRecipe(r.value.table, schema, recipe, { mode: 'fit' }).recipe;
    const cleaned = runRecipe(r.value.table, schema, fittedRecipe, { mode: 'predict' });
    expect(cleaned.reports.map((x) => x.problems)).toEqual([[], []]);
    const mapped = recordFromRow(cleaned.table, 0);
    expect(mapped['constructor']).toBe('__proto__'); // row 0 had "constructor", mapped as asked
    const spec = defaultFeatureSpec(cleaned.table, cleaned.schema, 'label', 'classification');
    const split = splitForSpec(cleaned.table, spec);
    if (!split.ok) throw new Error(split.error.message);
    const encoders = fitEncoders(cleaned.table, cleaned.schema, spec, split.value.train);
    expect(encoders.target).toMatchObject({ classes: expect.arrayContaining(['__proto__', 'constructor']) });
    expect(encoders.featureNames.some((n) => n.startsWith('__proto__='))).toBe(true);
    const rows = encodeRows(cleaned.table, encoders);
    expect(rows.x.every((v) => Number.isFinite(v))).toBe(true);
    expect(rows.features).toBe(encoders.featureNames.length);
  });

  it('a vocabulary holds them as tokens', () => {
    const vocab = new Vocab(['a', ...NAMES]);
    expect(NAMES.map((t) => vocab.id(t))).toEqual([1, 2, 3, 4, 5]);
    const rec = vocab.toRecord();
    expect(Object.getPrototypeOf(rec)).toBeNull();
    expect(rec['__proto__']).toBe(1);
  });
});
