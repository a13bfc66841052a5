import { describe, expect, it } from 'vitest';
import { tableFromRows, stringColumn } from '../core/data/table';
import type { FittedEncoders } from '../core/features';
import type { Recipe } from '../core/clean/recipe';
import { columnsProblem, conformColumns, neededColumns } from './batch-jobs';

const fitted = { columns: [{ name: 'income' }, { name: 'city' }], text: { columns: ['note'] } } as unknown as FittedEncoders;
const recipe = (steps: Recipe['steps']): Recipe => ({ format: 'ml-studio-recipe', version: 1, steps });
const schema = [
  { name: 'inc', inferred: 'numeric' as const },
  { name: 'city', inferred: 'categorical' as const },
  { name: 'note', inferred: 'text' as const },
  { name: 'id', inferred: 'identifier' as const },
  { name: 'label', inferred: 'categorical' as const },
];

describe('batch columns', () => {
  it('follows renames back to the raw column names; disabled steps do not count', () => {
    const r = recipe([{ id: 'a', op: 'rename-column', params: { from: 'inc', to: 'income' }, enabled: true }]);
    expect([...neededColumns(fitted, r)].sort()).toEqual(['city', 'inc', 'note']);
    expect([...neededColumns(fitted, recipe([{ ...r.steps[0]!, enabled: false }]))].sort()).toEqual(['city', 'income', 'note']);
  });

  it('names every missing needed column and numbers given as text; fills the unneeded ones', () => {
    const needed = new Set(['inc', 'city', 'note']);
    const t = tableFromRows(['inc', 'extra'], [['12k', 1], [5, 2]]);
    const res = conformColumns(t, schema, needed);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problems).toEqual([
      { column: 'inc', issue: 'type', expected: 'numbers', found: 'text such as “12k”' },
      { column: 'city', issue: 'missing', expected: 'categories' },
      { column: 'note', issue: 'missing', expected: 'text' },
    ]);
    expect(columnsProblem(res.problems, 'new.csv').message).toBe('new.csv does not fit this model: 2 columns are missing: “city” (categories), “note” (text); “inc” should hold numbers but has text such as “12k”.');
  });

  it('reads numbers given as strings (JSON "5.1") as numbers, keeps schema order, and leaves out extra columns', () => {
    const t = { columns: [stringColumn('note', ['a', 'b']), stringColumn('inc', ['5.1', 'NA']), stringColumn('city', ['x', null]), stringColumn('extra', ['e', 'f'])], rowCount: 2 };
    const res = conformColumns(t, schema, new Set(['inc', 'city', 'note']));
    if (!res.ok) throw new Error('expected ok');
    expect(res.table.columns.map((c) => c.name)).toEqual(['inc', 'city', 'note', 'id', 'label']);
    const inc = res.table.columns[0]!;
    expect(inc.kind === 'number' && Array.from(inc.values)).toEqual([5.1, NaN]);
    const id = res.table.columns[3]!;
    expect(id.kind === 'string' && Array.from(id.codes)).toEqual([-1, -1]);
  });
});
