import * as tf from '@tensorflow/tfjs';
import { addHead, denseLayer, dropoutLayer, layerSeeds } from './layers';
import { defineModel } from './types';
import { mlpInfo, type MlpParams } from './info/mlp';
export { MLP_ACTIVATIONS, type MlpActivation, type MlpParams } from './info/mlp';

/** mlp: the description in `info/mlp.ts` plus the tfjs graph (worker only). */
export const mlp = defineModel<MlpParams>({
  ...mlpInfo,
  build(p, nFeatures, nOutputs, task, seed) {
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    p.hiddenLayers.forEach((units, i) => {
      model.add(denseLayer(units, p.activation, seeds, p.l2, i === 0 ? nFeatures : undefined));
      if (p.dropout > 0) model.add(dropoutLayer(p.dropout, seeds));
    });
    addHead(model, task, nOutputs, seeds, p.l2, p.hiddenLayers.length === 0 ? nFeatures : undefined);
    return model;
  },
});
