/**
 * Teacher-forced training of the encoder–decoder: seeded random batches from the training pairs,
 * label-smoothed masked cross-entropy, AdamW (core/lm/adamw.ts: PyTorch semantics, global-norm
 * clipping, the studio's fused update on wasm) with linear warmup and cosine decay (lrAt of
 * core/lm/trainer.ts). Weight decay applies to matrices only (not norms, biases or the relative
 * position table), as nanoGPT's groups.
 */
import * as tf from '@tensorflow/tfjs';
import { AdamW, type OptimizerState } from '../lm/adamw';
import { lrAt } from '../lm/trainer';
import { createRng, type Rng } from '../util/rng';
import { makeBatch, type BatchArrays, type EncodedPairs } from './data';
import type { Seq2SeqBatch, Seq2SeqModel } from './model';
import type { Seq2SeqTrainSettings } from './settings';

export function toTensors(b: BatchArrays): Seq2SeqBatch {
  return {
    src: tf.tensor2d(b.src, [b.B, b.S], 'int32'),
    tgtIn: tf.tensor2d(b.tgtIn, [b.B, b.T], 'int32'),
    tgtOut: tf.tensor2d(b.tgtOut, [b.B, b.T], 'int32'),
    tgtWeight: tf.tensor2d(b.tgtWeight, [b.B, b.T]),
  };
}

const disposeBatch = (b: Seq2SeqBatch) => tf.dispose([b.src, b.tgtIn, b.tgtOut, b.tgtWeight]);

export interface Seq2SeqTrainer {
  readonly model: Seq2SeqModel;
  readonly settings: Seq2SeqTrainSettings;
  /** Steps taken so far. */
  readonly step: number;
  /** One optimizer step on a random batch; returns the loss tensor (caller reads and disposes it). */
  trainStep(): tf.Scalar;
  /** Mean loss (token-weighted) over the rows, in batches, without dropout. */
  evaluate(data: EncodedPairs, maxRows?: number): Promise<number>;
  /** The batch sampler's rng state (checkpointed). */
  samplerState(): number;
  getState(): Promise<OptimizerState>;
  setState(state: OptimizerState, samplerState: number): void;
  dispose(): void;
}

export function createSeq2SeqTrainer(model: Seq2SeqModel, train: EncodedPairs, settings: Seq2SeqTrainSettings): Seq2SeqTrainer {
  const names = [...model.params.keys()];
  const vars = names.map((n) => model.params.get(n)!);
  const decays = names.map((n, i) => vars[i]!.rank >= 2 && !n.includes('relative_attention_bias'));
  const opt = new AdamW(names, vars, decays, settings);
  let rng: Rng = createRng(settings.seed);
  const n = train.src.length;
  if (n === 0) throw new Error('No training pairs');
  return {
    model,
    settings,
    get step() {
      return opt.t;
    },
    trainStep() {
      const lr = lrAt(opt.t, { learningRate: settings.learningRate, minLr: settings.minLr, warmupIters: settings.warmupIters, lrDecayIters: settings.maxIters });
      const rows = Array.from({ length: Math.min(settings.batchSize, n) }, () => rng.int(n));
      const batch = toTensors(makeBatch(train, rows));
      try {
        return tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => model.loss(batch, settings.labelSmoothing, true), vars);
          opt.update(vars.map((v) => grads[v.name]!), lr).dispose();
          return value;
        });
      } finally {
        disposeBatch(batch);
      }
    },
    async evaluate(data, maxRows = Infinity) {
      const m = Math.min(data.src.length, maxRows);
      let sum = 0;
      let weight = 0;
      for (let i = 0; i < m; i += 128) {
        const rows = Array.from({ length: Math.min(128, m - i) }, (_, k) => i + k);
        const arrays = makeBatch(data, rows);
        const batch = toTensors(arrays);
        const loss = model.loss(batch, 0, false);
        const w = arrays.tgtWeight.reduce((a, b) => a + b, 0);
        sum += (await loss.data())[0]! * w;
        weight += w;
        loss.dispose();
        disposeBatch(batch);
      }
      return weight > 0 ? sum / weight : NaN;
    },
    samplerState: () => rng.state(),
    getState: () => opt.getState(),
    setState(state, samplerState) {
      opt.setState(state);
      rng = createRng(settings.seed, samplerState);
    },
    dispose: () => opt.dispose(),
  };
}
