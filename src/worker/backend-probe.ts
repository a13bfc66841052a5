/**
 * The automatic backend choice for a neural model: a few real training batches of the job's own
 * model (family, params, batch size) on a slice of its own data, on each candidate backend, then
 * the fastest trains. Which backend is fastest depends on the model, not only on the device: an
 * iris-sized MLP trains faster on plain JS than on WebAssembly here (per-kernel overhead
 * dominates), bigger models the other way round. About 1.3 s in all; the decision is cached per model shape,
 * batch size and device, so later runs of the same model start at once.
 */
import type { Problem } from '../core/util/result';
import type * as tf from '@tensorflow/tfjs';
import { decideBackend, probeCandidates, roundOrder, speedFromRounds, speedKey, type BackendDecision, type RoundTiming, type SpeedJob } from '../core/jobs/backend-choice';
import type { BackendChoice, BackendInfo, BackendName, DeviceReport } from '../core/jobs/backends';
import type { BuildContext, ModelParams, NeuralFamily } from '../core/models/types';
import { trainNeural } from '../core/train/train-neural';
import type { Hyperparams, TrainControl } from '../core/train/types';
import type { TrainData } from './train-protocol';

export interface BackendStarter {
  probe(): Promise<{ device: DeviceReport; auto: { name: BackendName; reason: string } }>;
  start(choice: BackendChoice): Promise<BackendInfo>;
  /** The backends the automatic choice times (default: probeCandidates of the device). */
  candidates?(device: DeviceReport): BackendName[];
  /** Settles when the running backend's GPU is lost (worker/gpu-loss.ts); absent: never. */
  lost?(): Promise<Problem>;
}

/** All candidates' rounds together, warm-up rounds included (about 1.3 s with each round's set-up and untimed first batch). */
export const PROBE_BUDGET_MS = 1200;
/** Enough batches for a steady figure; tiny models end well inside the budget. */
const MAX_BATCHES = 300;
/** The probe's training slice, in batches: the real per-epoch evaluation of a small dataset is timed with it. */
const SLICE_BATCHES = 64;
const VALIDATION_ROWS = 256;
/**
 * A first batch slower than this ends a candidate's timing (its figure is then that batch's):
 * it bounds the probe for big models on slow backends, yet leaves a GPU time to compile shaders.
 */
export const WARMUP_LIMIT_MS = 2000;

function slice(data: TrainData, rows: number): TrainData {
  const f = data.features;
  const cut = (s: TrainData['train'], n: number) => ({ x: s.x.subarray(0, n * f), y: s.y.subarray(0, n), n });
  return { ...data, train: cut(data.train, rows), validation: cut(data.validation, Math.min(data.validation.n, VALIDATION_ROWS)) };
}

/**
 * Trains a fresh copy of the job's model on the current backend for about `budgetMs` and returns
 * its speed over the batches after the first. The first batch (kernel set-up, weights and optimizer
 * state, shader compilation) is never timed; when it alone took `warmupLimitMs`, its own speed is returned
 * (batches: 0, a pessimistic figure). Null when the training loop refused the data. Every tensor
 * it creates is disposed.
 */
/** Samples trained in `ms` milliseconds, over `batches` timed batches (0: the warm-up batch's figure). */
export type Timing = RoundTiming;

export async function timeTraining({ fam, params, data, hp, ctx }: NeuralJob, budgetMs: number, warmupLimitMs = WARMUP_LIMIT_MS): Promise<Timing | null> {
  const batch = Math.max(1, Math.min(Math.floor(hp.batchSize), data.train.n));
  // Whole batches only, so every timed batch has the same size.
  const rows = Math.max(batch, Math.floor(Math.min(data.train.n, batch * SLICE_BATCHES) / batch) * batch);
  const part = slice(data, rows);
  const outputs = data.task === 'classification' ? data.classes : 1;
  const model = fam.build(params, data.features, outputs, data.task, hp.seed, ctx ?? (data.vocabSize === undefined ? {} : { vocabSize: data.vocabSize }));
  // The loop asks isStopped() once before each batch: those calls are the probe's clock.
  const ticks: number[] = [];
  const control: TrainControl = {
    isPaused: () => false,
    waitWhilePaused: () => Promise.resolve(),
    isStopped: () => {
      const now = performance.now();
      ticks.push(now);
      if (ticks.length === 2) return now - ticks[0]! >= warmupLimitMs;
      return ticks.length > 2 && (now - ticks[1]! >= budgetMs || ticks.length - 2 >= MAX_BATCHES);
    },
  };
  try {
    await trainNeural(
      model,
      { xTrain: part.train.x, yTrain: part.train.y, xVal: part.validation.x, yVal: part.validation.y, features: data.features, task: data.task, classes: data.classes },
      { ...hp, batchSize: batch, epochs: 1_000_000, earlyStopping: { enabled: false, patience: 1, restoreBest: false } },
      control,
      { epoch: () => {}, batch: () => {} },
    );
    // A GPU may still be working through queued batches: reading a weight waits for all of them.
    await (model.trainableWeights[0]!.read() as tf.Tensor).data();
    const end = performance.now();
    if (ticks.length < 2) return null;
    const timed = ticks.length - 2;
    if (timed === 0) return { samples: batch, ms: Math.max(1e-3, ticks[1]! - ticks[0]!), batches: 0 };
    return { samples: batch * timed, ms: Math.max(1e-3, end - ticks[1]!), batches: timed };
  } finally {
    model.dispose();
  }
}

export interface NeuralJob {
  fam: NeuralFamily<ModelParams>;
  params: ModelParams;
  data: TrainData;
  hp: Hyperparams;
  /** What the build needs besides the data's vocabulary (a pretrained encoder). */
  ctx?: BuildContext;
}

export function speedJobOf(job: NeuralJob): SpeedJob {
  const { data } = job;
  return { family: job.fam.id, params: job.params, features: data.features, outputs: data.task === 'classification' ? data.classes : 1, task: data.task, ...(data.vocabSize === undefined ? {} : { vocabSize: data.vocabSize }), batchSize: Math.floor(job.hp.batchSize) };
}

/**
 * Candidates take turns, ROUNDS short rounds each, in an order reversed every round (roundOrder),
 * so that a busy moment of the machine falls on all of them alike. The first round of each only
 * warms up and is twice as long: plain JS reaches its speed only once the JavaScript engine has
 * compiled its hot kernels (a first round ran at 10–25 % of the later ones on the bench page).
 * Each one's figure is the median of its later rounds (speedFromRounds).
 */
export const ROUNDS = 6;

/** The timing of one round; injectable so the schedule and the decision are tested without a clock. */
export type TimeRound = (job: NeuralJob, budgetMs: number) => Promise<Timing | null>;

/** Times each candidate backend on the job's model and decides. Leaves the last candidate started running. */
export async function measureBackends(backends: BackendStarter, candidates: BackendName[], job: NeuralJob, fallback: BackendName, budgetMs = PROBE_BUDGET_MS, time: TimeRound = timeTraining): Promise<BackendDecision> {
  const rounds = new Map<BackendName, Timing[]>();
  const failed: BackendName[] = [];
  const done = new Set<BackendName>(); // failed, or too slow for another round
  // The warm-up round counts twice: ROUNDS + 1 shares of the budget per candidate.
  const roundMs = budgetMs / ((ROUNDS + 1) * candidates.length);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of roundOrder(candidates, round)) {
      if (done.has(name)) continue;
      try {
        const info = await backends.start(name);
        if (info.name !== name) throw new Error('fell back to another backend');
        const timing = await time(job, round === 0 ? 2 * roundMs : roundMs);
        // After the warm-up round, a batch longer than a round: more rounds would cost seconds
        // (a big model on a slow backend), and its kernels have been compiled by now.
        if (!timing || timing.batches === 0 || (round > 0 && timing.ms / timing.batches > roundMs)) done.add(name);
        if (timing) rounds.set(name, [...(rounds.get(name) ?? []), timing]);
      } catch {
        failed.push(name);
        done.add(name);
      }
    }
  }
  const speeds = [...rounds].flatMap(([name, r]) => speedFromRounds(name, r) ?? []);
  return decideBackend(speeds, failed, fallback);
}

/**
 * Starts the fastest backend for this job, timing the candidates the first time this model shape
 * and batch size trains in this worker. The reason carries the figures.
 */
export function createBackendChooser(backends: BackendStarter) {
  const decisions = new Map<string, BackendDecision>();
  return async function startFastest(job: NeuralJob): Promise<BackendInfo> {
    const { device, auto } = await backends.probe();
    const candidates = (backends.candidates ?? probeCandidates)(device);
    if (candidates.length < 2) return backends.start(candidates[0] ?? 'auto');
    const key = speedKey(speedJobOf(job), device);
    let decision = decisions.get(key);
    const cached = !!decision;
    if (!decision) {
      decision = await measureBackends(backends, candidates, job, auto.name);
      decisions.set(key, decision);
    }
    const info = await backends.start(decision.name);
    if (info.name !== decision.name) return info; // its own reason says what runs instead
    return { ...info, reason: cached ? `${decision.reason} (Measured for an earlier run of this model.)` : decision.reason, measured: decision.measured };
  };
}
