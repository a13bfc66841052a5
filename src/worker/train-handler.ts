/**
 * Training and prediction jobs: picks the backend, builds or fits the model family, streams logs,
 * and returns the trained artifacts with test-split predictions and metrics. Independent of
 * postMessage (train.worker.ts wires it up), so the event sequence is testable in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { getModelFamily, resolveParams, type ModelFamily } from '../core/models/registry';
import type { BuildContext, ModelParams, NeuralFamily, TreeFamily } from '../core/models/types';
import { buildContext } from './pretrained-context';
import { CHECKPOINT_EVERY_MS, trainNeural } from '../core/train/train-neural';
import { CheckpointMismatch } from '../core/models/tree-checkpoint';
import { isTreeCheckpoint } from '../core/train/checkpoint';
import { createTrainController, yieldToEventLoop, type TrainController } from '../core/train/control';
import { modelToParts, tryModelFromParts } from '../core/bundle/tfjs-io';
import { predictLayers, predictStored, ProblemError } from '../core/train/predict';
import { classificationReport, regressionReport } from '../core/metrics';
import { assertNever } from '../core/util/assert';
import { validationScore } from '../core/jobs/search';
import { createBackendChooser, type BackendStarter } from './backend-probe';
import { servePredictions } from './batch-predict';
import { isOutOfMemory, outOfMemoryProblem } from './oom';
import { runInside } from './inside-jobs';
import { textEmbeddings, textInspect } from './text-inspect-jobs';
import { raceGpuLoss } from './gpu-loss';
import type { InitialWeights, ModelArtifact, PortedData, TrainData, TrainEvent, TrainOutcome, TrainRequest, TrainResults } from './train-protocol';

export type { BackendStarter } from './backend-probe';

/** A tree checkpoint is taken at most once per this many times its own cost (and at most every CHECKPOINT_EVERY_MS). */
const CHECKPOINT_COST_SHARE = 20;

/** Errors with a student-facing problem (the same class core/train/predict throws). */
const Failure = ProblemError;

export function metricsFor(data: TrainData, predictions: Float32Array) {
  if (data.task === 'classification') {
    const labels = data.labels ?? Array.from({ length: data.classes }, (_, i) => String(i));
    return classificationReport(data.test.y, predictions, labels);
  }
  return regressionReport(data.test.y, predictions);
}

export function createTrainHandler(backends: BackendStarter, emit: (e: TrainEvent) => void, options: { checkpointEveryMs?: number } = {}) {
  const controllers = new Map<string, TrainController>();
  /** Jobs waiting for their data, by job id: a stop ends the wait (the data worker may be gone). */
  const waiting = new Map<string, () => void>();
  const startFastest = createBackendChooser(backends);

  function family(id: string): ModelFamily {
    const fam = getModelFamily(id);
    if (!fam) throw new Failure({ message: `Unknown model family "${id}".`, hint: 'Choose a model in the Model step.' });
    return fam;
  }

  async function train(req: Extract<TrainRequest, { type: 'train' }>): Promise<TrainOutcome> {
    // One controller per job: pause/stop messages find it by job id, for either kind of family.
    const controller = createTrainController();
    controllers.set(req.jobId, controller);
    try {
      // Data on a port is awaited while the backend starts (the data worker is still encoding).
      const arriving = 'port' in req.data ? receive(req.jobId, req.data.port) : Promise.resolve<PortedData>({ ok: true, data: req.data });
      const fam = family(req.family);
      const params = resolveParams(fam, req.params);
      if (req.init && fam.kind === 'tree') throw new Failure({ message: `${fam.label} cannot continue training: its trees are fitted in one go.`, hint: 'Restart from scratch instead.' });
      if (req.resume && isTreeCheckpoint(req.resume) !== (fam.kind === 'tree')) throw new Failure({ message: 'The saved state of the interrupted run belongs to another kind of model.', hint: 'Train its settings again from the start instead.' });
      // Automatic choice for a neural model: the candidates are timed on this model and a slice of
      // its data, so that waits for the data. Trees run on no tfjs backend: the device rule is
      // enough for them, and their backend starts while the data comes.
      const timed = req.backend === 'auto' && fam.kind === 'neural' ? fam : undefined;
      const early = timed ? undefined : await backends.start(req.backend);
      if (early) emit({ type: 'backend', jobId: req.jobId, info: early });
      const input = await arriving;
      if (!input.ok) throw new Failure(input.problem);
      const { data } = input;
      const ctx = buildContext(fam, data, req.pretrained);
      const backend = timed ? await startFastest({ fam: timed, params, data, hp: req.hp, ctx }) : early!;
      if (timed) emit({ type: 'backend', jobId: req.jobId, info: backend });
      const t0 = performance.now();
      // A GPU lost mid-run leaves TensorFlow.js waiting forever on its next read-back (WebGL), or
      // failing with a GPU error (WebGPU): either way the job ends saying the GPU was lost.
      const gone = fam.kind === 'neural' && backends.lost ? backends.lost() : undefined;
      const fitting = fam.kind === 'tree' ? fitTrees(req, data, fam, params, controller, t0) : trainNet(req, data, fam, params, controller, ctx);
      const { validationPredictions, ...done } = await raceGpuLoss(fitting, gone, (p) => new Failure(p), () => controller.stop());
      const validation = data.validation.n > 0 ? { validation: validationScore(data.task, data.validation.y, validationPredictions, data.classes) } : {};
      return { ...done, metrics: metricsFor(data, done.testPredictions), backend, seconds: (performance.now() - t0) / 1000, ...validation };
    } finally {
      controllers.delete(req.jobId);
      waiting.get(req.jobId)?.(); // ended before its data came (the backend failed): close the port, the data is dropped
    }
  }

  /** The one message on `port`; the port is closed after it, or after a stop. */
  function receive(jobId: string, port: MessagePort): Promise<PortedData> {
    return new Promise((resolve) => {
      const end = (message: PortedData) => {
        waiting.delete(jobId);
        port.onmessage = null;
        port.close();
        resolve(message);
      };
      waiting.set(jobId, () => end({ ok: false, problem: { message: 'Training stopped before its data arrived.', code: 'cancelled' } }));
      port.onmessage = (e: MessageEvent<PortedData>) => end(e.data);
      port.onmessageerror = () => end({ ok: false, problem: { message: 'The training data could not be read.', hint: 'Try again; if it keeps failing, reload the page.' } });
    });
  }

  type Trained = Omit<TrainOutcome, 'metrics' | 'backend' | 'seconds' | 'validation'> & { validationPredictions: Float32Array };

  /**
   * Families that grow in rounds (boosting; the random forest, a tree a round) report each round
   * as an epoch (live curves and progress), pause or stop between rounds, and checkpoint their
   * trees about once a second. A decision tree is fitted in one go.
   */
  async function fitTrees(req: Extract<TrainRequest, { type: 'train' }>, data: TrainData, fam: TreeFamily<ModelParams>, params: ModelParams, controller: TrainController, t0: number): Promise<Trained> {
    const { hp } = req;
    if (data.train.w && fam.ignoresSampleWeights) throw new Failure({ message: `${fam.label} does not use row weights, so reweighing would change nothing.`, hint: 'Reweigh a run of gradient boosting, a random forest, a decision tree or a neural model.' });
    const resume = req.resume && isTreeCheckpoint(req.resume) ? req.resume : undefined;
    let lastRound = t0;
    let lastCheckpoint = t0;
    const every = options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
    let gap = every;
    const model = await Promise.resolve(
      fam.fit(data.train.x, data.train.n, data.features, data.train.y, data.task, params, hp.seed, data.classes, {
        validation: data.validation,
        ...(data.train.w ? { sampleWeights: data.train.w } : {}),
        ...(resume ? { resume } : {}),
        round: async ({ round, trainLoss, valLoss, metric, metricName }) => {
          const now = performance.now();
          emit({ type: 'epoch', jobId: req.jobId, log: { epoch: round, trainLoss, valLoss, metric, metricName, seconds: (now - lastRound) / 1000 } });
          await yieldToEventLoop();
          await controller.waitWhilePaused();
          lastRound = performance.now();
        },
        checkpoint: (take) => {
          if (performance.now() - lastCheckpoint < gap) return;
          const before = performance.now();
          emit({ type: 'checkpoint', jobId: req.jobId, checkpoint: take() });
          lastCheckpoint = performance.now();
          // Every tree so far is copied and posted (then cloned and written by the page): once
          // that costs more than a twentieth of the interval, checkpoints are spaced out to keep it so.
          if (every > 0) gap = Math.max(every, CHECKPOINT_COST_SHARE * (lastCheckpoint - before));
        },
        stopped: () => controller.isStopped(),
      }),
    ).catch((e: unknown) => {
      throw e instanceof CheckpointMismatch ? new Failure({ message: e.message, hint: 'Train its settings again from the start instead.' }) : e;
    });
    return { stoppedBy: controller.isStopped() ? 'user' : 'fitted', bestEpoch: 0, model: { type: 'tree', json: model.toJSON() }, testPredictions: model.predict(data.test.x, data.test.n, data.features), validationPredictions: model.predict(data.validation.x, data.validation.n, data.features) };
  }

  async function trainNet(req: Extract<TrainRequest, { type: 'train' }>, data: TrainData, fam: NeuralFamily<ModelParams>, params: ModelParams, controller: TrainController, ctx: BuildContext): Promise<Trained> {
    const { hp } = req;
    const outputs = data.task === 'classification' ? data.classes : 1;
    const model = fam.build(params, data.features, outputs, data.task, hp.seed, ctx);
    try {
      if (req.init && !req.resume) await startFrom(model, req.init);
      const result = await trainNeural(
        model,
        { xTrain: data.train.x, yTrain: data.train.y, ...(data.train.w ? { wTrain: data.train.w } : {}), xVal: data.validation.x, yVal: data.validation.y, features: data.features, task: data.task, classes: data.classes },
        hp,
        controller,
        { epoch: (log) => emit({ type: 'epoch', jobId: req.jobId, log }), batch: (log) => emit({ type: 'batch', jobId: req.jobId, log }), checkpoint: (checkpoint) => emit({ type: 'checkpoint', jobId: req.jobId, checkpoint }), ...options },
        req.resume && !isTreeCheckpoint(req.resume) ? req.resume : undefined,
      );
      const testPredictions = await predictLayers(model, data.test.x, data.test.n, data.features);
      const validationPredictions = await predictLayers(model, data.validation.x, data.validation.n, data.features);
      const parts = await modelToParts(model);
      return { ...result, model: { type: 'tfjs', modelJson: parts.modelJson, weights: parts.weights }, testPredictions, validationPredictions };
    } finally {
      model.dispose();
    }
  }

  /** Continue training: the built model takes an earlier run's weights; any shape change (other encoded columns, classes, size) is refused. */
  async function startFrom(model: tf.LayersModel, init: InitialWeights) {
    const loaded = await tryModelFromParts(init.modelJson as Record<string, unknown>, init.weights);
    if (!loaded.ok) throw new Failure({ message: 'The earlier run’s model could not be read, so training cannot continue from it.', hint: 'Restart from scratch instead.' });
    try {
      const from = loaded.value.getWeights();
      const to = model.getWeights();
      const same = from.length === to.length && from.every((w, i) => w.shape.join('x') === to[i]!.shape.join('x'));
      if (!same) throw new Failure({ message: 'The encoded features (or classes, or model size) changed since the earlier run, so its weights do not fit this model.', hint: 'Restart from scratch instead, or continue from a run trained with the current settings.' });
      model.setWeights(from);
    } finally {
      loaded.value.dispose();
    }
  }

  async function predict(req: Extract<TrainRequest, { type: 'predict' }>): Promise<Float32Array> {
    if (!tf.getBackend()) await backends.start('auto');
    return predictWith(req.model, req.x, req.n, req.features);
  }

  async function run(req: TrainRequest): Promise<TrainResults[keyof TrainResults]> {
    switch (req.type) {
      case 'probe':
        return backends.probe();
      case 'train':
        return train(req);
      case 'predict':
        return predict(req);
      case 'batch-predict':
        return (tf.getBackend() ? Promise.resolve() : backends.start('auto')).then(() => servePredictions(req.port, req));
      case 'inside':
        return (tf.getBackend() ? Promise.resolve() : backends.start('auto')).then(() => runInside(req, (done, total) => emit({ type: 'progress', jobId: req.jobId, done, total })));
      case 'text-inspect':
      case 'text-embeddings':
        if (!tf.getBackend()) await backends.start('auto');
        return req.type === 'text-inspect' ? textInspect(req.model, req.x) : textEmbeddings(req.model, req.x, req.n, req.features);
      case 'control': {
        const c = controllers.get(req.target);
        if (req.action === 'pause') c?.pause();
        else if (req.action === 'resume') c?.resume();
        else {
          c?.stop();
          waiting.get(req.target)?.();
        }
        return null;
      }
      default:
        return assertNever(req, 'request');
    }
  }

  return async function handle(req: TrainRequest) {
    try {
      const result = await run(req);
      emit({ type: 'done', jobId: req.jobId, request: req.type, result } as TrainEvent);
    } catch (e) {
      emit({ type: 'failed', jobId: req.jobId, problem: e instanceof Failure ? e.problem : isOutOfMemory(e) ? outOfMemoryProblem(e) : { message: 'Training failed unexpectedly.', hint: `Details for a bug report: ${e instanceof Error ? e.message : String(e)}` } });
    }
  };
}

/** Predictions from stored artifacts (an imported bundle, or a finished run): the shared path of core/train/predict. */
export const predictWith: (artifact: ModelArtifact, x: Float32Array, n: number, f: number) => Promise<Float32Array> = predictStored;
