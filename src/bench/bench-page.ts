/**
 * The in-browser half of `npm run bench -- tabular`: trains the standard MLP inside the studio's
 * own training worker on each backend and reports samples per second. bench/tabular.ts opens this
 * page in headless Chromium and prints the figures.
 */
import { createTrainClient } from '../worker/train-client';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { createRng } from '../core/util/rng';
import type { BackendChoice } from '../worker/backend';
import type { TrainData } from '../worker/train-protocol';

/** The standard dataset: n rows × 20 features, 3 classes from a seeded random linear rule. */
function standardData(n: number): TrainData {
  const f = 20;
  const rng = createRng(7);
  const w = Array.from({ length: 3 * f }, () => rng.next() * 2 - 1);
  const part = (rows: number) => {
    const x = new Float32Array(rows * f);
    const y = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      const s = [0, 0, 0];
      for (let j = 0; j < f; j++) {
        const v = rng.next() * 2 - 1;
        x[i * f + j] = v;
        for (let k = 0; k < 3; k++) s[k]! += v * w[k * f + j]!;
      }
      y[i] = s.indexOf(Math.max(...s));
    }
    return { x, y, n: rows };
  };
  return { features: f, classes: 3, labels: ['a', 'b', 'c'], task: 'classification', train: part(n), validation: part(256), test: part(256) };
}

async function benchTabular(backend: BackendChoice, rows: number, epochs: number) {
  const client = createTrainClient();
  const data = standardData(rows);
  const seconds: number[] = [];
  let chosen = '';
  let threads: number | undefined;
  const handle = client.train(
    { type: 'train', backend, family: 'mlp', params: { hiddenLayers: [64, 32], activation: 'relu', dropout: 0, l2: 0 }, hp: { ...DEFAULT_HYPERPARAMS, epochs, batchSize: 32, earlyStopping: { enabled: false, patience: 1, restoreBest: false } }, data },
    {
      backend: (info) => {
        chosen = info.name;
        threads = info.threads;
      },
      epoch: (log) => seconds.push(log.seconds),
    },
  );
  const res = await handle.result;
  if (!res.ok) throw new Error(res.error.message);
  // The first epoch includes kernel compilation; the rest are timed.
  const timed = seconds.slice(1);
  const samplesPerSecond = (rows * timed.length) / timed.reduce((a, b) => a + b, 0);
  return { backend: chosen, threads, samplesPerSecond };
}

async function autoBackend() {
  const res = await createTrainClient().probe();
  if (!res.ok) throw new Error(res.error.message);
  return res.value.auto;
}

Object.assign(window, { benchTabular, autoBackend });
document.body.dataset.ready = 'true';
