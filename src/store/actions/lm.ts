/**
 * Workflows of the language-model view: corpus → tokenizer → model → training (live logs,
 * evaluations, sample timeline, checkpoints, resume) → generation → export/import. Saved settings
 * and logs are in `doc.lm`; the live handles and the newest loss points are in the transient `lm`
 * state. Each action is a small named function (lm-corpus.ts, lm-model.ts, lm-training.ts,
 * lm-output.ts); this file binds them to one store.
 */
import type { Deps, StudioStore } from '../store';
import { patchT, type LmContext } from './lm-context';
import { lmLoadFiles, lmSetTokenizer, lmSetValFraction, lmUseSample, openLm } from './lm-corpus';
import { lmChoosePreset, lmProbe, lmSetBackend, lmSetModel } from './lm-model';
import { lmPause, lmResumeLive, lmResumeTraining, lmSetSettings, lmStartTraining, lmStop, lmTrainMore } from './lm-training';
import { createPretrainedActions } from './pretrained';
import { createPretrainedTuneActions } from './pretrained-finetune';
import { lmReproduce, lmReproduceImported } from './lm-reproduce';
import { lmExport, lmGenerate, lmImport, lmSetGenerate, lmStopGenerate, lmUseNewModel } from './lm-output';
import { lmEmbeddings, lmInspect } from './lm-inspect';

export type { LmTransient } from './lm-context';

type Args<F> = F extends (ctx: LmContext, ...args: infer A) => unknown ? A : never;

/** `saveNow` writes the project at once (autosave's flush): a checkpoint step must not wait for the debounce. */
export function createLmActions(store: StudioStore, deps: Deps, saveNow: () => Promise<void> = async () => {}) {
  const ctx: LmContext = { store, deps, saveNow, crashResumes: 0 };
  deps.lm?.onCrash(() => patchT(ctx, { gen: undefined, probing: false, job: undefined }));
  return {
    openLm: (...a: Args<typeof openLm>) => openLm(ctx, ...a),
    lmLoadFiles: (...a: Args<typeof lmLoadFiles>) => lmLoadFiles(ctx, ...a),
    lmUseSample: (...a: Args<typeof lmUseSample>) => lmUseSample(ctx, ...a),
    lmSetTokenizer: (...a: Args<typeof lmSetTokenizer>) => lmSetTokenizer(ctx, ...a),
    lmSetValFraction: (...a: Args<typeof lmSetValFraction>) => lmSetValFraction(ctx, ...a),
    lmChoosePreset: (...a: Args<typeof lmChoosePreset>) => lmChoosePreset(ctx, ...a),
    lmSetModel: (...a: Args<typeof lmSetModel>) => lmSetModel(ctx, ...a),
    lmSetSettings: (...a: Args<typeof lmSetSettings>) => lmSetSettings(ctx, ...a),
    lmSetBackend: (...a: Args<typeof lmSetBackend>) => lmSetBackend(ctx, ...a),
    lmSetGenerate: (...a: Args<typeof lmSetGenerate>) => lmSetGenerate(ctx, ...a),
    lmProbe: () => lmProbe(ctx),
    lmStartTraining: () => lmStartTraining(ctx),
    lmResumeTraining: () => lmResumeTraining(ctx),
    lmTrainMore: (...a: Args<typeof lmTrainMore>) => lmTrainMore(ctx, ...a),
    lmPause: () => lmPause(ctx),
    lmResumeLive: () => lmResumeLive(ctx),
    lmStop: () => lmStop(ctx),
    lmGenerate: () => lmGenerate(ctx),
    lmStopGenerate: () => lmStopGenerate(ctx),
    lmExport: (...a: Args<typeof lmExport>) => lmExport(ctx, ...a),
    lmImport: (...a: Args<typeof lmImport>) => lmImport(ctx, ...a),
    lmUseNewModel: () => lmUseNewModel(ctx),
    lmInspect: (...a: Args<typeof lmInspect>) => lmInspect(ctx, ...a),
    lmEmbeddings: () => lmEmbeddings(ctx),
    lmReproduce: () => lmReproduce(ctx),
    lmReproduceImported: () => lmReproduceImported(ctx),
    lmDismissProblem: () => patchT(ctx, { problem: undefined }),
    ...createPretrainedActions(ctx),
    ...createPretrainedTuneActions(ctx),
  };
}

export type LmActions = ReturnType<typeof createLmActions>;
