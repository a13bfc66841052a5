/// <reference lib="webworker" />
/** Training worker entry: a dedicated worker so the page stays responsive while models train. */
import { autoChoice, probeDevice, startBackend } from './backend';
import { createTrainHandler } from './train-handler';
import type { TrainEvent, TrainRequest } from './train-protocol';
import { announceLife } from './life-lock';
import { GPU_LOST_CODE, whenGpuLost } from './gpu-loss';

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
    self.postMessage(event, transfer);
    // This worker's TensorFlow.js cannot use a lost GPU again: it ends, and the page starts a fresh one (life-lock.ts).
    if (event.type === 'failed' && event.problem.code === GPU_LOST_CODE) setTimeout(() => self.close(), 0);
  },
);
self.onmessage = (e: MessageEvent<TrainRequest>) => void handle(e.data);
