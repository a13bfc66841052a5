/**
 * The LM worker's training jobs: `probe` (a few timed steps of a model with the run's settings)
 * and `train` (steps with live losses, evaluations with a sample, checkpoints, pause/resume/stop,
 * data-parallel peers). The run's settings go to the trainer as they are.
 */
import * as tf from '@tensorflow/tfjs';
import { createGpt, createTrainer, evaluate, generate, loadCheckpoint, saveCheckpoint, sampleBatch, type GptConfig, type GptModel, type GptTrainer } from '../core/lm';
import { createTrainController, yieldToEventLoop } from '../core/train/control';
import { createRng, type Rng } from '../core/util/rng';
import type { LmTrainSettings } from '../core/jobs';
import { NO_PEERS, withWorkers, type LmStorage } from './lm-ports';
import type { LmRequest, LmResults, LmTrainOutcome } from './lm-protocol';
import { gpuLossGuard } from './gpu-loss';
import { dropCurrent, Failure, getCorpus, useBackend, type LoadedCorpus, type LmSession } from './lm-session';

type ProbeJob = Extract<LmRequest, { type: 'probe' }>;
type TrainJob = Extract<LmRequest, { type: 'train' }>;

export async function probe(session: LmSession, req: ProbeJob): Promise<LmResults['probe']> {
  const info = await useBackend(session, req.backend);
  const lease = (await session.backends.peers?.(req.config, info)) ?? NO_PEERS;
  const peers = lease.peers;
  const model = createGpt(req.config, 1);
  // The run's own optimizer: the same work per step as training (the weights it reaches do not matter).
  const trainer = createTrainer(model, req.settings);
  const rng = createRng(7);
  const data = Int32Array.from({ length: req.config.blockSize * 4 + 2 }, () => rng.int(req.config.vocabSize));
  const step = async () => {
    const { x, y } = sampleBatch(data, req.config.blockSize, req.settings.batchSize, rng);
    try {
      const loss = await trainer.stepParallel(x, y, peers);
      await loss.data(); // waits for a GPU to finish the step
      loss.dispose();
    } finally {
      tf.dispose([x, y]);
    }
  };
  try {
    session.emit({ type: 'progress', jobId: req.jobId, label: 'Warming up (compiling kernels)', done: 0, total: 1 });
    await step(); // first step compiles shaders / allocates: not timed
    const t0 = performance.now();
    let steps = 0;
    while (steps < 2 || (steps < 5 && performance.now() - t0 < 3000)) {
      await step();
      steps++;
      session.emit({ type: 'progress', jobId: req.jobId, label: 'Timing training steps', done: steps, total: 5 });
    }
    const ms = (performance.now() - t0) / steps;
    return { backend: withWorkers(info, trainer.peerFailure ? [] : peers), msPerStep: ms, tokensPerSec: (req.settings.batchSize * req.config.blockSize * 1000) / ms, steps };
  } finally {
    lease.release(trainer.peerFailure !== null);
    trainer.dispose();
    model.dispose();
  }
}

/** The corpus's training and validation ids, refused when either is shorter than the context or the tokenizer outgrows the model. */
function splitFor(data: LoadedCorpus, config: GptConfig) {
  const T = config.blockSize;
  const trainIds = data.ids.subarray(0, data.splitAt);
  const valIds = data.ids.subarray(data.splitAt);
  if (trainIds.length < T + 2) throw new Failure({ message: `The training part has ${trainIds.length} tokens, fewer than the context of ${T}.`, hint: 'Use more text, or a shorter context.' });
  if (valIds.length < T + 2) throw new Failure({ message: `The validation part has ${valIds.length} tokens, fewer than the context of ${T}.`, hint: 'Use more text, a larger validation share, or a shorter context.' });
  if (data.tok.vocab.size > config.vocabSize) throw new Failure({ message: 'The tokenizer has more tokens than the model has rows.', hint: 'Start a new model for this text.' });
  return { trainIds, valIds };
}

/** The model and trainer a run starts from: new, its own checkpoint (optimizer and data order too), or another run's weights. */
async function startingPoint(storage: LmStorage, req: TrainJob): Promise<{ model: GptModel; trainer: GptTrainer; dataRng: Rng }> {
  const s = req.settings;
  const dataRng = createRng(s.seed ^ 0x5eed);
  if (req.start.kind === 'fresh') {
    const model = createGpt(req.config, s.seed);
    return { model, trainer: createTrainer(model, s), dataRng };
  }
  const from = req.start.kind === 'resume' ? req.runId : req.start.fromRunId;
  const ck = await storage.getCheckpoint(from);
  if (!ck) throw new Failure({ message: 'No checkpoint of this run is stored in this browser.', hint: 'Start training again.' });
  const loaded = loadCheckpoint(ck.bytes);
  if (req.start.kind === 'resume' && loaded.trainer) {
    return { model: loaded.model, trainer: loaded.trainer, dataRng: loaded.rngStates.data !== undefined ? createRng(s.seed ^ 0x5eed, loaded.rngStates.data) : dataRng };
  }
  loaded.trainer?.dispose();
  return { model: loaded.model, trainer: createTrainer(loaded.model, s), dataRng };
}

/**
 * The losses of the last few steps, read back in one `stack` + `data()`, aiming for a readback
 * every ~0.3 s: fewer syncs on GPUs, a live chart everywhere. Also times the window.
 */
export function lossWindow(tokensPerStep: number) {
  let pending: tf.Scalar[] = [];
  let logEvery = 1;
  let start = performance.now();
  let sinceEval: number[] = [];
  let tokensPerSec = 0;
  return {
    push: (loss: tf.Scalar) => void pending.push(loss),
    due: () => pending.length >= logEvery,
    /** Reads the pending losses: [step, loss] points ending at `step`, and the window's speed. */
    async read(step: number): Promise<{ points: [number, number][]; tokensPerSec: number }> {
      const stacked = tf.stack(pending);
      const values = await stacked.data();
      tf.dispose([stacked, ...pending]);
      const n = pending.length;
      pending = [];
      const ms = performance.now() - start;
      tokensPerSec = (n * tokensPerStep * 1000) / Math.max(1, ms);
      logEvery = ms / n > 300 ? 1 : Math.max(1, Math.min(25, Math.round(300 / Math.max(1, ms / n))));
      sinceEval.push(...values);
      return { points: Array.from(values, (v, i) => [step - n + 1 + i, v]), tokensPerSec };
    },
    /** The next window starts now (after a pause, an evaluation or a checkpoint, which are not training time). */
    restart: () => void (start = performance.now()),
    /** Mean training loss since the previous call. */
    takeMean(): number {
      const mean = sinceEval.reduce((a, b) => a + b, 0) / Math.max(1, sinceEval.length);
      sinceEval = [];
      return mean;
    },
    speed: () => tokensPerSec,
    dispose() {
      tf.dispose(pending);
      pending = [];
    },
  };
}

/** Validation loss and a sample from the fixed prompt and seed. */
async function evaluateNow(model: GptModel, data: LoadedCorpus, valIds: Uint8Array | Uint16Array | Int32Array, promptIds: number[], s: LmTrainSettings) {
  const ev = await evaluate(model, valIds, { maxWindows: s.evalWindows, batchSize: Math.min(16, s.batchSize), charsPerToken: data.charsPerToken });
  const ids = await generate(model, promptIds, { maxNewTokens: s.sampleTokens, temperature: 0.8, seed: s.sampleSeed });
  return { ev, sample: data.tok.decode([...promptIds, ...ids], { skipSpecialTokens: true }) };
}

export async function train(session: LmSession, req: TrainJob): Promise<LmTrainOutcome> {
  const { emit, storage } = session;
  const started = await useBackend(session, req.backend);
  const data = await getCorpus(session, req.corpusId);
  const s = req.settings;
  const { trainIds, valIds } = splitFor(data, req.config);
  dropCurrent(session);
  const { model, trainer, dataRng } = await startingPoint(storage, req);
  // The model's own config (a checkpoint's or an imported model's), which peers must replicate.
  const lease = (await session.backends.peers?.(model.config, started)) ?? NO_PEERS;
  let peers = lease.peers;
  let info = withWorkers(started, peers);
  emit({ type: 'backend', jobId: req.jobId, info });
  const current = { runId: req.runId, model, tokenizer: data.tok, tokenizerJson: data.tokenizer, corpusId: data.corpusId, step: trainer.stepCount, busy: true };
  session.current = current;
  const controller = createTrainController();
  session.controllers.set(req.jobId, controller);
  const promptIds = data.tok.ids(s.samplePrompt || '\n');
  if (promptIds.length === 0) promptIds.push(trainIds[0]!);
  let lastCheckpoint = trainer.stepCount;
  const checkpoint = async () => {
    if (guard.lost) return;
    const step = trainer.stepCount;
    const bytes = await saveCheckpoint(model, trainer, { rngStates: { data: dataRng.state() } });
    await storage.putCheckpoint({ runId: req.runId, corpusId: data.corpusId, step, savedAt: Date.now(), bytes, tokenizer: data.tokenizer });
    lastCheckpoint = step;
    emit({ type: 'checkpoint', jobId: req.jobId, step });
  };
  const losses = lossWindow(s.batchSize * req.config.blockSize);
  let stoppedBy: LmTrainOutcome['stoppedBy'] = 'iterations';
  let message: string | undefined;
  const t0 = performance.now();
  // A GPU lost mid-run leaves the next read-back waiting forever (WebGL) or failing (WebGPU): the
  // job ends at once with the loss, and the loop saves nothing after it (the last checkpoint stays).
  const guard = gpuLossGuard(session.backends.lost?.(), (p) => new Failure(p), () => controller.stop());
  const steps = async (): Promise<LmTrainOutcome> => {
    while (trainer.stepCount < s.maxIters) {
      if (guard.lost) throw new Error('GPU lost');
      if (controller.isPaused() && !controller.isStopped()) {
        if (lastCheckpoint !== trainer.stepCount) await checkpoint();
        current.busy = false;
        await controller.waitWhilePaused();
        current.busy = true;
        losses.restart();
      }
      if (controller.isStopped()) {
        stoppedBy = 'user';
        break;
      }
      const { x, y } = sampleBatch(trainIds, req.config.blockSize, s.batchSize, dataRng);
      try {
        losses.push(peers.length > 0 ? await trainer.stepParallel(x, y, peers) : trainer.step(x, y));
      } finally {
        tf.dispose([x, y]);
      }
      if (trainer.peerFailure && peers.length > 0) {
        // The step was finished here; go on alone (the run's speed drops, its numbers do not).
        peers = [];
        info = withWorkers(started, peers);
        emit({ type: 'backend', jobId: req.jobId, info });
      }
      const step = trainer.stepCount;
      const evalNow = step % s.evalEvery === 0 || step === s.maxIters;
      if (losses.due() || evalNow || step % s.checkpointEvery === 0) {
        const { points, tokensPerSec } = await losses.read(step);
        emit({ type: 'steps', jobId: req.jobId, points, tokensPerSec, lr: trainer.currentLr() });
        if (points.some(([, v]) => !Number.isFinite(v))) {
          stoppedBy = 'nan';
          message = 'The loss became NaN or infinite: the learning rate is probably too high. Lower it and train again.';
          break;
        }
        await yieldToEventLoop();
        losses.restart();
      }
      if (evalNow) {
        const { ev, sample } = await evaluateNow(model, data, valIds, promptIds, s);
        const point = { step, trainLoss: losses.takeMean(), valLoss: ev.loss, perplexity: ev.perplexity, bitsPerChar: ev.bitsPerChar, tokensPerSec: losses.speed(), lr: trainer.currentLr(), seconds: (performance.now() - t0) / 1000 };
        emit({ type: 'eval', jobId: req.jobId, point, sample });
        losses.restart();
      }
      if (step % s.checkpointEvery === 0) {
        await checkpoint();
        losses.restart();
      }
      current.step = step;
    }
    losses.dispose();
    if (stoppedBy !== 'nan' && lastCheckpoint !== trainer.stepCount) await checkpoint();
    current.step = trainer.stepCount;
    return { step: trainer.stepCount, stoppedBy, ...(message ? { message } : {}), backend: info };
  };
  try {
    return await guard.run(steps());
  } catch (e) {
    dropCurrent(session);
    throw e;
  } finally {
    lease.release(trainer.peerFailure !== null);
    losses.dispose();
    trainer.dispose();
    if (session.current) session.current.busy = false;
    session.controllers.delete(req.jobId);
  }
}
