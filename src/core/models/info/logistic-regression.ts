import { denseParams } from './counts';
import { defineInfo } from '../types';

export type LogisticRegressionParams = { l2: number };

/**
 * Multinomial logistic regression: K linear scores turned into probabilities by softmax
 * (for two classes this is the usual logistic regression, written with two outputs).
 */
export const logisticRegressionInfo = defineInfo<LogisticRegressionParams>({
  kind: 'neural',
  // With 1e-3, 50 epochs of Adam stop far from the maximum-likelihood fit
  // (Seattle weather test accuracy 0.73 vs 0.81 at 1e-2).
  learningRate: 0.01,
  id: 'logistic-regression',
  label: 'Logistic regression',
  card: {
    summary: 'Gives each class a score that is a weighted sum of the features, then turns the scores into probabilities.',
    goodFor: 'A strong first baseline for classification; fast; its probabilities are usually well calibrated.',
    watchOut: 'The boundary between classes is a straight line (a flat plane): it cannot learn XOR-like patterns. Scale numeric features.',
  },
  tasks: ['classification'],
  defaultParams: { l2: 0.001 },
  fields: [
    { key: 'l2', label: 'L2 penalty', kind: 'number', min: 0, max: 1, step: 0.0001, help: 'Pulls weights towards zero: higher = simpler model, less overfitting.' },
  ],
  paramCount: (_p, nFeatures, nOutputs) => denseParams(nFeatures, nOutputs),
});
