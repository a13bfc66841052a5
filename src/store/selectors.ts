/** Derived views of the store (architecture rule 4): computed, never stored. */
import { recipeKey } from '../core/clean/recipe-key';
import { encodeKey } from '../core/jobs';
import { effectiveType, type TaskKind } from '../core/data/schema';
import type { StudioState } from './store';
import { STEPS, type StepId, type StepStatus } from './pipeline';

export function stepStatuses(s: StudioState): Record<StepId, StepStatus> {
  const { doc } = s;
  const out = {} as Record<StepId, StepStatus>;
  for (const step of STEPS) {
    if (step.id === doc.step) out[step.id] = 'current';
    else if (!step.built) out[step.id] = 'not-built';
    else out[step.id] = 'todo';
  }
  if (doc.dataset && doc.step !== 'upload') out.upload = 'done';
  if (doc.dataset && doc.clean && doc.step !== 'clean') {
    const fresh = doc.clean.recipeKey === recipeKey(doc.dataset.datasetId, doc.schema, doc.recipe);
    out.clean = fresh ? (doc.recipe.steps.length > 0 ? 'done' : 'todo') : 'out-of-date';
  }
  const art = doc.features?.artifact;
  const encodeFresh = !!(art && doc.clean && art.key === encodeKey(doc.clean.recipeKey, doc.features!.spec));
  const mark = (id: StepId, status: StepStatus) => {
    if (out[id] !== 'current') out[id] = status;
  };
  if (art) mark('encode', encodeFresh ? 'done' : 'out-of-date');
  if (doc.model) mark('model', 'done');
  const last = doc.runs?.filter((r) => r.metrics).at(-1);
  if (last) {
    const fresh = encodeFresh && last.inputsKey === art!.key;
    mark('train', fresh ? 'done' : 'out-of-date');
    mark('evaluate', fresh ? 'done' : 'out-of-date');
  }
  return out;
}

/** The task for the chosen target: the user's override, else the proposal from its summary. */
export function chosenTask(s: StudioState): TaskKind | undefined {
  const t = s.doc.target;
  if (!t) return undefined;
  return t.taskOverride ?? s.targetSummary?.summary.task ?? undefined;
}

export function columnTypeOf(s: StudioState, name: string) {
  const col = s.doc.schema.find((c) => c.name === name);
  return col ? effectiveType(col) : undefined;
}
