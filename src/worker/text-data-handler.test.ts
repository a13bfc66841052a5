import { describe, expect, it } from 'vitest';
import { createInProcessClient, memoryTableStore } from './in-process-client';

const txt = (text: string) => new Blob([text], { type: 'text/plain' });

describe('data handler: text data', () => {
  it('ingest-texts: progress, then one done with a text/label table (typed text and categorical), stored', async () => {
    const store = memoryTableStore();
    const client = createInProcessClient(store);
    const files = [
      { path: 'reviews/pos/1.txt', file: txt('A great film') },
      { path: 'reviews/pos/2.txt', file: txt('Loved every minute') },
      { path: 'reviews/neg/1.txt', file: txt('Dull and slow') },
      { path: 'reviews/neg/2.txt', file: txt('I left early') },
    ];
    const res = await client.run({ type: 'ingest-texts', datasetId: 'd1', files, mode: 'file', fileName: 'reviews' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.fileName).toBe('reviews');
    expect(res.value.report).toMatchObject({ format: 'text', rowCount: 4, columnCount: 2, texts: { mode: 'file', files: 4, labels: 2 } });
    expect(res.value.schema).toEqual([
      { name: 'text', inferred: 'text' },
      { name: 'label', inferred: 'categorical' },
    ]);
    expect(res.value.profile.columnProfiles.map((p) => p.type)).toEqual(['text', 'categorical']);
    expect(store.tables.get('d1')?.rowCount).toBe(4);
    const mine = client.events.filter((e) => e.jobId === 't1');
    expect(mine.at(-1)!.type).toBe('done');
    expect(mine.slice(0, -1).every((e) => e.type === 'progress')).toBe(true);

    const prof = await client.run({ type: 'text-profile', table: { datasetId: 'd1', stage: 'raw' }, column: 'text', labelColumn: 'label' });
    expect(prof.ok).toBe(true);
    if (!prof.ok) return;
    expect(prof.value).toMatchObject({ column: 'text', texts: 4, vocabulary: 12, duplicates: 0 });
    expect(prof.value.classes!.map((c) => [c.label, c.texts])).toEqual([
      ['neg', 2],
      ['pos', 2],
    ]);
  });

  it('bad text input ends in one failed event with the message', async () => {
    const client = createInProcessClient();
    const res = await client.run({ type: 'ingest-texts', datasetId: 'd1', files: [{ path: 'empty.txt', file: txt('') }], mode: 'line', fileName: 'empty.txt' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toBe('"empty.txt" is empty: there is no text to learn from.');
    expect(client.events.filter((e) => e.type === 'failed')).toHaveLength(1);
    const missing = await client.run({ type: 'text-profile', table: { datasetId: 'nope', stage: 'raw' }, column: 'text' });
    expect(missing.ok).toBe(false);
  });
});
