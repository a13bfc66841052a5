/**
 * "Reproduce" for a language model: train the current run again from scratch — same corpus,
 * tokenizer, model size, settings (seed included), backend and number of steps — and record on the
 * new run whether its training losses and evaluations match the original's at the same steps, and
 * whether the stamp's data and recipe hashes match. The new run replaces the original as the
 * view's model (the view holds one run); the original's losses and evaluations are kept in the
 * reproduction record.
 */
import { compareLmRuns, lmReproduceTolerance, lmReproductionVerdict } from '../../core/jobs/lm-reproduce';
import { lmRunStamp } from '../lm-stamp';
import { fail, lmOf, patchLmRun, type LmContext } from './lm-context';
import { lmStartTraining } from './lm-training';

export async function lmReproduce(ctx: LmContext): Promise<string | undefined> {
  const l = lmOf(ctx);
  const original = l.run;
  if (!original || ctx.store.getState().lm?.live) return undefined;
  const before = lmRunStamp(original);
  if (!before || original.step === 0) {
    fail(ctx, { message: 'This run has no reproducibility stamp, so it cannot be reproduced.', hint: 'Train a new run (runs from before stamps, or on a text prepared before them, have none).' });
    return undefined;
  }
  if (!l.corpus) {
    fail(ctx, { message: 'Load the text the run was trained on first.', hint: 'Reproducing trains again on the loaded text.' });
    return undefined;
  }
  if (original.continues && !(l.useImported && l.imported?.fileName === original.continues)) {
    fail(ctx, { message: `This run continued the imported model ${original.continues}, which is no longer the model being trained.`, hint: 'Import that model again, load the text, then reproduce.' });
    return undefined;
  }
  // The same trajectory to the same step: the schedule follows lrDecayIters, not the step budget.
  const settings = { ...original.settings, maxIters: original.step };
  const id = await lmStartTraining(ctx, { config: { ...original.config, vocabSize: l.corpus.vocabSize }, settings, backend: original.backend ?? l.backend });
  const again = lmOf(ctx).run;
  if (!id || again?.id !== id || again.status !== 'done') return id;
  const after = lmRunStamp(again);
  const comparison = compareLmRuns(original, again);
  const backend = again.backend ?? original.backend;
  const tolerance = lmReproduceTolerance(backend);
  patchLmRun(
    ctx,
    {
      reproduction: {
        ...comparison,
        of: original.id,
        ofLabel: `the run of ${new Date(original.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        dataMatches: !!after && after.dataSha256 === before.dataSha256,
        recipeMatches: !!after && after.recipeSha256 === before.recipeSha256,
        metrics: lmReproductionVerdict(comparison, tolerance),
        tolerance,
        ...(backend ? { backend } : {}),
      },
    },
    id,
  );
  return id;
}
