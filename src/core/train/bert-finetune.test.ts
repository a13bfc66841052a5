/**
 * Fine-tuning the pretrained BERT encoder through the studio's normal training loop (trainNeural,
 * AdamW): a generated checkpoint learns a two-class text task above the majority rate on held-out
 * texts, and the trained model survives the bundle's tfjs serialisation with identical outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelToParts, tryModelFromParts } from '../bundle/tfjs-io';
import { encodeIds } from '../text';
import { encoderOf, readBertFolder } from '../lm/bert-read';
import { bertVocab, hfBertFolder, randomBertWeights, tinyBertConfig } from '../lm/bert-test-files';
import { bertEncoder } from '../models/bert-encoder';
import { withSpecials } from '../models/bert-layers';
import { bertHfFolder } from '../lm/bert-export';
import { hasTorch, torchBert } from '../lm/reference/bert-torch';
import { createTrainController } from './control';
import { predictLayers } from './predict';
import { trainNeural } from './train-neural';
import { DEFAULT_HYPERPARAMS } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SPAM = ['free', 'prize', 'win', 'cash', 'claim', 'urgent', 'txt'];
const HAM = ['hello', 'see', 'you', 'later', 'lunch', 'thanks', 'home'];
const FILL = ['the', 'a', 'now', 'call', 'today', 'my'];

function texts(n: number, seed: number): { text: string; y: number }[] {
  let s = seed;
  const r = (k: number) => ((s = (s * 1103515245 + 12345) % 2147483648), s % k);
  return Array.from({ length: n }, (_, i) => {
    const y = i % 3 === 0 ? 1 : 0;
    const words = Array.from({ length: 3 + r(4) }, (_, j) => (j % 2 === 0 ? (y ? SPAM : HAM)[r(7)]! : FILL[r(6)]!));
    return { text: words.join(' '), y };
  });
}

describe('BERT fine-tuning through the training loop', () => {
  it('learns held-out texts above the majority rate, and round-trips through the bundle format', async () => {
    const vocab = bertVocab([...SPAM, ...HAM, ...FILL]);
    const config = tinyBertConfig({ vocabSize: vocab.length, hidden: 32, intermediate: 64, layers: 2, heads: 4 });
    const loaded = readBertFolder(hfBertFolder(config, randomBertWeights(config, 4), { vocab }));
    const L = 8;
    const encode = (rows: { text: string; y: number }[]) => {
      const x = new Float32Array(rows.length * L);
      rows.forEach((r, i) => encodeIds(loaded.tokenizer, r.text, L, x, i * L));
      return { x, y: Float32Array.from(rows.map((r) => r.y)) };
    };
    const train = encode(texts(120, 1));
    const test = encode(texts(60, 2));
    const model = bertEncoder.build({ dropout: 0.1, head: 'checkpoint' }, L, 2, 'classification', 7, { vocabSize: loaded.tokenizer.vocab.size, pretrained: encoderOf(loaded) });
    const hp = { ...DEFAULT_HYPERPARAMS, epochs: 6, batchSize: 16, learningRate: 1e-3, optimizer: 'adamw' as const, weightDecay: 0.01, earlyStopping: { enabled: false, patience: 5, restoreBest: false } };
    await trainNeural(model, { xTrain: train.x, yTrain: train.y, xVal: new Float32Array(0), yVal: new Float32Array(0), features: L, task: 'classification', classes: 2 }, hp, createTrainController(), { epoch: () => undefined, batch: () => undefined });
    const probs = await predictLayers(model, test.x, 60, L);
    let right = 0;
    for (let i = 0; i < 60; i++) right += Number((probs[2 * i + 1]! > probs[2 * i]! ? 1 : 0) === test.y[i]);
    const majority = Math.max(...[0, 1].map((c) => test.y.filter((v) => v === c).length)) / 60;
    expect(right / 60).toBeGreaterThan(majority + 0.1);
    const parts = await modelToParts(model);
    const back = await tryModelFromParts(parts.modelJson as Record<string, unknown>, parts.weights);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const again = await predictLayers(back.value, test.x, 60, L);
    expect(Array.from(again)).toEqual(Array.from(probs));
    back.value.dispose();

    // The Hugging Face export: re-imported by the studio, and run by plain PyTorch with our logits.
    const folder = bertHfFolder({ modelJson: parts.modelJson, weights: parts.weights, labels: ['ham', 'spam'], tokenizerJson: loaded.tokenizerJson });
    const again2 = readBertFolder(folder);
    expect(again2.card.classifierLabels).toEqual(['ham', 'spam']);
    expect(JSON.parse(new TextDecoder().decode(folder.get('config.json'))) ).toMatchObject({ architectures: ['BertForSequenceClassification'], num_labels: 2, id2label: { 0: 'ham', 1: 'spam' } });
    const x = tf.tensor2d(test.x.slice(0, 4 * L), [4, L]);
    const logits = Array.from(await (model.layers[1]!.apply(model.layers[0]!.apply(x, { training: false })) as tf.Tensor).data());
    const { seq, mask } = withSpecials(x, loaded.clsId, loaded.sepId);
    if (hasTorch) {
      const ref = torchBert(folder, (await seq.array()) as number[][], (await mask.array()) as number[][]);
      let diff = 0;
      ref.logits!.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - logits[i]!))));
      expect(diff).toBeLessThan(1e-4);
    }
    model.dispose();
  }, 120_000);
});
