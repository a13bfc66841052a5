import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { foldTargetScale, scaleTargets, targetScale } from './target-scaling';

describe('target scaling', () => {
  it('standardises with the population std, and folding restores the original units exactly', async () => {
    await tf.setBackend('cpu');
    const s = targetScale([10, 20, 30, 40]); // mean 25, var (225+25+25+225)/4 = 125
    expect(s.mean).toBe(25);
    expect(s.std).toBeCloseTo(Math.sqrt(125), 12);
    expect(Array.from(scaleTargets([25, 25 + s.std], s))).toEqual([0, 1]);
    expect(targetScale([3, 3]).std).toBe(1); // constant target: no division by zero

    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    model.layers[0]!.setWeights([tf.tensor2d([[0.5], [-1]]), tf.tensor1d([0.25])]);
    const x = tf.tensor2d([[1, 2], [3, -1]]);
    const before = Array.from((model.predict(x) as tf.Tensor).dataSync()); // [-1.25, 2.75]
    foldTargetScale(model, { mean: 100, std: 4 });
    const after = Array.from((model.predict(x) as tf.Tensor).dataSync());
    after.forEach((v, i) => expect(v).toBeCloseTo(before[i]! * 4 + 100, 5));
  });
});
