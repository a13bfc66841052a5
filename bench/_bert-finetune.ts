/**
 * bert-finetune (bench group `pretrained`, issue 11): samples/s of fine-tuning a generated BERT
 * (4 layers, width 128, 4 heads, FFN 512, BERT’s 30,522-token vocabulary: between BERT-tiny and BERT-mini) with a
 * classification head through the studio's training loop (trainNeural, AdamW), batch 16 × 64
 * tokens, on the tfjs WASM backend with the studio's kernels (the fastest CPU backend, as the
 * train worker picks on a machine without a GPU). Best of 3 epochs after a warm-up epoch.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerStudioKernels } from '../src/core/kernels';
import { encoderOf, readBertFolder } from '../src/core/lm/bert-read';
import { bertVocab, hfBertFolder, randomBertWeights, tinyBertConfig } from '../src/core/lm/bert-test-files';
import { bertEncoder } from '../src/core/models/bert-encoder';
import { createTrainController } from '../src/core/train/control';
import { trainNeural } from '../src/core/train/train-neural';
import { DEFAULT_HYPERPARAMS } from '../src/core/train/types';

export async function benchBertFinetune(): Promise<void> {
  const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${wasmDir}/`);
  registerStudioKernels();
  await tf.setBackend('wasm');
  const vocab = bertVocab(Array.from({ length: 30_400 }, (_, i) => `w${i.toString(36)}`));
  const config = tinyBertConfig({ vocabSize: 30_522, hidden: 128, layers: 4, heads: 4, intermediate: 512, maxPositions: 512, dropout: 0.1 });
  // Through the importer, as a dropped folder is (checks, tokenizer, card).
  const loaded = readBertFolder(hfBertFolder(config, randomBertWeights(config, 5), { vocab }));
  const L = 64;
  const n = 256;
  const x = new Float32Array(n * L);
  for (let i = 0; i < x.length; i++) x[i] = i % L < 40 + (i % 17) ? 5 + ((i * 7919) % 30_000) : 0;
  const y = Float32Array.from({ length: n }, (_, i) => i % 2);
  const model = bertEncoder.build({ dropout: 0.1, head: 'fresh' }, L, 2, 'classification', 1, { vocabSize: 30_522, pretrained: encoderOf(loaded) });
  const hp = { ...DEFAULT_HYPERPARAMS, epochs: 4, batchSize: 16, learningRate: 5e-5, optimizer: 'adamw' as const, weightDecay: 0.01, earlyStopping: { enabled: false, patience: 5, restoreBest: false } };
  const seconds: number[] = [];
  await trainNeural(model, { xTrain: x, yTrain: y, xVal: new Float32Array(0), yVal: new Float32Array(0), features: L, task: 'classification', classes: 2 }, hp, createTrainController(), { epoch: (log) => seconds.push(log.seconds), batch: () => undefined });
  model.dispose();
  const best = Math.min(...seconds.slice(1));
  console.log(`bench: bert-finetune ${(n / best).toFixed(1)} samples/s (wasm, 4 × 128 BERT, ${(loaded.card.params / 1e6).toFixed(1)} M parameters, batch 16 × ${L} tokens, AdamW; best of ${seconds.length - 1} epochs after a warm-up)`);
}
