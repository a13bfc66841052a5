/**
 * The training loop for neural families: a custom loop rather than `model.fit`, so that it can
 * seed the shuffles, skip the softmax head (loss from logits), apply AdamW, read losses back only
 * every few batches (a read-back forces a GPU sync), and yield between batches so pause/stop
 * messages reach a worker. Tensor hygiene: everything it creates is disposed before it returns;
 * only the model's weights (updated in place) remain.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelL2 } from '../models/layers';
import { createRng, shuffledIndices } from '../util/rng';
import { yieldToEventLoop } from './control';
import { evaluateSplit, forwardLogits, logitLayers } from './forward';
import { balancedRowWeights, batchLoss, batchRows, batchTargets, combineWeights } from './loss';
import { checkData, keptWeights, nanMessage } from './messages';
import { applyUpdate, createOptimizer, l2Penalty, scheduledRate, setRate } from './optimizer';
import type { Hyperparams, NeuralData, TrainCallbacks, TrainControl, TrainResult } from './types';
import { foldTargetScale, scaleTargets, targetScale } from './target-scaling';
import { ProblemError } from './predict';
import { restoreCheckpoint, takeCheckpoint, type NeuralCheckpoint } from './checkpoint';

/** Batch losses are read back once per this many batches (and at the end of each epoch). */
export const READ_EVERY = 8;
/** A checkpoint (checkpoint.ts) is taken after an epoch once this long has passed since the last one: a read-back of every weight, so not after every short epoch. */
export const CHECKPOINT_EVERY_MS = 1000;
const SMOOTHING = 0.9;

interface Pending {
  loss: tf.Scalar;
  batch: number;
  size: number;
}

/**
 * Trains in place. Regression targets are standardised for training and the scaling is folded
 * into the output layer afterwards (target-scaling.ts), so losses in the logs are in standardised
 * units while the model predicts in the original ones.
 */
export async function trainNeural(model: tf.LayersModel, data: NeuralData, hp: Hyperparams, control: TrainControl, on: TrainCallbacks, resume?: NeuralCheckpoint): Promise<TrainResult> {
  if (data.task !== 'regression' || checkData(data)) return trainOnData(model, data, hp, control, on, resume);
  const scale = targetScale(data.yTrain);
  const result = await trainOnData(model, { ...data, yTrain: scaleTargets(data.yTrain, scale), yVal: scaleTargets(data.yVal, scale) }, hp, control, on, resume);
  foldTargetScale(model, scale);
  return result;
}

async function trainOnData(model: tf.LayersModel, data: NeuralData, hp: Hyperparams, control: TrainControl, on: TrainCallbacks, resume?: NeuralCheckpoint): Promise<TrainResult> {
  const { task, features: f } = data;
  const K = task === 'classification' ? data.classes : 1;
  const bad = checkData(data);
  if (bad) return { stoppedBy: 'nan', bestEpoch: 0, message: bad };

  const nTrain = data.yTrain.length;
  // With no validation rows, "validation" numbers fall back to the training split.
  const [xEval, yEval] = data.yVal.length > 0 ? [data.xVal, data.yVal] : [data.xTrain, data.yTrain];
  const rowWeights = combineWeights(task === 'classification' && hp.classWeights === 'balanced' ? balancedRowWeights(data.yTrain, K) : null, data.wTrain);
  const layers = logitLayers(model);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const l2Terms = kernelL2(model);
  const optimizer = createOptimizer(hp);
  let rng = createRng(hp.seed);
  const batchSize = Math.max(1, Math.floor(hp.batchSize));
  const batches = Math.ceil(nTrain / batchSize);

  let bestLoss = Infinity;
  let bestEpoch = 0;
  // The best weights so far (the starting ones before any epoch) are always kept: a loss that
  // turns NaN or infinite leaves NaN weights behind, and the run keeps these instead.
  let bestWeights: tf.Tensor[] = model.getWeights().map((w) => w.clone());
  const keepBest = hp.earlyStopping.enabled && hp.earlyStopping.restoreBest;
  let sinceBest = 0;
  let ema = 0;
  let emaSteps = 0;
  const pending: Pending[] = [];
  let first = 1;
  if (resume) {
    const restored = await restoreCheckpoint(model, optimizer, vars, resume);
    if (!restored) {
      optimizer.dispose();
      bestWeights.forEach((w) => w.dispose());
      throw new ProblemError({ message: 'The saved weights of the interrupted run do not fit this model (its features, classes or size changed).', hint: 'Train its settings again from the start instead.' });
    }
    bestWeights.forEach((w) => w.dispose());
    bestWeights = restored.best;
    ({ bestLoss, bestEpoch, sinceBest, ema, emaSteps } = resume);
    rng = createRng(hp.seed, resume.rng);
    first = resume.epoch + 1;
  }
  let lastCheckpoint = performance.now();

  const totalSteps = hp.epochs * batches;
  // `at`: the 0-based update of the whole run (epoch and batch give it, so a resumed run agrees).
  const step = (xb: Float32Array, tb: Float32Array, wb: Float32Array | null, b: number, at: number): tf.Scalar =>
    tf.tidy(() => {
      const lr = scheduledRate(hp, at, totalSteps);
      if (hp.warmupFraction) setRate(optimizer, lr);
      const x = tf.tensor2d(xb, [b, f]);
      const t = tf.tensor2d(tb, [b, task === 'classification' ? K : 1]);
      const w = wb ? tf.tensor1d(wb) : null;
      let dataLoss: tf.Scalar | null = null;
      const { grads } = tf.variableGrads(() => {
        dataLoss = tf.keep(batchLoss(task, forwardLogits(layers, x, true), t, w));
        const penalty = l2Penalty(l2Terms);
        return penalty ? tf.add(dataLoss, penalty) : dataLoss;
      }, vars);
      applyUpdate(optimizer, { ...hp, learningRate: lr }, vars, grads);
      return dataLoss!;
    });

  const finish = (stoppedBy: TrainResult['stoppedBy'], message?: string): TrainResult => {
    if (keepBest || stoppedBy === 'nan') model.setWeights(bestWeights);
    return { stoppedBy, bestEpoch, ...(message !== undefined ? { message } : {}) };
  };
  const diverged = (loss: number, epoch: number) => finish('nan', `${nanMessage(loss, epoch, hp)} ${keptWeights(bestEpoch)}`);

  try {
    for (let epoch = first; epoch <= hp.epochs; epoch++) {
      const started = performance.now();
      let sinceLog = performance.now();
      let samplesSinceLog = 0;
      let lossSum = 0;
      const order = shuffledIndices(nTrain, rng);
      for (let b = 0; b < batches; b++) {
        if (control.isPaused()) await control.waitWhilePaused();
        if (control.isStopped()) return finish('user');
        const start = b * batchSize;
        const end = Math.min(nTrain, start + batchSize);
        const xb = batchRows(data.xTrain, f, order, start, end);
        const tb = batchTargets(task, data.yTrain, K, order, start, end);
        const wb = rowWeights ? batchRows(rowWeights, 1, order, start, end) : null;
        pending.push({ loss: step(xb, tb, wb, end - start, (epoch - 1) * batches + b), batch: b + 1, size: end - start });
        samplesSinceLog += end - start;
        if (pending.length >= READ_EVERY || b === batches - 1) {
          const stacked = tf.stack(pending.map((p) => p.loss));
          const values = await stacked.data();
          stacked.dispose();
          let last = NaN;
          for (let i = 0; i < pending.length; i++) {
            last = values[i]!;
            lossSum += last * pending[i]!.size;
            ema = SMOOTHING * ema + (1 - SMOOTHING) * last;
            emaSteps++;
          }
          const lastBatch = pending[pending.length - 1]!.batch;
          for (const p of pending.splice(0)) p.loss.dispose();
          if (!Number.isFinite(lossSum)) return diverged(lossSum, epoch);
          const now = performance.now();
          on.batch({
            epoch,
            batch: lastBatch,
            batches,
            loss: last,
            smoothedLoss: ema / (1 - SMOOTHING ** emaSteps),
            samplesPerSecond: samplesSinceLog / Math.max(1e-3, (now - sinceLog) / 1000),
          });
          sinceLog = now;
          samplesSinceLog = 0;
        }
        await yieldToEventLoop();
      }
      const val = await evaluateSplit(layers, xEval, yEval, f, task, K);
      if (!Number.isFinite(val.loss)) return diverged(val.loss, epoch);
      on.epoch({
        epoch,
        trainLoss: lossSum / nTrain,
        valLoss: val.loss,
        metric: val.metric,
        metricName: val.metricName,
        seconds: (performance.now() - started) / 1000,
      });
      if (val.loss < bestLoss) {
        bestLoss = val.loss;
        bestEpoch = epoch;
        sinceBest = 0;
        bestWeights.forEach((w) => w.dispose());
        bestWeights = model.getWeights().map((w) => w.clone());
      } else if (hp.earlyStopping.enabled && ++sinceBest >= hp.earlyStopping.patience) {
        return finish('early-stopping');
      }
      if (on.checkpoint && epoch < hp.epochs && performance.now() - lastCheckpoint >= (on.checkpointEveryMs ?? CHECKPOINT_EVERY_MS)) {
        on.checkpoint(await takeCheckpoint(model, optimizer, bestEpoch === epoch ? null : bestWeights, { epoch, rng: rng.state(), bestLoss, bestEpoch, sinceBest, ema, emaSteps }));
        lastCheckpoint = performance.now();
      }
    }
    return finish('epochs');
  } finally {
    for (const p of pending) p.loss.dispose();
    bestWeights.forEach((w) => w.dispose());
    optimizer.dispose();
  }
}
