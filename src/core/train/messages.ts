/** Messages a student understands when training cannot go on. */
import type { Hyperparams, NeuralData } from './types';

const usualRate = (optimizer: Hyperparams['optimizer']): number => (optimizer === 'sgd' ? 0.01 : 0.001);

/** A learning rate to try next: the optimiser's usual default, or a tenth of the current one. */
export function suggestedRate(hp: Pick<Hyperparams, 'optimizer' | 'learningRate'>): number {
  const usual = usualRate(hp.optimizer);
  return hp.learningRate > usual ? usual : Number((hp.learningRate / 10).toPrecision(2));
}

export function nanMessage(loss: number, epoch: number, hp: Pick<Hyperparams, 'optimizer' | 'learningRate'>): string {
  const what = Number.isNaN(loss) ? 'NaN' : 'infinite';
  return `The loss became ${what} at epoch ${epoch}: the learning rate (${hp.learningRate}) is probably too high; try ${suggestedRate(hp)}.`;
}

/** What a diverged run keeps instead of its NaN weights. */
export function keptWeights(bestEpoch: number): string {
  return bestEpoch > 0 ? `The model keeps its weights from epoch ${bestEpoch}, the best before the loss diverged.` : 'The model keeps its starting weights: no epoch finished with a finite loss.';
}

function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

/** Shapes and values checked before any tensor is made; null when the data can be trained on. */
export function checkData(d: NeuralData): string | null {
  const f = d.features;
  if (d.xTrain.length !== d.yTrain.length * f || d.xVal.length !== d.yVal.length * f) {
    throw new Error(`x and y disagree: ${d.xTrain.length} values for ${d.yTrain.length} rows × ${f} features`);
  }
  if (d.yTrain.length === 0) return 'There are no training rows: check the split and the cleaning steps.';
  for (const [name, x] of [['training', d.xTrain], ['validation', d.xVal]] as const) {
    const i = firstNonFinite(x);
    if (i >= 0) {
      return `The ${name} data has a missing or infinite value (row ${Math.floor(i / f) + 1}, feature ${(i % f) + 1}): impute or drop missing values before training.`;
    }
  }
  for (const [name, y] of [['training', d.yTrain], ['validation', d.yVal]] as const) {
    const i = firstNonFinite(y);
    if (i >= 0) return `The ${name} target has a missing value (row ${i + 1}): drop rows with a missing target before training.`;
    if (d.task === 'classification') {
      for (let r = 0; r < y.length; r++) {
        const c = y[r]!;
        if (!Number.isInteger(c) || c < 0 || c >= d.classes) throw new Error(`${name} y[${r}] = ${c} is not a class index in 0..${d.classes - 1}`);
      }
    }
  }
  return null;
}
