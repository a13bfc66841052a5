import * as tf from '@tensorflow/tfjs';
import { BertEncoder } from './bert-layers';
import { bertEncoderInfo, type BertEncoderParams } from './info/bert-encoder';
import { denseLayer, layerSeeds } from './layers';
import { nextLayerSeed } from './text-common';
import { defineModel } from './types';

export { BERT_ENCODER_ID } from './info/bert-encoder';

/**
 * bertEncoder: the description in `info/bert-encoder.ts` plus the tfjs graph (worker only):
 * BertEncoder (checkpoint weights) → Dense (fresh seeded, or the checkpoint's classifier) → softmax.
 */
export const bertEncoder = defineModel<BertEncoderParams>({
  ...bertEncoderInfo,
  build(p, maxLength, nOutputs, task, seed, ctx) {
    const pre = ctx?.pretrained;
    // The train worker checks these first with student-facing messages (worker/pretrained-context.ts).
    if (!pre?.weights) throw new Error('bert-encoder needs BuildContext.pretrained with weights');
    if (task !== 'classification') throw new Error('bert-encoder is for classification');
    if (maxLength + 2 > pre.arch.maxPositions) throw new Error(`texts of ${maxLength} tokens plus [CLS] and [SEP] exceed ${pre.arch.maxPositions} positions`);
    const seeds = layerSeeds(seed);
    const model = tf.sequential();
    const encoder = new BertEncoder({ ...pre.arch, dropout: p.dropout, seed: nextLayerSeed(seeds), inputShape: [maxLength] });
    model.add(encoder);
    model.add(denseLayer(nOutputs, 'linear', seeds, 0, pre.arch.hidden));
    model.add(tf.layers.activation({ activation: 'softmax' }));
    const weights = pre.weights;
    const set = (layer: tf.layers.Layer, values: tf.Tensor[]) => {
      layer.setWeights(values);
      tf.dispose(values);
    };
    set(encoder, encoder.hfNames.map((n, i) => tf.tensor(weights[n]!, encoder.weights[i]!.shape as number[])));
    if (p.head === 'checkpoint' && pre.classifier?.numLabels === nOutputs) {
      const { weight, bias } = pre.classifier;
      const kernel = tf.tidy(() => tf.transpose(tf.tensor2d(weight, [nOutputs, pre.arch.hidden])));
      set(model.layers[1]!, [kernel, tf.tensor1d(bias)]);
    }
    return model;
  },
});
