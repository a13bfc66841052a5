/**
 * The seq2seq worker's storage failing (storage full): the view's state says what was not saved,
 * through the real client (worker/seq2seq-client.ts) and handler, the worker run in process.
 */
import { describe, expect, it } from 'vitest';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { createS2sClient } from '../worker/seq2seq-client';
import { createS2sHandler } from '../worker/seq2seq-handler';
import { memoryS2sStorage, unsavedProblem } from '../worker/seq2seq-storage';
import type { S2sRequest } from '../core/jobs';

/** The seq2seq handler behind a Worker-shaped object; its IndexedDB is memory that throws QuotaExceededError while `full`. */
function inProcessS2s() {
  const mem = memoryS2sStorage();
  const state = { full: false };
  const storage = {
    ...mem,
    put: async (e: Parameters<typeof mem.put>[0]) => {
      if (state.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      await mem.put(e);
    },
  };
  const worker = { onmessage: null as ((m: { data: unknown }) => void) | null, onerror: null, onmessageerror: null, terminate() {}, postMessage: (req: S2sRequest) => void handle(req) };
  const handle = createS2sHandler(async () => { throw new Error('no backend in this test'); }, (e) => worker.onmessage?.({ data: e }), storage);
  return { client: createS2sClient(() => worker as unknown as Worker), state, mem };
}

const CSV = 'word,phonemes\n' + Array.from({ length: 12 }, (_, i) => `w${i},W ${i}`).join('\n');

describe('seq2seq storage full', () => {
  it('says the pairs were not saved and how to recover, keeps them in use, and clears the message once a write works', async () => {
    const s2s = inProcessS2s();
    let id = 0;
    const s = createStudio({
      data: createInProcessClient(memoryTableStore()),
      train: createInProcessTrainClient(),
      persistence: { load: async () => undefined, save: async () => {}, clear: async () => {} },
      fetchBlob: async () => new Blob([CSV]),
      newId: () => `id${id++}`,
      s2s: s2s.client,
    });
    s2s.state.full = true;
    await s.actions.s2sLoadFile(new Blob([CSV]), 'pairs.csv');
    const t = s.store.getState().s2s!;
    expect(t.problem).toBeUndefined(); // the load itself worked
    expect(t.preview?.length).toBe(5);
    expect(t.unsaved?.data?.message).toBe('The pairs (pairs.csv) could not be saved on this device: storage is full.');
    expect(t.unsaved?.data?.hint).toMatch(/after a reload, load the file again/);
    expect(s2s.mem.entries.has('data')).toBe(false);

    // Space again: the next write of the pairs works and the message goes.
    s2s.state.full = false;
    await s.actions.s2sLoadFile(new Blob([CSV]), 'pairs.csv');
    expect(s.store.getState().s2s!.unsaved?.data).toBeUndefined();
    expect(s2s.mem.entries.has('data')).toBe(true);

    // A dismissed message stays dismissed.
    s2s.state.full = true;
    await s.actions.s2sLoadFile(new Blob([CSV]), 'pairs.csv');
    expect(s.store.getState().s2s!.unsaved?.data).toBeDefined();
    s.actions.s2sDismissUnsaved('data');
    expect(s.store.getState().s2s!.unsaved?.data).toBeUndefined();
  });

  it('names what a lost checkpoint or model costs, and other failures by their own message', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const ck = unsavedProblem({ kind: 'checkpoint', key: 'k', step: 250, bytes: new Uint8Array(), settings: {} as never, savedAt: 0 }, quota);
    expect(ck.message).toBe('The checkpoint at step 250 could not be saved on this device: storage is full.');
    expect(ck.hint).toMatch(/cannot resume from this step/);
    const model = unsavedProblem({ kind: 'model', bytes: new Uint8Array(), savedAt: 0 }, new Error('The database connection is closing.'));
    expect(model.message).toBe('The model could not be saved on this device: The database connection is closing.');
    expect(model.hint).toMatch(/Export bundle \(\.zip\)/);
  });
});
