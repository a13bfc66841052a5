/** Warnings read off the training curves: overfitting and a diverging learning rate. */
import { pct, type GuideWarning } from './warning';

export const OVERFIT_EPOCHS = 3;
export const OVERFIT_RISE = 0.02;
export const DIVERGE_FACTOR = 10;

export interface CurvePoint {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

/**
 * Overfitting: the validation loss has stayed above its best for at least 3 epochs and ended ≥ 2 %
 * above it, while the training loss kept falling over the same epochs.
 */
export function overfittingWarning(epochs: readonly CurvePoint[], unit: 'epoch' | 'round' | 'evaluation' = 'epoch'): GuideWarning | undefined {
  const pts = epochs.filter((e) => Number.isFinite(e.valLoss) && Number.isFinite(e.trainLoss));
  if (pts.length < OVERFIT_EPOCHS + 1) return undefined;
  let best = 0;
  for (let i = 1; i < pts.length; i++) if (pts[i]!.valLoss < pts[best]!.valLoss) best = i;
  const last = pts.at(-1)!;
  const since = pts.length - 1 - best;
  const b = pts[best]!;
  const rise = (last.valLoss - b.valLoss) / Math.abs(b.valLoss || 1);
  if (since < OVERFIT_EPOCHS || rise < OVERFIT_RISE || !(last.trainLoss < b.trainLoss)) return undefined;
  return {
    kind: 'overfitting',
    title: 'The model has started to overfit',
    message: `Validation loss was lowest at ${unit} ${b.epoch} (${b.valLoss.toPrecision(3)}) and has been higher for the ${since} ${unit}s since (now ${last.valLoss.toPrecision(3)}, +${pct(rise)}), while training loss kept falling (${b.trainLoss.toPrecision(3)} → ${last.trainLoss.toPrecision(3)}): the model is memorising the training rows. Turn on early stopping, train fewer ${unit}s, or add regularisation (dropout, weight decay, a smaller model).`,
    rule: `Rule: validation loss above its best for ≥ ${OVERFIT_EPOCHS} ${unit}s and ≥ ${pct(OVERFIT_RISE)} higher, while training loss fell.`,
    terms: ['overfitting', 'validation-loss', 'early-stopping'],
  };
}

/**
 * Divergence: a loss that is not a number, or that grew to more than 10× its first value, or to
 * more than 10× `knowNothing` — the loss of a model that has learnt nothing (for K classes, guessing
 * each with 1/K: cross-entropy ln K). The last rule catches a run that blew up within its first
 * epoch, whose first logged loss is already huge.
 */
export function divergenceWarning(losses: readonly number[], learningRate?: number, knowNothing?: number): GuideWarning | undefined {
  if (losses.length === 0) return undefined;
  const first = losses.find((l) => Number.isFinite(l));
  const bad = losses.findIndex((l) => !Number.isFinite(l));
  const worst = losses.reduce((a, l) => (Number.isFinite(l) && l > a ? l : a), -Infinity);
  const grew = first !== undefined && first > 0 && worst > DIVERGE_FACTOR * first;
  const huge = knowNothing !== undefined && knowNothing > 0 && worst > DIVERGE_FACTOR * knowNothing;
  if (bad < 0 && !grew && !huge) return undefined;
  const lr = learningRate !== undefined ? ` (${learningRate})` : '';
  const seen = bad >= 0 ? 'The loss became NaN (not a number)' : grew ? `The loss grew from ${first!.toPrecision(3)} to ${worst.toPrecision(3)}` : `The loss reached ${worst.toPrecision(3)}, over ${DIVERGE_FACTOR}× the ${knowNothing!.toPrecision(3)} of a model that knows nothing`;
  return {
    kind: 'divergence',
    title: 'Training diverged',
    message: `${seen}: instead of settling, each update overshoots and makes things worse. The usual cause is a learning rate${lr} that is too high: try one ten times smaller.`,
    rule: `Rule: a loss that is NaN or infinite, or more than ${DIVERGE_FACTOR}× its first value${knowNothing !== undefined ? ` or than a know-nothing model's (${knowNothing.toPrecision(3)})` : ''}.`,
    terms: ['divergence', 'learning-rate', 'loss'],
  };
}
