import { describe, expect, it, vi } from 'vitest';
import { createInProcessClient, memoryTableStore } from './in-process-client';
import { PROGRESS_MS } from './data-handler';
import type { Recipe } from '../core/clean/recipe';
import type { PortedData } from './train-protocol';

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

  it('reading progress reaches the page at most every PROGRESS_MS, and the last report says the file is read', async () => {
    const client = createInProcessClient();
    const lines = Array.from({ length: 200_000 }, (_, i) => `line number ${i} of the texts`).join('\n');
    // The clock stands still: every report but the first and the last comes within PROGRESS_MS of the one before.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const res = await client.run({ type: 'ingest-texts', datasetId: 'd1', files: [{ path: 'a.txt', file: new Blob([lines]) }], mode: 'line', fileName: 'a.txt' });
      expect(res.ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    const reading = client.events.filter((e) => e.type === 'progress' && e.label.endsWith('texts read'));
    // The reader reports after each 1 MB chunk: 6 times for this 5.8 MB file.
    expect(reading).toHaveLength(2);
    const last = reading.at(-1);
    expect(last?.type === 'progress' && last.done === last.total).toBe(true);
    expect(PROGRESS_MS).toBe(100);
  });

  it('after the reading, each stage has its own progress: types, saving, profile, each from 0 to its total', async () => {
    const store = memoryTableStore();
    // A store that writes column by column, as the IndexedDB one reports.
    const put = store.put.bind(store);
    store.put = async (id, table, onProgress) => {
      table.columns.forEach((_, i) => onProgress?.(i, table.columns.length));
      await put(id, table);
      onProgress?.(table.columns.length, table.columns.length);
    };
    const client = createInProcessClient(store);
    const res = await client.run({ type: 'ingest', datasetId: 'd1', file: csv('x,label,z\n1,a,p\n2,b,q\n,a,r\n'), options: { fileName: 'a.csv' } });
    expect(res.ok).toBe(true);
    const progress = client.events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    // Reading counts bytes; the stages after it count steps, so the page shows a percentage.
    const reading = progress.filter((e) => e.label.endsWith('rows read'));
    expect(reading.length).toBeGreaterThan(0);
    expect(reading.every((e) => e.unit === 'bytes')).toBe(true);
    const stages = ['Finding column types', 'Saving the table on this device', 'Profiling columns'];
    const order = progress.slice(reading.length).map((e) => e.label).filter((l, i, all) => all[i - 1] !== l);
    expect(order).toEqual(stages);
    for (const label of stages) {
      const mine = progress.filter((e) => e.label === label);
      expect(mine.every((e) => e.unit === undefined && e.done <= e.total)).toBe(true);
      expect(mine[0]!.done).toBe(0);
      expect(mine.at(-1)!.done).toBe(mine.at(-1)!.total);
    }
    // Types and saving go by column (3), the profile by column plus the search for duplicate rows.
    expect(progress.filter((e) => e.label === 'Profiling columns').at(-1)!.total).toBe(4);
    expect(progress.filter((e) => e.label === 'Finding column types').at(-1)!.total).toBe(3);
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

describe('training data', () => {
  /** 40 rows cleaned and encoded (defaults) as the Encode step leaves them. */
  async function encoded() {
    const client = createInProcessClient();
    const lines = ['x,label', ...Array.from({ length: 40 }, (_, i) => `${i},${i % 3 ? 'a' : 'b'}`)];
    await client.run({ type: 'ingest', datasetId: 'd1', file: csv(lines.join('\n')), options: { fileName: 'a.csv' } });
    const schema = [
      { name: 'x', inferred: 'numeric' as const },
      { name: 'label', inferred: 'categorical' as const },
    ];
    const clean = await client.run({ type: 'clean', datasetId: 'd1', schema, recipe: recipe([]), refit: true });
    if (!clean.ok) throw new Error(clean.error.message);
    const table = { datasetId: 'd1', stage: 'clean' as const, recipeKey: clean.value.recipeKey };
    const spec = await client.run({ type: 'feature-defaults', table, schema, target: 'label', task: 'classification' });
    if (!spec.ok) throw new Error(spec.error.message);
    const enc = await client.run({ type: 'encode', table, schema, spec: spec.value });
    if (!enc.ok) throw new Error(enc.error.message);
    return { client, table, spec: spec.value, fitted: enc.value.fitted, sizes: enc.value.sizes };
  }
  const received = (port: MessagePort) =>
    new Promise<PortedData>((resolve) => {
      port.onmessage = (e: MessageEvent<PortedData>) => {
        port.close();
        resolve(e.data);
      };
    });

  it('the matrices go on the job\'s port; the job itself returns only the test rows and their targets (and the training split\'s hash and size)', async () => {
    const { client, table, spec, fitted, sizes } = await encoded();
    const { port1, port2 } = new MessageChannel();
    const arriving = received(port2);
    const res = await client.run({ type: 'training-data', table, spec, fitted, port: port1 });
    const message = await arriving;
    expect(res.ok && message.ok).toBe(true);
    if (!res.ok || !message.ok) return;
    const { data } = message;
    expect(Object.keys(res.value).sort()).toEqual(['testRows', 'testY', 'trainRows', 'trainSha256']);
    expect(res.value.trainRows).toBe(sizes.train);
    expect([data.train.n, data.validation.n, data.test.n]).toEqual([sizes.train, sizes.validation, sizes.test]);
    expect(data.train.x.length).toBe(sizes.train * data.features);
    expect(data.labels).toEqual(fitted.target.kind === 'classification' ? fitted.target.classes : undefined);
    expect(res.value.testRows.length).toBe(sizes.test);
    expect(Array.from(res.value.testY)).toEqual(Array.from(data.test.y));
  });

  it('when the matrices cannot be built, the port says why (the training job ends) and the job fails alike', async () => {
    const { client, table, spec, fitted } = await encoded();
    const { port1, port2 } = new MessageChannel();
    const arriving = received(port2);
    const res = await client.run({ type: 'training-data', table: { ...table, recipeKey: 'old' }, spec, fitted, port: port1 });
    const message = await arriving;
    expect(!res.ok && res.error.code).toBe('stale');
    expect(message).toEqual({ ok: false, problem: !res.ok && res.error });
  });
});
