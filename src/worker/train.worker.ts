/// <reference lib="webworker" />
/** Training worker entry: a dedicated worker so the page stays responsive while models train. */
import { autoChoice, probeDevice, startBackend } from './backend';
import { createTrainHandler } from './train-handler';
import type { TrainEvent, TrainRequest } from './train-protocol';
import { announceLife } from './life-lock';
import { whenGpuLost } from './gpu-loss';
import { isTreeCheckpoint } from '../core/train/checkpoint';

declare const self: DedicatedWorkerGlobalScope;

/**
 * WebAssembly threads: one core is left to the page and the other workers. A thread pool over
 * every core stalls at each kernel whenever any other thread takes one of them (its barrier waits
 * for the thread that lost its core). Measured on the shared 2-core machine (2026-12-04, load
 * 3–5, headless Chromium): the bench MLP trained at 24,100 and 33,100 samples/s on one thread
 * against 6,400 and 12,300 on two, the text CNN at 174 and 183 against 157 and 163. Read before
 * the wasm start reports twice the real count inside this worker (backend.ts).
 */
const WASM_THREADS = Math.max(1, (navigator.hardwareConcurrency || 1) - 1);

announceLife((m) => self.postMessage(m));

const handle = createTrainHandler(
  {
    probe: async () => {
      const device = await probeDevice();
      return { device, auto: autoChoice(device) };
    },
    start: (choice) => startBackend(choice, { wasmThreads: WASM_THREADS }),
    lost: whenGpuLost,
  },
  (event: TrainEvent) => {
    // Predictions go back as transferred buffers: the worker keeps no copy.
    const transfer: Transferable[] = [];
    if (event.type === 'done' && event.request === 'train') transfer.push(event.result.testPredictions.buffer as ArrayBuffer);
    if (event.type === 'done' && event.request === 'predict') transfer.push(event.result.buffer as ArrayBuffer);
    if (event.type === 'checkpoint') {
      const cp = event.checkpoint;
      // Each array is the checkpoint's own copy: nothing the run still uses is transferred.
      const arrays = isTreeCheckpoint(cp) ? [cp.raw, ...(cp.valRaw ? [cp.valRaw] : [])] : [...cp.weights, ...(cp.best ?? []), ...cp.optimizer];
      transfer.push(...arrays.map((a) => a.buffer as ArrayBuffer));
    }
    // After a GPU loss the page ends this worker (its TensorFlow.js cannot use that GPU again) and
    // sends the run on to a fresh one (job-client.ts `retireOn`); closing here would race that.
    self.postMessage(event, transfer);
  },
);
self.onmessage = (e: MessageEvent<TrainRequest>) => void handle(e.data);
