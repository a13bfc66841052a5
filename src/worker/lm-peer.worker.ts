/// <reference lib="webworker" />
/**
 * A data-parallel peer of the language-model worker (lm-peers.ts): holds a replica of the model
 * on tfjs-wasm (one thread: there is one peer per spare core) and answers the gradients of the
 * rows it is given (core/lm/data-parallel.ts).
 */
import { gptKernels } from '../core/kernels/gpt-fused';
import { createGradReplica, type GradReplica } from '../core/lm/data-parallel';
import { startBackend } from './backend';
import type { PeerReply, PeerRequest } from './lm-peers';

declare const self: DedicatedWorkerGlobalScope;

let replica: GradReplica | null = null;
let started: Promise<unknown> | null = null;

const reply = (msg: PeerReply, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

self.onmessage = async (e: MessageEvent<PeerRequest>) => {
  const msg = e.data;
  try {
    if (msg.type === 'init') {
      started ??= startBackend('wasm', { wasmThreads: 1 });
      const info = (await started) as { name: string };
      replica?.dispose();
      replica = null;
      if (info.name !== 'wasm' || !gptKernels()) throw new Error('the WebAssembly backend with the studio kernels did not start');
      replica = createGradReplica(msg.config);
      reply({ type: 'ready', id: msg.id });
    } else {
      if (!replica) throw new Error('peer has no model');
      const r = replica.grads(msg.req);
      reply({ type: 'grads', id: msg.id, loss: r.loss, ...(r.grads ? { grads: r.grads } : {}) }, r.grads ? [r.grads.buffer] : []);
    }
  } catch (err) {
    reply({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
  }
};
