/** Wires the store, its actions and autosave together; the app instance is made in index.ts. */
import { createStudioStore, type Deps } from './store';
import { createDataActions } from './actions/data';
import { createRecipeActions } from './actions/recipe';
import { autosave } from './persist';
import { createModelActions } from './actions/model';
import { createBundleActions } from './actions/bundle';
import { createLmActions } from './actions/lm';
import { createSearchActions } from './actions/search';

export function createStudio(deps: Deps) {
  const store = createStudioStore();
  const data = createDataActions(store, deps);
  const recipe = createRecipeActions(store, deps, () => data.runClean());
  const flush = autosave(store, deps.persistence);
  const model = createModelActions(store, deps);
  const bundle = createBundleActions(store, deps);
  const lm = createLmActions(store, deps, flush);
  return { store, actions: { ...data, ...recipe, ...model, ...bundle, ...lm, ...createSearchActions(store, deps) }, flush, deps };
}

export type Studio = ReturnType<typeof createStudio>;
