/**
 * The in-browser half of `npm run bench -- tabular`: trains the standard MLP inside the studio's
 * own training worker on each backend and reports samples per second. bench/tabular.ts opens this
 * page in headless Chromium and prints the figures.
 */
import { createTrainClient } from '../worker/train-client';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { REFERENCE_MLP, referenceData } from '../worker/speed-probe';
import type { BackendChoice } from '../worker/backend';

async function benchTabular(backend: BackendChoice, rows: number, epochs: number) {
  const client = createTrainClient();
  const data = referenceData(rows);
  const seconds: number[] = [];
  let chosen = '';
  let threads: number | undefined;
  const handle = client.train(
    { type: 'train', backend, ...REFERENCE_MLP, hp: { ...DEFAULT_HYPERPARAMS, epochs, batchSize: 32, earlyStopping: { enabled: false, patience: 1, restoreBest: false } }, data },
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
