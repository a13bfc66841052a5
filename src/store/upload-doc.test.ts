import { describe, expect, it } from 'vitest';
import { makeStudio, memoryPersistence } from './test-studio';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';
import type { DataClient } from '../worker/data-client';

/** A data client whose ingest never ends (the page closes while it reads); everything else is the real in-process one. */
function stuckIngest(real: DataClient): DataClient {
  return { ...real, run: ((req: Parameters<DataClient['run']>[0], o?: Parameters<DataClient['run']>[1]) => (req.type === 'ingest' ? new Promise(() => {}) : real.run(req, o))) as DataClient['run'] };
}

describe('a reload while a file is read (upload-doc.ts)', () => {
  it('says the upload was cut off, drops what was written for it, keeps the project, and says it once', async () => {
    const persistence = memoryPersistence();
    const tables = memoryTableStore();
    const first = makeStudio({ persistence, data: createInProcessClient(tables) });
    await first.actions.restore();
    await first.actions.loadFile(new Blob(['a,label\n1,x\n2,y\n3,x\n']), 'small.csv');
    await first.actions.setTarget('label');
    await first.flush();

    let n = 0;
    const reading = makeStudio({ persistence, data: stuckIngest(createInProcessClient(tables)), newId: () => `reading-${n++}` });
    await reading.actions.restore();
    void reading.actions.loadFile(new Blob(['b\n1\n']), 'big.csv');
    await reading.flush(); // autosave wrote the note; now the page "closes"
    const note = reading.store.getState().doc.upload!;
    expect(note.fileName).toBe('big.csv');
    expect(note.datasetId).not.toBe(first.store.getState().doc.dataset!.datasetId);
    await tables.put(note.datasetId, (await tables.get(first.store.getState().doc.dataset!.datasetId))!); // the worker had just written its table

    const after = makeStudio({ persistence, data: createInProcessClient(tables) });
    await after.actions.restore();
    const st = after.store.getState();
    expect(st.problem?.message).toBe('Reading “big.csv” was cut off: the page was closed or reloaded before the file was loaded, so the part read was discarded.');
    expect(st.problem?.hint).toBe('Load the file again.');
    expect(st.doc.dataset?.fileName).toBe('small.csv'); // the project as it was
    expect(st.doc.target?.column).toBe('label');
    expect(st.doc.upload).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(await tables.get(note.datasetId)).toBeUndefined();

    await after.flush();
    const again = makeStudio({ persistence, data: createInProcessClient(tables) });
    await again.actions.restore();
    expect(again.store.getState().problem).toBeUndefined();
  });
});
