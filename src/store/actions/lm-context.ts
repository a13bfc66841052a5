/**
 * What the language-model actions share: the store, the LM worker's client, the saved `doc.lm`
 * and the transient `lm` state, and the patches they all make. Each action is a small named
 * function taking it (lm-corpus.ts, lm-model.ts, lm-training.ts, lm-output.ts).
 */
import type { Problem } from '../../core/util/result';
import type { CorpusFile } from '../../core/jobs';
import type { LmGenerateHandle, LmTrainHandle } from '../../worker/lm-client';
import type { PretrainedTransient } from './pretrained';
import type { PretrainedTuneTransient } from './pretrained-finetune';
import { defaultLmDoc, restoreLm, type LmDoc, type LmRun } from '../lm-doc';
import type { Deps, StudioStore } from '../store';

export interface LmTransient {
  job?: { label: string; done: number; total: number };
  /** The files of the current corpus, kept in memory to re-tokenize with other settings. */
  files?: CorpusFile[];
  live?: { runId: string; handle: LmTrainHandle; points: [number, number][]; tokensPerSec?: number; lr?: number };
  /** notice: its GPU was lost and the text was generated on WebAssembly (actions/generate-fallback.ts). */
  gen?: { text: string; running: boolean; handle?: LmGenerateHandle; tokensPerSec?: number; notice?: string };
  probing?: boolean;
  busy?: 'export' | 'import';
  problem?: Problem;
  pretrained?: PretrainedTransient;
  pretrainedTune?: PretrainedTuneTransient;
}

export interface LmContext {
  store: StudioStore;
  deps: Deps;
  /** Writes the project at once (autosave's flush): a checkpoint step must not wait for the debounce. */
  saveNow: () => Promise<void>;
  /** Automatic resumes after worker crashes in the current run (at most two). */
  crashResumes: number;
}

const NOT_AVAILABLE: Problem = { message: 'Language models are not available here.', hint: 'This studio was started without its language-model worker.' };

/** The saved LM document (filled in when it comes from an older studio). */
export const lmOf = (ctx: LmContext): LmDoc => restoreLm(ctx.store.getState().doc.lm) ?? defaultLmDoc();

export function patchLm(ctx: LmContext, patch: Partial<LmDoc> | ((l: LmDoc) => Partial<LmDoc>)) {
  ctx.store.setState((s) => {
    const cur = restoreLm(s.doc.lm) ?? defaultLmDoc();
    return { doc: { ...s.doc, lm: { ...cur, ...(typeof patch === 'function' ? patch(cur) : patch) } } };
  });
}

/**
 * Patches the current run, or only the run `id` when given: nothing when there is no such run
 * (a stopped run's late events after "New project" or after a new run started).
 */
export function patchLmRun(ctx: LmContext, patch: Partial<LmRun> | ((r: LmRun) => Partial<LmRun>), id?: string) {
  const run = ctx.store.getState().doc.lm?.run;
  if (run && (id === undefined || run.id === id)) patchLm(ctx, (l) => ({ run: { ...l.run!, ...(typeof patch === 'function' ? patch(l.run!) : patch) } }));
}

export function patchT(ctx: LmContext, patch: Partial<LmTransient>) {
  ctx.store.setState((s) => ({ lm: { ...s.lm, ...patch } }));
}

export function fail(ctx: LmContext, problem: Problem) {
  patchT(ctx, { problem, job: undefined });
}

/** The LM worker's client; a problem to show when this studio runs without one. */
export function lmClient(ctx: LmContext) {
  if (!ctx.deps.lm) fail(ctx, NOT_AVAILABLE);
  return ctx.deps.lm;
}
