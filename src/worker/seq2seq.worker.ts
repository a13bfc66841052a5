/// <reference lib="webworker" />
/** Sequence-to-sequence worker entry: its own thread, so an encoder–decoder trains while the page stays free. */
import { startBackend } from './backend';
import { createS2sHandler } from './seq2seq-handler';
import { idbS2sStorage } from './seq2seq-storage';
import type { S2sEvent, S2sRequest } from '../core/jobs';
import { announceLife } from './life-lock';
import { whenGpuLost } from './gpu-loss';

declare const self: DedicatedWorkerGlobalScope;

announceLife((m) => self.postMessage(m));

const handle = createS2sHandler(
  (choice) => startBackend(choice, { wasmThreads: navigator.hardwareConcurrency || 1 }),
  (event: S2sEvent) => {
    const transfer: Transferable[] = event.type === 'done' && event.request === 'export' ? [event.result.buffer as ArrayBuffer] : [];
    self.postMessage(event, transfer);
  },
  idbS2sStorage(),
  // A lost GPU ends the train job with gpu-loss.ts's problem; the page then replaces this worker
  // (seq2seq-client.ts `retireOn`) and the run goes on on WebAssembly (store/actions/seq2seq.ts).
  whenGpuLost,
);
self.onmessage = (e: MessageEvent<S2sRequest>) => void handle(e.data);
