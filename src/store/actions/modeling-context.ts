/**
 * What the modeling actions share: the store, the workers, and the patches every one of them
 * makes (the project document, one run by id). Each action is a small named function taking it.
 */
import type { Deps, StudioStore } from '../store';
import type { ProjectDoc } from '../project';
import type { RunRecord } from '../modeling';

export interface ModelingContext {
  store: StudioStore;
  deps: Deps;
  /** The speed test in progress: a training run waits for it (they share the training worker). */
  measuring?: Promise<void>;
}

export function patchDoc(ctx: ModelingContext, patch: Partial<ProjectDoc>) {
  ctx.store.setState((s) => ({ doc: { ...s.doc, ...patch } }));
}

/** The cleaned table the modeling steps read, when there is one. */
export function cleanRef(ctx: ModelingContext) {
  const { dataset, clean } = ctx.store.getState().doc;
  return dataset && clean ? { datasetId: dataset.datasetId, stage: 'clean' as const, recipeKey: clean.recipeKey } : undefined;
}

/** Patches run `id`; nothing when the project no longer has it (a stopped run's late events after "New project"). */
export function patchRun(ctx: ModelingContext, id: string, patch: Partial<RunRecord> | ((r: RunRecord) => Partial<RunRecord>)) {
  const runs = ctx.store.getState().doc.runs ?? [];
  if (runs.some((r) => r.id === id)) patchDoc(ctx, { runs: runs.map((r) => (r.id === id ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)) });
}
