/** Wires the store, its actions and autosave together; the app instance is made in index.ts. */
import { createStudioStore, type Deps } from './store';
import { createDataActions } from './actions/data';
import { createRecipeActions } from './actions/recipe';
import { autosave } from './persist';
import { createModelActions } from './actions/model';
import { createBundleActions } from './actions/bundle';
import { createLmActions } from './actions/lm';
import { createDemoActions } from './actions/demo';
import { createServerKitActions } from './actions/server-kit';
import { createDatasetActions } from './actions/datasets';
import { createExperimentActions } from './actions/experiments';
import { createBatchActions } from './actions/batch';
import { createFairnessActions } from './actions/fairness';
import { createSearchActions } from './actions/search';
import { createInsideActions } from './actions/inside';
import { createChallengeActions } from './actions/challenge';
import { createTextInsideActions } from './actions/text-inside';
import { createSeq2seqActions } from './actions/seq2seq';
import { createFixActions } from './actions/fixes';

export function createStudio(deps: Deps) {
  const store = createStudioStore();
  const data = createDataActions(store, deps);
  const recipe = createRecipeActions(store, deps, () => data.runClean());
  const flush = autosave(store, deps.persistence);
  const model = createModelActions(store, deps);
  const bundle = createBundleActions(store, deps);
  const lm = createLmActions(store, deps, flush);
  const fairness = createFairnessActions(store, deps, { startReweighedTraining: model.startReweighedTraining, predictRecords: bundle.predictRecords });
  const batch = createBatchActions(store, deps);
  const experiments = createExperimentActions(store, deps);
  const datasets = createDatasetActions(store, deps, bundle);
  const inside = createInsideActions(store, deps);
  return { store, actions: { ...data, ...recipe, ...model, ...bundle, ...lm, ...createDemoActions(store, { ...bundle, ...lm }), ...createServerKitActions(store, deps, { ...bundle, ...lm }), ...datasets, ...experiments, ...batch, ...fairness, ...createSearchActions(store, deps), ...inside, ...createChallengeActions(store, deps), ...createFixActions(store, deps, inside.insideJob), ...createTextInsideActions(store, deps), ...createSeq2seqActions(store, deps) }, flush, deps };
}

export type Studio = ReturnType<typeof createStudio>;
