/** The app's store instance, its actions, and the React hook the steps use. */
import { useStore } from 'zustand';
import { createStudioStore, type Deps, type StudioState } from './store';
import { createDataActions } from './actions/data';
import { createRecipeActions } from './actions/recipe';
import { autosave, idbPersistence } from './persist';
import { createDataClient } from '../worker/data-client';

export function createStudio(deps: Deps) {
  const store = createStudioStore();
  const data = createDataActions(store, deps);
  const recipe = createRecipeActions(store, deps, () => data.runClean());
  const flush = autosave(store, deps.persistence);
  return { store, actions: { ...data, ...recipe }, flush, deps };
}

export type Studio = ReturnType<typeof createStudio>;

let nextId = 0;
export const studio: Studio = createStudio({
  data: createDataClient(),
  persistence: idbPersistence,
  fetchBlob: async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${res.status} ${url}`);
    return res.blob();
  },
  newId: () => `${Date.now().toString(36)}-${(nextId++).toString(36)}`,
});

export const actions = studio.actions;

export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(studio.store, selector);
}

export { STEPS, STEP_IDS, type StepId, type StepStatus } from './steps';
export { stepStatuses } from './selectors';
