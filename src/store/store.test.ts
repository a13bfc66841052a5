import { describe, expect, it } from 'vitest';
import { createStudio } from './studio';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';
import { stepStatuses } from './selectors';
import type { ProjectPersistence } from './store';

function memoryPersistence(): ProjectPersistence & { saved?: unknown } {
  const p: ProjectPersistence & { saved?: unknown } = {
    load: async () => p.saved,
    save: async (doc) => void (p.saved = structuredClone(doc)),
    clear: async () => void (p.saved = undefined),
  };
  return p;
}

function makeStudio(persistence = memoryPersistence(), tables = memoryTableStore()) {
  let id = 0;
  return createStudio({
    data: createInProcessClient(tables),
    train: createInProcessTrainClient(),
    persistence,
    fetchBlob: async () => new Blob(['a,b\n1,x\n2,y\n']),
    newId: () => `id${id++}`,
  });
}

const CSV = 'age,city,score\n30,Bern,1\n,Basel,2\n40,Bern,3\n50,,4\n30,Bern,1\n';

describe('studio store', () => {
  it('loads a file, cleans with an edited recipe, undoes and redoes', async () => {
    const s = makeStudio();
    await s.actions.restore();
    expect(await s.actions.loadFile(new Blob([CSV]), 'p.csv')).toBe(true);
    const st = () => s.store.getState();
    expect(st().doc.dataset?.report.rowCount).toBe(5);
    expect(st().doc.clean?.profile.rows).toBe(5);
    expect(stepStatuses(st()).upload).toBe('current');

    s.actions.addStep('drop-missing-rows', { columns: [] });
    await until(() => st().doc.clean?.profile.rows === 3);
    s.actions.addStep('remove-duplicates', { columns: [] });
    await until(() => st().doc.clean?.profile.rows === 2);
    s.actions.undo();
    await until(() => st().doc.clean?.profile.rows === 3);
    expect(st().doc.recipe.steps).toHaveLength(1);
    s.actions.redo();
    await until(() => st().doc.clean?.profile.rows === 2);
  });

  it('a failed load keeps the previous dataset and reports the problem', async () => {
    const s = makeStudio();
    await s.actions.restore();
    await s.actions.loadFile(new Blob([CSV]), 'p.csv');
    const before = s.store.getState().doc.dataset?.datasetId;
    expect(await s.actions.loadFile(new Blob(['']), 'empty.csv')).toBe(false);
    expect(s.store.getState().doc.dataset?.datasetId).toBe(before);
    expect(s.store.getState().problem?.fileName).toBe('empty.csv');
  });

  it('autosaves and restores the project (dataset, target, recipe with fitted stats)', async () => {
    const persistence = memoryPersistence();
    const tables = memoryTableStore();
    const a = makeStudio(persistence, tables);
    await a.actions.restore();
    await a.actions.loadFile(new Blob([CSV]), 'p.csv');
    await a.actions.setTarget('score');
    a.actions.addStep('impute', { columns: ['age'], strategy: 'median' });
    await until(() => a.store.getState().doc.recipe.steps[0]?.fitted !== undefined);
    await a.flush();

    const b = makeStudio(persistence, tables);
    await b.actions.restore();
    const doc = b.store.getState().doc;
    expect(doc.target?.column).toBe('score');
    expect(doc.recipe.steps[0]?.fitted).toEqual(a.store.getState().doc.recipe.steps[0]?.fitted);
    expect(b.store.getState().doc.clean?.profile.columnProfiles[0]?.missing).toBe(0);
    expect(b.store.getState().restoring).toBe(false);
  });

  it('a changed type marks the clean step out of date until it is recomputed', async () => {
    const s = makeStudio();
    await s.actions.restore();
    await s.actions.loadFile(new Blob([CSV]), 'p.csv');
    s.actions.goToStep('upload');
    s.store.setState((st) => ({ doc: { ...st.doc, schema: st.doc.schema.map((c) => (c.name === 'score' ? { ...c, override: 'categorical' as const } : c)) } }));
    expect(stepStatuses(s.store.getState()).clean).toBe('out-of-date');
    await s.actions.runClean();
    expect(stepStatuses(s.store.getState()).clean).toBe('todo');
  });
});

async function until(cond: () => boolean, ms = 3000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 5));
  }
}
