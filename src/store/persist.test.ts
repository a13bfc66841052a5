import { describe, expect, it } from 'vitest';
import { createStudioStore, type StudioState } from './store';
import { autosave } from './persist';
import type { ProjectDoc } from './project';

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
