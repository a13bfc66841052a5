/**
 * For store tests, benches and deploy tests: a studio wired to the real data and training
 * handlers in-process, with its project saved in memory (`NO_PERSISTENCE` for tests that must
 * start empty on every restore). `overrides` replace any dependency.
 */
import { createStudio } from './studio';
import type { Deps, ProjectPersistence } from './store';
import { createInProcessClient, createInProcessTrainClient, memoryTableStore } from '../worker/in-process-client';

export const NO_PERSISTENCE: ProjectPersistence = { load: async () => undefined, save: async () => {}, clear: async () => {} };

export function memoryPersistence(): ProjectPersistence {
  let saved: unknown;
  let unreadable: unknown;
  return {
    load: async () => saved,
    save: async (d) => void (saved = structuredClone(d)),
    clear: async () => void (saved = undefined),
    keepUnreadable: async (k) => void (unreadable = structuredClone(k)),
    loadUnreadable: async () => unreadable,
  };
}

export function makeStudio(overrides: Partial<Deps> = {}) {
  let id = 0;
  return createStudio({
    data: createInProcessClient(memoryTableStore()),
    train: createInProcessTrainClient(),
    persistence: memoryPersistence(),
    fetchBlob: async () => new Blob(['']),
    newId: () => `id${id++}`,
    ...overrides,
  });
}

/** Restores the (empty) project, loads `csv` as data.csv, targets its `label` column and encodes with the default features. */
export async function loadTable(s: ReturnType<typeof makeStudio>, csv: string) {
  await s.actions.restore();
  await s.actions.loadFile(new Blob([csv]), 'data.csv');
  await s.actions.setTarget('label');
  await s.actions.ensureFeatures();
}
