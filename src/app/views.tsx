/**
 * The table of views. Only the upload step is part of the first load; every other step and the
 * language-model view is its own chunk, fetched when first shown (React.lazy), with a skeleton
 * meanwhile, and prefetched while the user is one step away from it, so moving on rarely waits.
 * A new built step is one line here and one in store/pipeline.ts.
 */
import { lazy, type ComponentType } from 'react';
import { STEPS, type StepId } from '../store';
import { UploadStep } from '../steps/upload/upload-step';

type Loader = () => Promise<ComponentType>;

const STEP_LOADERS: Partial<Record<StepId, Loader>> = {
  clean: () => import('../steps/clean/clean-step').then((m) => m.CleanStep),
  encode: () => import('../steps/encode/encode-step').then((m) => m.EncodeStep),
  model: () => import('../steps/model/model-step').then((m) => m.ModelStep),
  train: () => import('../steps/train/train-step').then((m) => m.TrainStep),
  evaluate: () => import('../steps/evaluate/evaluate-step').then((m) => m.EvaluateStep),
  export: () => import('../steps/export/export-step').then((m) => m.ExportStep),
};

const loadLm: Loader = () => import('../steps/lm/lm-view').then((m) => m.LmView);
const loadSeq2seq: Loader = () => import('../steps/seq2seq/seq2seq-view').then((m) => m.Seq2seqView);

const lazyView = (load: Loader) => lazy(() => load().then((c) => ({ default: c })));

export const STEP_VIEWS: Partial<Record<StepId, ComponentType>> = {
  upload: UploadStep,
  ...Object.fromEntries(Object.entries(STEP_LOADERS).map(([id, load]) => [id, lazyView(load)])),
};

export const LmView = lazyView(loadLm);
export const Seq2seqView = lazyView(loadSeq2seq);

/** Starts fetching a view's code without showing it; failures are left to the real load. */
const prefetch = (load: Loader | undefined) => void load?.().catch(() => undefined);

/** Prefetches the steps just before and after `step`. */
export function prefetchNeighbours(step: StepId): void {
  const i = STEPS.findIndex((s) => s.id === step);
  for (const s of [STEPS[i + 1], STEPS[i - 1]]) if (s) prefetch(STEP_LOADERS[s.id]);
}

export const prefetchLm = (): void => prefetch(loadLm);

/** What a view shows while its code loads: the shape of a step, not a spinner. */
export function ViewSkeleton() {
  return (
    <div className="view-skeleton" role="status" aria-busy="true">
      <span className="sr-only">Loading this step…</span>
      <div className="skeleton-line wide" />
      <div className="skeleton-line" />
      <div className="skeleton-block" />
    </div>
  );
}
