import { describe, expect, it } from 'vitest';
import { inferSchema } from '../data/infer-type';
import { bytesSource, ingest } from '../data/ingest';
import type { ColumnSchema } from '../data/schema';
import type { Table } from '../data/table';
import { emptyRecipe, runRecipe, type Recipe, type RecipeStep } from '../clean/recipe';
import { encodeRows } from './encode';
import { fitEncoders } from './fit';
import { recordFromRow, tableFromRecord } from './record';
import { splitForSpec } from './rows';
import { defaultFeatureSpec } from './spec';

const COLOURS = ['Red', ' red', 'RED', 'Blue', 'blue ', 'green', '', 'Mauve'];
/** 60 rows of messy data: missing tokens, inconsistent categories, an outlier, a column that turns text late. */
function csv(): string {
  const lines = ['id,age,income,colour,member,joined,zip,code,score,label'];
  for (let i = 0; i < 60; i++) {
    const age = i % 7 === 0 ? '' : i % 11 === 0 ? 'NA' : String(18 + ((i * 13) % 50));
    const income = i === 5 ? '9999999' : i % 9 === 0 ? 'N/A' : (20000 + ((i * 7919) % 60000)).toFixed(i % 2 ? 0 : 2);
    const member = i % 10 === 0 ? '' : i % 3 ? 'yes' : 'no';
    const joined = i % 8 === 0 ? '?' : `20${10 + (i % 14)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15`;
    const code = i < 50 ? `00${i % 4}` : `A${i}`; // "001" is read as 1 → "1" once the column turns to text
    lines.push([i + 1, age, income, COLOURS[i % COLOURS.length], member, joined, 75000 + (i % 5), code, (i % 6) / 2, 'abc'[(i * 7) % 3]].join(','));
  }
  return lines.join('\n');
}

async function load(): Promise<Table> {
  const r = await ingest(bytesSource(new TextEncoder().encode(csv())), { fileName: 'data.csv' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.table;
}

const step = (id: string, op: string, params: unknown): RecipeStep => ({ id, op, params, enabled: true });
const recipe: Recipe = {
  ...emptyRecipe(),
  steps: [
    step('s1', 'drop-columns', { columns: ['id'] }),
    step('s2', 'drop-missing-rows', { columns: ['member'] }), // a row filter: skipped in predict mode
    step('s3', 'impute', { columns: ['age'], strategy: 'median' }),
    step('s4', 'normalize-categories', { columns: ['colour'], trim: true, case: 'lower' }),
    step('s5', 'outliers', { columns: ['income'], method: 'iqr', action: 'clip' }),
    step('s6', 'change-type', { column: 'zip', to: 'categorical' }),
  ],
};

describe('tableFromRecord: a record encodes exactly like the same row of the training table', () => {
  it('round-trips every row through text, the recipe in predict mode and encodeRows', async () => {
    const raw = await load();
    expect(raw.columns.find((c) => c.name === 'code')!.kind).toBe('string');
    // A type override that does not convert storage: score stays numbers, read as categories.
    const schema: ColumnSchema[] = inferSchema(raw).map((s) => (s.name === 'score' ? { ...s, override: 'categorical' } : s));
    const fitted = runRecipe(raw, schema, recipe, { mode: 'fit' }).recipe;
    const cleaned = runRecipe(raw, schema, fitted, { mode: 'predict' });
    expect(cleaned.reports.map((r) => r.problems)).toEqual(recipe.steps.map(() => []));

    const spec = defaultFeatureSpec(cleaned.table, cleaned.schema, 'label', 'classification');
    spec.columns = spec.columns.map((c) =>
      c.name === 'colour' ? { ...c, categorical: { mode: 'ordinal', topK: 3 } }
      : c.name === 'joined' ? { ...c, numeric: 'minmax', dateParts: ['year', 'month', 'day', 'weekday', 'hour'] }
      : c.name === 'code' ? { ...c, include: true, missingIndicator: true }
      : c,
    );
    const split = splitForSpec(cleaned.table, spec);
    if (!split.ok) throw new Error(split.error.message);
    const encoders = fitEncoders(cleaned.table, cleaned.schema, spec, split.value.train);
    expect(encoders.featureNames).toContain('joined.hour');
    expect(encoders.featureNames).toContain('member (missing)');
    const whole = encodeRows(cleaned.table, encoders);

    for (const like of [raw, undefined]) {
      for (let i = 0; i < raw.rowCount; i++) {
        const one = tableFromRecord(recordFromRow(raw, i), schema, like);
        const out = runRecipe(one, schema, fitted, { mode: 'predict' });
        expect(out.table.rowCount).toBe(1);
        const mine = encodeRows(out.table, encoders);
        expect(mine.features).toBe(whole.features);
        expect([...mine.x]).toEqual([...whole.x.subarray(i * whole.features, (i + 1) * whole.features)]);
      }
    }
  });

  it('reads cells as ingest does: missing tokens, padded numbers, storage of the training table', () => {
    const schema: ColumnSchema[] = [
      { name: 'age', inferred: 'numeric' },
      { name: 'colour', inferred: 'categorical' },
      { name: 'member', inferred: 'boolean' },
      { name: 'zip', inferred: 'numeric', override: 'categorical' },
    ];
    const like: Table = {
      columns: [
        { kind: 'number', name: 'age', values: new Float64Array(0) },
        { kind: 'string', name: 'colour', codes: new Int32Array(0), dict: [] },
        { kind: 'string', name: 'member', codes: new Int32Array(0), dict: [] },
        { kind: 'number', name: 'zip', values: new Float64Array(0) },
      ],
      rowCount: 0,
    };
    const t = tableFromRecord({ age: ' 41 ', colour: 'NA', member: '1', extra: 'ignored' }, schema, like);
    expect(t.rowCount).toBe(1);
    expect(t.columns).toEqual([
      { kind: 'number', name: 'age', values: Float64Array.of(41) },
      { kind: 'string', name: 'colour', codes: Int32Array.of(-1), dict: [] },
      { kind: 'string', name: 'member', codes: Int32Array.of(0), dict: ['1'] }, // text, as in training
      { kind: 'number', name: 'zip', values: Float64Array.of(NaN) }, // absent → missing
    ]);
    // Text where training had numbers cannot be stored: missing.
    expect(tableFromRecord({ age: 'forty' }, schema, like).columns[0]).toEqual({ kind: 'number', name: 'age', values: Float64Array.of(NaN) });
    // Without a training table: numbers for numeric/boolean/identifier columns when the text is one.
    const guessed = tableFromRecord({ age: 'forty', colour: 'red', member: '1', zip: '75001' }, schema);
    expect(guessed.columns.map((c) => c.kind)).toEqual(['string', 'string', 'number', 'number']);
  });
});
