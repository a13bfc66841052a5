/// <reference lib="webworker" />
/** Training worker entry: a dedicated worker so the page stays responsive while models train. */
import { autoChoice, probeDevice, startBackend } from './backend';
import { createTrainHandler } from './train-handler';
import type { TrainEvent, TrainRequest } from './train-protocol';
import { announceLife } from './life-lock';
import { whenGpuLost } from './gpu-loss';

declare const self: DedicatedWorkerGlobalScope;

announceLife((m) => self.postMessage(m));

const handle = createTrainHandler(
  {
    probe: async () => {
      const device = await probeDevice();
      return { device, auto: autoChoice(device) };
    },
    start: startBackend,
    lost: whenGpuLost,
  },
  (event: TrainEvent) => {
    // Predictions go back as transferred buffers: the worker keeps no copy.
    const transfer: Transferable[] = [];
    if (event.type === 'done' && event.request === 'train') transfer.push(event.result.testPredictions.buffer as ArrayBuffer);
    if (event.type === 'done' && event.request === 'predict') transfer.push(event.result.buffer as ArrayBuffer);
    if (event.type === 'checkpoint') transfer.push(...[...event.checkpoint.weights, ...(event.checkpoint.best ?? []), ...event.checkpoint.optimizer].map((a) => a.buffer as ArrayBuffer));
    // After a GPU loss the page ends this worker (its TensorFlow.js cannot use that GPU again) and
    // sends the run on to a fresh one (job-client.ts `retireOn`); closing here would race that.
    self.postMessage(event, transfer);
  },
);
self.onmessage = (e: MessageEvent<TrainRequest>) => void handle(e.data);
