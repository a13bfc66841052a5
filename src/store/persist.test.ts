import { afterEach, describe, expect, it, vi } from 'vitest';
import { autosave } from './persist';
import { createStudioStore, type StudioState } from './store';
import type { ProjectDoc } from './project';

afterEach(() => void vi.useRealTimers());

function setup() {
  vi.useFakeTimers();
  const store = createStudioStore();
  store.setState({ restoring: false }); // as after restore()
  const saves: number[] = [];
  const docs: ProjectDoc[] = [];
  const persistence = { load: async () => undefined, save: async (d: ProjectDoc) => void (saves.push(Date.now()), docs.push(d)), clear: async () => {} };
  const flush = autosave(store, persistence, 250, 3000, 1000);
  const change = (step: 'upload' | 'clean') => store.setState((s) => ({ doc: { ...s.doc, step } }));
  return { store, saves, docs, flush, change };
}

describe('autosave', () => {
  it('saves once changes settle for the delay', async () => {
    const { saves, change } = setup();
    const t0 = Date.now();
    change('clean');
    await vi.advanceTimersByTimeAsync(100);
    change('upload');
    await vi.advanceTimersByTimeAsync(249);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual([t0 + 350]);
  });

  it('saves within the longest wait while changes keep coming, and again after them', async () => {
    const { saves, change } = setup();
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      change(i % 2 ? 'upload' : 'clean');
      await vi.advanceTimersByTimeAsync(200);
    }
    // A change every 200 ms never lets the 250 ms debounce fire; the 1 s cap does.
    expect(saves.length).toBeGreaterThanOrEqual(3);
    expect(saves[0]! - t0).toBeLessThanOrEqual(1000);
    for (let i = 1; i < saves.length; i++) expect(saves[i]! - saves[i - 1]!).toBeLessThanOrEqual(1200);
  });

  it('saves the end of an upload on the next tick, with what the same tick patched', async () => {
    const { store, docs } = setup();
    store.setState((s) => ({ doc: { ...s.doc, upload: { fileName: 'iris.csv', datasetId: 'd1' } } }));
    await vi.advanceTimersByTimeAsync(250);
    expect(docs.map((d) => d.upload?.fileName)).toEqual(['iris.csv']);
    store.setState((s) => ({ doc: { ...s.doc, upload: undefined } }));
    store.setState((s) => ({ doc: { ...s.doc, step: 'clean' } }));
    await vi.advanceTimersByTimeAsync(0);
    // Not 250 ms later: a reload then would find only the marker and drop the table it names.
    expect(docs).toHaveLength(2);
    expect(docs[1]).toMatchObject({ upload: undefined, step: 'clean' });
    // Later changes are debounced again.
    store.setState((s) => ({ doc: { ...s.doc, step: 'upload' } }));
    await vi.advanceTimersByTimeAsync(249);
    expect(docs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(docs).toHaveLength(3);
  });

  it('flush writes a pending change at once', async () => {
    const { saves, change, flush } = setup();
    change('clean');
    await flush();
    expect(saves).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves).toHaveLength(1);
  });
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('autosave while a run trains', () => {
  it('saves at most once per live interval, however often the run updates, and the newest doc each time', async () => {
    const store = createStudioStore();
    const saved: ProjectDoc[] = [];
    autosave(store, { save: async (d) => void saved.push(d), load: async () => undefined, clear: async () => {} }, 10, 120);
    store.setState({ restoring: false, live: {} as StudioState['live'] });
    const t0 = Date.now();
    let n = 0;
    while (Date.now() - t0 < 400) {
      store.setState((s) => ({ doc: { ...s.doc, createdAt: ++n } }));
      await wait(5);
    }
    await wait(150);
    // About 400 / 120 + 1 saves for some 60 updates: neither one per update nor none until the run ends.
    expect(n).toBeGreaterThan(20);
    expect(saved.length).toBeGreaterThanOrEqual(2);
    expect(saved.length).toBeLessThanOrEqual(5);
    expect(saved.at(-1)!.createdAt).toBe(n); // the last save wrote the latest document
    // The run ends: the next change is saved after the ordinary short delay.
    store.setState((s) => ({ live: undefined, doc: { ...s.doc, createdAt: -1 } }));
    await wait(40);
    expect(saved.at(-1)!.createdAt).toBe(-1);
  });
});
