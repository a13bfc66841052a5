/**
 * "Reproduce" for a language model: train again from scratch — same corpus, tokenizer, model size,
 * settings (seed included), backend and number of steps — and record on the new run whether its
 * training losses and evaluations match the original's at the same steps, and whether the stamp's
 * data and recipe hashes match. The original is the view's current run, or an imported ML Studio
 * LM bundle (its stamp and training log; trained on the loaded text). The new run replaces the
 * current one as the view's model (the view holds one run); the reproduction record keeps the
 * original's figures.
 */
import { parseStamp, type ReproStamp } from '../../core/bundle/stamp';
import type { BackendName, GptConfig, LmTrainSettings } from '../../core/jobs';
import { compareLmRuns, lmReproduceTolerance, lmReproductionVerdict, type LmRunLog } from '../../core/jobs/lm-reproduce';
import { lmRunStamp } from '../lm-stamp';
import { fail, lmOf, patchLmRun, type LmContext } from './lm-context';
import { lmStartTraining } from './lm-training';

const BACKENDS: readonly string[] = ['cpu', 'wasm', 'webgl', 'webgpu'] satisfies BackendName[];

interface Original {
  of: string;
  ofLabel: string;
  stamp: ReproStamp;
  log: LmRunLog;
  config: GptConfig;
  settings: LmTrainSettings;
  steps: number;
  /** Train from scratch even though an imported model is the one being trained (reproducing that model). */
  fresh: boolean;
}

async function reproduce(ctx: LmContext, o: Original): Promise<string | undefined> {
  const l = lmOf(ctx);
  if (!l.corpus) {
    fail(ctx, { message: 'Load the text the model was trained on first.', hint: 'Reproducing trains again on the loaded text.' });
    return undefined;
  }
  const backend = o.stamp.backend && BACKENDS.includes(o.stamp.backend) ? (o.stamp.backend as BackendName) : l.backend;
  // The same trajectory to the same step: the schedule follows lrDecayIters, not the step budget.
  const id = await lmStartTraining(ctx, { config: { ...o.config, vocabSize: l.corpus.vocabSize }, settings: { ...o.settings, maxIters: o.steps }, backend, fresh: o.fresh });
  const again = lmOf(ctx).run;
  if (!id || again?.id !== id || again.status !== 'done') return id;
  const after = lmRunStamp(again);
  const comparison = compareLmRuns(o.log, again);
  const used = again.backend ?? o.stamp.backend ?? undefined;
  const tolerance = lmReproduceTolerance(used);
  patchLmRun(
    ctx,
    {
      reproduction: {
        ...comparison,
        of: o.of,
        ofLabel: o.ofLabel,
        dataMatches: !!after && after.dataSha256 === o.stamp.dataSha256,
        recipeMatches: !!after && after.recipeSha256 === o.stamp.recipeSha256,
        metrics: lmReproductionVerdict(comparison, tolerance),
        tolerance,
        ...(used ? { backend: used } : {}),
      },
    },
    id,
  );
  return id;
}

/** Reproduces the view's current run. */
export async function lmReproduce(ctx: LmContext): Promise<string | undefined> {
  const l = lmOf(ctx);
  const original = l.run;
  if (!original || ctx.store.getState().lm?.live) return undefined;
  const stamp = lmRunStamp(original);
  if (!stamp || original.step === 0) {
    fail(ctx, { message: 'This run has no reproducibility stamp, so it cannot be reproduced.', hint: 'Train a new run (runs from before stamps, or on a text prepared before them, have none).' });
    return undefined;
  }
  if (original.continues && !(l.useImported && l.imported?.fileName === original.continues)) {
    fail(ctx, { message: `This run continued the imported model ${original.continues}, which is no longer the model being trained.`, hint: 'Import that model again, load the text, then reproduce.' });
    return undefined;
  }
  const ofLabel = `the run of ${new Date(original.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return reproduce(ctx, { of: original.id, ofLabel, stamp, log: original, config: original.config, settings: original.settings, steps: original.step, fresh: false });
}

/** Reproduces the training of an imported ML Studio LM bundle on the loaded text (its stamp says whether text and settings are the same). */
export async function lmReproduceImported(ctx: LmContext): Promise<string | undefined> {
  const imported = lmOf(ctx).imported;
  const stamp = parseStamp(imported?.stamp);
  if (!imported || ctx.store.getState().lm?.live) return undefined;
  if (!stamp || stamp.kind !== 'lm' || !imported.training) {
    fail(ctx, { message: 'This model carries no stamp and training log of an ML Studio language-model run, so it cannot be reproduced.', hint: 'Export it again from a current ML Studio.' });
    return undefined;
  }
  const t = imported.training;
  return reproduce(ctx, { of: imported.runId, ofLabel: imported.fileName, stamp, log: t, config: t.config, settings: t.settings, steps: imported.step, fresh: true });
}
