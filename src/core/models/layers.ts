/**
 * Layer helpers shared by the neural families: seeded initialisation (rule 7), the softmax head
 * that the training loop skips to get logits, and a dropout whose mask changes every step.
 */
import * as tf from '@tensorflow/tfjs';
import type { TaskKind } from '../data/schema';
import { createRng, type Rng } from '../util/rng';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Dropout with a seed that advances on every training call. tfjs's own `dropout({ seed })` redraws
 * the *same* mask on every call (it reseeds the generator each time), which silently turns dropout
 * into a fixed thinner network; without a seed it draws unseeded random numbers and runs are not reproducible.
 * Identity at inference. Registered for (de)serialisation: import this module before loading a model.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private calls = 0;

  constructor(args: LayerArgs & { rate: number; seed: number }) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate <= 0) return x;
    const seed = (this.seed + this.calls++) % 2147483647;
    return tf.tidy(() => {
      const keep = tf.randomUniform(x.shape, 0, 1, 'float32', seed).greaterEqual(this.rate).toFloat();
      return x.mul(keep).mul(1 / (1 - this.rate));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** A stream of layer seeds derived from the model seed (glorotUniform and dropout each take one). */
export const layerSeeds = (seed: number): Rng => createRng(seed);
const nextSeed = (rng: Rng): number => rng.int(2147483647);

export function denseLayer(
  units: number,
  activation: 'linear' | 'relu' | 'tanh' | 'elu' | 'selu' | 'sigmoid' | 'gelu',
  seeds: Rng,
  l2: number,
  inputFeatures?: number,
): tf.layers.Layer {
  return tf.layers.dense({
    units,
    activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed(seeds) }),
    biasInitializer: 'zeros',
    ...(l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {}),
    ...(inputFeatures !== undefined ? { inputShape: [inputFeatures] } : {}),
  });
}

export function dropoutLayer(rate: number, seeds: Rng): tf.layers.Layer {
  return new SeededDropout({ rate, seed: nextSeed(seeds) });
}

/**
 * Adds the output: regression one linear unit; classification K logits then a softmax `Activation`
 * layer (also for K = 2, so metrics code sees n × K probabilities for every classifier).
 */
export function addHead(model: tf.Sequential, task: TaskKind, nOutputs: number, seeds: Rng, l2: number, inputFeatures?: number): void {
  const units = task === 'classification' ? nOutputs : 1;
  model.add(denseLayer(units, 'linear', seeds, l2, inputFeatures));
  if (task === 'classification') model.add(tf.layers.activation({ activation: 'softmax' }));
}

export { denseParams } from './info/counts';

/** The final softmax layer that `addHead` adds, if the model has one. */
export function isSoftmaxHead(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'Activation' && layer.getConfig()['activation'] === 'softmax';
}

/**
 * L2 coefficients of kernels, read from each layer's `kernelRegularizer` config. tfjs only collects
 * regulariser losses inside `model.fit`; the custom loop adds `l2 · Σ w²` itself from this list.
 */
export function kernelL2(model: tf.LayersModel): { kernel: tf.Variable; l2: number }[] {
  const out: { kernel: tf.Variable; l2: number }[] = [];
  for (const layer of model.layers) {
    const reg = layer.getConfig()['kernelRegularizer'] as { config?: { l2?: number } } | null | undefined;
    const l2 = reg?.config?.l2 ?? 0;
    if (!(l2 > 0)) continue;
    const kernel = layer.trainableWeights.find((w) => w.shape.length >= 2);
    if (kernel) out.push({ kernel: kernel.read() as tf.Variable, l2 });
  }
  return out;
}
