import { describe, expect, it } from 'vitest';
import { createInProcessClient, memoryTableStore } from './in-process-client';
import type { TableStore } from './data-handler';

/** IndexedDB refusing a value too big for it aborts the put with an AbortError. */
function refusingStore(): TableStore {
  const inner = memoryTableStore();
  return { ...inner, put: () => Promise.reject(new DOMException('The transaction was aborted', 'AbortError')) };
}

describe('a table the browser will not store', () => {
  it('still loads, usable now, with a warning that a reload loses it (it read "Cancelled." before)', async () => {
    const client = createInProcessClient(refusingStore());
    const res = await client.run({ type: 'ingest', datasetId: 'd1', file: new Blob(['x,label\n1,a\n2,b\n']), options: { fileName: 'big.csv' } });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.report.warnings.map((w) => w.code)).toContain('not-stored');
    expect(res.value.report.warnings.find((w) => w.code === 'not-stored')?.message).toMatch(/loaded and usable now, but after a reload/);
    const rows = await client.run({ type: 'rows', table: { datasetId: 'd1', stage: 'raw' }, start: 0, end: 2, colStart: 0, colEnd: 2 });
    expect(rows.ok).toBe(true);
  });

  it('the same for text files', async () => {
    const client = createInProcessClient(refusingStore());
    const res = await client.run({ type: 'ingest-texts', datasetId: 'd2', files: [{ path: 'a.txt', file: new Blob(['one text\nanother text\n']) }], mode: 'line', fileName: 'a.txt' });
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.value.report.warnings.map((w) => w.code)).toContain('not-stored');
  });
});
