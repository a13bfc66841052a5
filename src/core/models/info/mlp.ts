import { denseParams } from './counts';
import { defineInfo } from '../types';

export const MLP_ACTIVATIONS = ['relu', 'tanh', 'gelu', 'elu', 'selu', 'sigmoid'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

export type MlpParams = { hiddenLayers: readonly number[]; activation: MlpActivation; dropout: number; l2: number };

/**
 * Multilayer perceptron: dense hidden layers (each followed by dropout when rate > 0), then the
 * task head. tfjs `gelu` is the tanh approximation ('gelu_new' in Hugging Face terms), not
 * PyTorch's default erf form. `paramCount` takes nOutputs = K for classification, 1 for regression.
 */
export const mlpInfo = defineInfo<MlpParams>({
  kind: 'neural',
  id: 'mlp',
  label: 'Neural network (MLP)',
  card: {
    summary: 'Stacks layers of simple units; each layer bends the data a little more, so it can learn curved boundaries and interactions.',
    goodFor: 'Patterns a straight line cannot capture, with a few thousand rows or more.',
    watchOut: 'Needs scaled features, more data and more tuning (learning rate, epochs); it can overfit small datasets — watch the validation loss.',
  },
  tasks: ['classification', 'regression'],
  defaultParams: { hiddenLayers: [64, 32], activation: 'relu', dropout: 0, l2: 0 },
  fields: [
    { key: 'hiddenLayers', label: 'Hidden layers', kind: 'layers', min: 1, max: 1024, help: 'Units per hidden layer, e.g. 64, 32. More or wider layers = more capacity (and more overfitting).' },
    { key: 'activation', label: 'Activation', kind: 'select', options: MLP_ACTIVATIONS, help: 'The bend each unit applies. ReLU is a good default; gelu is the tanh approximation.' },
    { key: 'dropout', label: 'Dropout', kind: 'number', min: 0, max: 0.9, step: 0.05, help: 'Fraction of units switched off at random during training, to reduce overfitting.' },
    { key: 'l2', label: 'L2 penalty', kind: 'number', min: 0, max: 1, step: 0.0001, help: 'Pulls weights towards zero: higher = smoother model.' },
  ],
  paramCount(p, nFeatures, nOutputs) {
    let inputs = nFeatures;
    let total = 0;
    for (const units of p.hiddenLayers) {
      total += denseParams(inputs, units);
      inputs = units;
    }
    return total + denseParams(inputs, nOutputs);
  },
});
