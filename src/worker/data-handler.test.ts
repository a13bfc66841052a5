import { describe, expect, it } from 'vitest';
import { createInProcessClient, memoryTableStore } from './in-process-client';
import type { Recipe } from '../core/clean/recipe';

const csv = (text: string) => new Blob([text], { type: 'text/csv' });
const recipe = (steps: Recipe['steps']): Recipe => ({ format: 'ml-studio-recipe', version: 1, steps });

describe('data handler', () => {
  it('ingest: progress events, then one done with schema and profile; the table is stored', async () => {
    const store = memoryTableStore();
    const client = createInProcessClient(store);
    const res = await client.run({ type: 'ingest', datasetId: 'd1', file: csv('x,label\n1,a\n2,b\n,a\n'), options: { fileName: 'a.csv' } });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.report.rowCount).toBe(3);
    expect(res.value.schema.map((c) => [c.name, c.inferred])).toEqual([
      ['x', 'numeric'],
      ['label', 'categorical'],
    ]);
    expect(res.value.profile.columnProfiles[0]!.missing).toBe(1);
    expect(store.tables.get('d1')?.rowCount).toBe(3);
    const mine = client.events.filter((e) => e.jobId === 't1');
    expect(mine.at(-1)!.type).toBe('done');
    expect(mine.slice(0, -1).every((e) => e.type === 'progress')).toBe(true);
    expect(mine.filter((e) => e.type !== 'progress')).toHaveLength(1);
  });

  it('a bad file ends in exactly one failed event with a readable message', async () => {
    const client = createInProcessClient();
    const res = await client.run({ type: 'ingest', datasetId: 'd1', file: csv(''), options: { fileName: 'empty.csv' } });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/empty/i);
    expect(client.events.filter((e) => e.type === 'failed')).toHaveLength(1);
  });

  it('clean runs the recipe, returns fitted stats, and serves windows of the cleaned table', async () => {
    const client = createInProcessClient();
    await client.run({ type: 'ingest', datasetId: 'd1', file: csv('x,y\n1,a\n,b\n3,a\n10,c\n'), options: { fileName: 'a.csv' } });
    const schema = [
      { name: 'x', inferred: 'numeric' as const },
      { name: 'y', inferred: 'categorical' as const },
    ];
    const res = await client.run({ type: 'clean', datasetId: 'd1', schema, recipe: recipe([{ id: 's1', op: 'impute', params: { columns: ['x'], strategy: 'median' }, enabled: true }]), refit: true });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.reports[0]!.changed.cells).toBe(1);
    expect(res.value.recipe.steps[0]!.fitted).toBeDefined();
    const rows = await client.run({ type: 'rows', table: { datasetId: 'd1', stage: 'clean', recipeKey: res.value.recipeKey }, start: 0, end: 10, colStart: 0, colEnd: 2 });
    expect(rows.ok && rows.value.cells[0]).toEqual(['1', '3', '3', '10']);
    // A stale key is refused rather than answered with the wrong table.
    const stale = await client.run({ type: 'rows', table: { datasetId: 'd1', stage: 'clean', recipeKey: 'old' }, start: 0, end: 10, colStart: 0, colEnd: 2 });
    expect(!stale.ok && stale.error.code).toBe('stale');
  });

  it('restore reports whether the dataset is still stored; drop removes it', async () => {
    const store = memoryTableStore();
    const client = createInProcessClient(store);
    await client.run({ type: 'ingest', datasetId: 'd1', file: csv('a\n1\n2\n'), options: { fileName: 'a.csv' } });
    const fresh = createInProcessClient(store); // a new worker after a crash or reload
    expect(await fresh.run({ type: 'restore', datasetId: 'd1' })).toEqual({ ok: true, value: { found: true, rowCount: 2 } });
    await fresh.run({ type: 'drop', datasetId: 'd1' });
    expect(await fresh.run({ type: 'restore', datasetId: 'd1' })).toEqual({ ok: true, value: { found: false, rowCount: 0 } });
  });
});
