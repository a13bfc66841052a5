import { denseParams } from './counts';
import { defineInfo } from '../types';

export type LinearRegressionParams = { l2: number };

/** y = w·x + b, fitted by gradient descent on the mean squared error (+ optional ridge penalty). */
export const linearRegressionInfo = defineInfo<LinearRegressionParams>({
  kind: 'neural',
  // With 1e-3, 50 epochs of Adam stop far from the least-squares fit
  // (Boston test R² 0.45 vs 0.69 at 1e-2).
  learningRate: 0.01,
  id: 'linear-regression',
  label: 'Linear regression',
  card: {
    summary: 'Predicts a number as a weighted sum of the features plus a constant.',
    goodFor: 'A first baseline; small data; when you want to read how much each feature pushes the prediction up or down.',
    watchOut: 'It can only draw straight lines: curved relationships and interactions between features are missed. Scale numeric features.',
  },
  tasks: ['regression'],
  defaultParams: { l2: 0 },
  fields: [
    { key: 'l2', label: 'L2 penalty (ridge)', kind: 'number', min: 0, max: 1, step: 0.0001, help: 'Pulls weights towards zero to reduce overfitting. 0 = plain least squares.' },
  ],
  paramCount: (_p, nFeatures) => denseParams(nFeatures, 1),
});
