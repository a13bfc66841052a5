import * as tf from '@tensorflow/tfjs';
import { addHead, layerSeeds } from './layers';
import { defineModel } from './types';
import { linearRegressionInfo, type LinearRegressionParams } from './info/linear-regression';
export { type LinearRegressionParams } from './info/linear-regression';

/** linearRegression: the description in `info/linear-regression.ts` plus the tfjs graph (worker only). */
export const linearRegression = defineModel<LinearRegressionParams>({
  ...linearRegressionInfo,
  build(p, nFeatures, nOutputs, task, seed) {
    const model = tf.sequential();
    addHead(model, task, nOutputs, layerSeeds(seed), p.l2, nFeatures);
    return model;
  },
});
