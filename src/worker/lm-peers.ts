/**
 * The language-model worker's data-parallel peers: one lm-peer worker per spare core (at most 3),
 * each a GradPeer (core/lm/data-parallel.ts) over postMessage. Started on the first WASM training
 * run and kept for later ones (a new model config re-initialises their replicas).
 */
import type { GptConfig } from '../core/lm';
import type { GradPeer, PeerGradRequest } from '../core/lm/data-parallel';

type PeerAsk = { type: 'init'; config: GptConfig } | { type: 'grads'; req: PeerGradRequest };
export type PeerRequest = PeerAsk & { id: number };
export type PeerReply =
  | { type: 'ready'; id: number }
  | { type: 'grads'; id: number; loss: number; grads?: Float32Array }
  | { type: 'error'; id: number; message: string };

const MAX_PEERS = 3;

class WorkerPeer implements GradPeer {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(r: PeerReply): void; reject(e: Error): void }>();
  private broken: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<PeerReply>) => {
      const w = this.waiting.get(e.data.id);
      this.waiting.delete(e.data.id);
      if (e.data.type === 'error') w?.reject(new Error(`A training helper failed: ${e.data.message}`));
      else w?.resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.broken = new Error(`A training helper stopped: ${e.message || 'worker error'}`);
      for (const w of this.waiting.values()) w.reject(this.broken);
      this.waiting.clear();
    };
  }

  private ask(msg: PeerAsk, transfer: Transferable[] = []): Promise<PeerReply> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  get failed(): boolean {
    return this.broken !== null;
  }

  async init(config: GptConfig): Promise<void> {
    await this.ask({ type: 'init', config });
  }

  async grads(req: PeerGradRequest) {
    // Weights and gradient buffers go to every peer: shared (or copied), never transferred.
    const transfer = [req.x.buffer, req.y.buffer];
    const r = (await this.ask({ type: 'grads', req }, transfer)) as Extract<PeerReply, { type: 'grads' }>;
    return r.grads ? { loss: r.loss, grads: r.grads } : { loss: r.loss };
  }

  dispose(): void {
    this.worker.terminate();
  }
}

let pool: WorkerPeer[] = [];
let poolConfig = '';

/**
 * Peers for training `config` on this device's spare cores; [] on one core or when they cannot
 * start (training then runs in this worker alone).
 */
export async function lmPeers(config: GptConfig, cores: number): Promise<GradPeer[]> {
  const wanted = Math.min(MAX_PEERS, Math.max(0, cores - 1));
  if (wanted === 0) return [];
  const key = JSON.stringify(config);
  if (pool.some((p) => p.failed)) {
    for (const p of pool) p.dispose();
    pool = [];
  }
  if (pool.length === wanted && poolConfig === key) return pool;
  try {
    while (pool.length < wanted) pool.push(new WorkerPeer(new Worker(new URL('./lm-peer.worker.ts', import.meta.url), { type: 'module', name: `lm-peer-${pool.length + 1}` })));
    await Promise.all(pool.map((p) => p.init(config)));
    poolConfig = key;
    return pool;
  } catch {
    for (const p of pool) p.dispose();
    pool = [];
    poolConfig = '';
    return [];
  }
}
