/**
 * The in-browser half of `npm run bench -- tabular`: trains the standard MLP inside the studio's
 * own training worker on each backend and reports samples per second. bench/tabular.ts opens this
 * page in headless Chromium and prints the figures.
 */
import { createTrainClient } from '../worker/train-client';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { REFERENCE_MLP, referenceData } from '../core/jobs';
import type { BackendChoice } from '../core/jobs';
import type { TrainData } from '../core/jobs';
import type { BackendSpeed } from '../core/jobs/backends';
import { getModelInfo } from '../core/models/catalog';
import { createRng } from '../core/util/rng';
import { createLmClient } from '../worker/lm-client';
import { NANOGPT_CPU_PRESET, configFromPreset } from '../core/jobs';
import { gptTrainFlopsPerToken } from '../core/lm/gpt-flops';
import type { GemmPeakReply } from './gemm-peak.worker';

async function benchTabular(backend: BackendChoice, rows: number, epochs: number) {
  return timedRun(backend, REFERENCE_MLP, referenceData(rows), rows, epochs);
}

async function timedRun(backend: BackendChoice, model: { family: string; params: unknown }, data: TrainData, rows: number, epochs: number) {
  const client = createTrainClient();
  const seconds: number[] = [];
  let chosen = '';
  let reason = '';
  let threads: number | undefined;
  let measured: BackendSpeed[] | undefined;
  const handle = client.train(
    { type: 'train', backend, ...model, hp: { ...DEFAULT_HYPERPARAMS, epochs, batchSize: 32, earlyStopping: { enabled: false, patience: 1, restoreBest: false } }, data },
    {
      backend: (info) => {
        chosen = info.name;
        reason = info.reason;
        threads = info.threads;
        measured = info.measured;
      },
      epoch: (log) => seconds.push(log.seconds),
    },
  );
  const res = await handle.result;
  if (!res.ok) throw new Error(res.error.message);
  // The first epoch includes kernel compilation; the rest are timed.
  const timed = seconds.slice(1);
  const samplesPerSecond = (rows * timed.length) / timed.reduce((a, b) => a + b, 0);
  return { backend: chosen, reason, threads, samplesPerSecond, measured };
}

/**
 * The standard text model for `bench: textcnn-train-<backend>`: the Kim CNN with its default
 * settings on seeded token sequences (length 64, vocabulary 5,000, 2 classes that depend on which
 * of two token ranges appears more often), batch 32.
 */
function textData(rows: number): TrainData {
  const L = 64;
  const V = 5000;
  const rng = createRng(11);
  const part = (n: number) => {
    const x = new Float32Array(n * L);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const len = 16 + rng.int(L - 16);
      let score = 0;
      for (let t = 0; t < len; t++) {
        const id = 2 + rng.int(V - 2);
        x[i * L + t] = id;
        if (id < 200) score++;
        else if (id < 400) score--;
      }
      y[i] = score >= 0 ? 1 : 0;
    }
    return { x, y, n };
  };
  return { features: L, classes: 2, labels: ['a', 'b'], task: 'classification', vocabSize: V, train: part(rows), validation: part(128), test: part(128) };
}

async function benchTextCnn(backend: BackendChoice, rows: number, epochs: number) {
  const fam = getModelInfo('text-cnn')!;
  return timedRun(backend, { family: fam.id, params: fam.defaultParams }, textData(rows), rows, epochs);
}

/**
 * `npm run bench -- gpt`: the nanoGPT CPU config (4 layers, 4 heads, 128 dims, context 64, batch
 * 12) on Moby Dick at character level, trained inside the studio's LM worker. Tokens/s is the
 * worker's own measure over the steps after the first `warmup` (kernel compilation); with
 * `evalAt`, the validation loss (64 windows) at that step is returned too.
 */
async function benchGpt(backend: BackendChoice, steps: number, warmup: number, evalAt?: number) {
  const lm = createLmClient();
  const blob = await (await fetch('/samples/moby-dick.txt')).blob();
  const corpusId = `bench-${backend}`;
  const prep = await lm.prepare({ corpusId, files: [{ name: 'moby-dick.txt', blob }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 });
  if (!prep.ok) throw new Error(prep.error.message);
  await lm.keepCorpus(corpusId); // one corpus stored at a time, as the app keeps it (putCorpus no longer drops the others)
  const config = configFromPreset(NANOGPT_CPU_PRESET, prep.value.vocabSize);
  const base = NANOGPT_CPU_PRESET.train;
  const settings = { ...base, maxIters: steps, evalEvery: evalAt ?? steps * 10, checkpointEvery: steps * 10, sampleTokens: 1 };
  // Each report covers some steps at one rate: the run's rate is their tokens over their time.
  let steps_ = 0;
  let seconds = 0;
  let chosen = '';
  let threads: number | undefined;
  let fused: true | string | undefined;
  let workers = 1;
  let valLoss: number | undefined;
  const handle = lm.train(
    { runId: corpusId, corpusId, backend, config, settings, start: { kind: 'fresh' } },
    {
      backend: (info) => {
        chosen = info.name;
        threads = info.threads;
        fused = info.fusedKernels;
        workers = info.workers ?? 1;
      },
      steps: (points, tokensPerSec) => {
        if ((points[0]?.[0] ?? 0) > warmup && tokensPerSec > 0) {
          steps_ += points.length;
          seconds += points.length / tokensPerSec;
        }
      },
      eval: (point) => {
        if (point.step === evalAt) valLoss = point.valLoss;
      },
    },
  );
  const res = await handle.result;
  if (!res.ok) throw new Error(res.error.message);
  const tokensPerSecond = seconds > 0 ? steps_ / seconds : NaN;
  return { backend: chosen, threads, workers, fused, tokensPerSecond, valLoss, flopsPerToken: gptTrainFlopsPerToken(config) };
}

/**
 * The studio gemm's measured peak over `workers` cores (one single-threaded tfjs-wasm worker each,
 * as the LM trainer and its peers run): n×n·n×n products for `ms` in all of them at once; GFLOP/s
 * is their FLOPs (2n³ a product) over the slowest one's time.
 */
async function benchGemmPeak(workers: number, n: number, ms: number) {
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./gemm-peak.worker.ts', import.meta.url), { type: 'module', name: 'gemm-peak' }));
  const next = (w: Worker) =>
    new Promise<GemmPeakReply>((resolve, reject) => {
      w.onmessage = (e: MessageEvent<GemmPeakReply>) => (e.data.type === 'error' ? reject(new Error(e.data.message)) : resolve(e.data));
      w.onerror = (e) => reject(new Error(e.message));
    });
  try {
    const ready = pool.map(next);
    pool.forEach((w) => w.postMessage({ type: 'init', n }));
    const fma = (await Promise.all(ready)).every((r) => r.type === 'ready' && r.fma);
    const done = pool.map(next);
    pool.forEach((w) => w.postMessage({ type: 'run', ms }));
    const runs = (await Promise.all(done)).map((r) => (r.type === 'done' ? r : { flops: 0, seconds: Infinity }));
    const flops = runs.reduce((s, r) => s + r.flops, 0);
    const seconds = Math.max(...runs.map((r) => r.seconds));
    return { gflops: flops / seconds / 1e9, fma, workers, n };
  } finally {
    pool.forEach((w) => w.terminate());
  }
}

/** The app's automatic choice for the bench model, made as for any run: a fresh worker times the candidates, then trains. */
async function autoBackend(rows: number, epochs: number) {
  return benchTabular('auto', rows, epochs);
}

Object.assign(window, { benchTabular, benchTextCnn, benchGpt, benchGemmPeak, autoBackend });
document.body.dataset.ready = 'true';
