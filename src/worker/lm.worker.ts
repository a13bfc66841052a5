/// <reference lib="webworker" />
/** Language-model worker entry: its own thread, so a GPT trains while the page (and the data worker) stay free. */
import { openStudioDB } from './db';
import { gptKernels, gptKernelsFailure } from '../core/kernels/gpt-fused';
import type { GptConfig } from '../core/lm';
import { startBackend, type BackendChoice, type BackendInfo } from './backend';
import { leaseLmPeers } from './lm-peers';
import { createLmHandler } from './lm-handler';
import { NO_PEERS, type LmStorage } from './lm-ports';
import type { LmEvent, LmRequest } from './lm-protocol';
import { announceLife } from './life-lock';
import { whenGpuLost } from './gpu-loss';
import { idbPretrainedStorage } from './pretrained-storage';

declare const self: DedicatedWorkerGlobalScope;

announceLife((m) => self.postMessage(m));

const storage: LmStorage = {
  pretrained: idbPretrainedStorage(),
  getCorpus: async (id) => (await openStudioDB()).get('lmCorpora', id),
  putCorpus: async (c) => void (await (await openStudioDB()).put('lmCorpora', c)),
  async keepCorpus(id) {
    const db = await openStudioDB();
    const tx = db.transaction('lmCorpora', 'readwrite');
    for (const key of await tx.store.getAllKeys()) if (key !== id) await tx.store.delete(key);
    await tx.done;
  },
  getCheckpoint: async (id) => (await openStudioDB()).get('lmCheckpoints', id),
  putCheckpoint: async (c) => void (await (await openStudioDB()).put('lmCheckpoints', c)),
  async keepCheckpoints(ids) {
    const db = await openStudioDB();
    for (const key of await db.getAllKeys('lmCheckpoints')) if (!ids.includes(key)) await db.delete('lmCheckpoints', key);
  },
};

// One WASM thread here and one data-parallel peer worker per other core (lm-peers.ts): most of a
// GPT step is single-threaded ops (the studio's own kernels included, gemm too), so a replica per
// core beats more threads for XNNPACK, which the GPT no longer uses where the kernels load.
const cores = navigator.hardwareConcurrency || 1;
const backends = {
  start: async (choice: BackendChoice): Promise<BackendInfo> => {
    const info = await startBackend(choice, { wasmThreads: 1 });
    return info.name === 'wasm' ? { ...info, fusedKernels: gptKernels() ? true : (gptKernelsFailure() ?? 'not loaded') } : info;
  },
  peers: (config: GptConfig, info: BackendInfo) => (info.fusedKernels === true ? leaseLmPeers(config, cores) : Promise.resolve(NO_PEERS)),
  // A lost GPU ends the train job with gpu-loss.ts's problem; the page then replaces this worker
  // (lm-client.ts `retireOn`) and the run goes on on WebAssembly (store/actions/lm-training.ts).
  lost: whenGpuLost,
};

const handle = createLmHandler(backends, storage, (event: LmEvent) => {
  // Exported zips go back as transferred buffers: the worker keeps no copy.
  const transfer: Transferable[] = event.type === 'done' && event.request === 'export' ? [event.result.buffer as ArrayBuffer] : [];
  self.postMessage(event, transfer);
});
self.onmessage = (e: MessageEvent<LmRequest>) => void handle(e.data);
