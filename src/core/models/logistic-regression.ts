import * as tf from '@tensorflow/tfjs';
import { addHead, layerSeeds } from './layers';
import { defineModel } from './types';
import { logisticRegressionInfo, type LogisticRegressionParams } from './info/logistic-regression';
export { type LogisticRegressionParams } from './info/logistic-regression';

/** logisticRegression: the description in `info/logistic-regression.ts` plus the tfjs graph (worker only). */
export const logisticRegression = defineModel<LogisticRegressionParams>({
  ...logisticRegressionInfo,
  build(p, nFeatures, nOutputs, task, seed) {
    const model = tf.sequential();
    addHead(model, task, nOutputs, layerSeeds(seed), p.l2, nFeatures);
    return model;
  },
});
