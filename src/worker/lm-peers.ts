/**
 * The language-model worker's data-parallel peers: one lm-peer worker per spare core (at most 3),
 * each a GradPeer (core/lm/data-parallel.ts) over postMessage. Started on the first WASM training
 * run and kept for later ones (a new model config re-initialises their replicas). One job at a
 * time holds them (a lease): a speed probe and a training run never share replicas.
 */
import type { GptConfig } from '../core/lm';
import type { GradPeer, PeerGradRequest } from '../core/lm/data-parallel';
import { NO_PEERS, type PeerLease } from './lm-ports';

type PeerAsk = { type: 'init'; config: GptConfig } | { type: 'grads'; req: PeerGradRequest };
export type PeerRequest = PeerAsk & { id: number };
export type PeerReply =
  | { type: 'ready'; id: number }
  | { type: 'grads'; id: number; loss: number; grads?: Float32Array }
  | { type: 'error'; id: number; message: string };

const MAX_PEERS = 3;
/** A peer that has not answered in this long is taken for dead (a step of the largest preset on WASM takes seconds). */
const ANSWER_WITHIN_MS = 120_000;

class WorkerPeer implements GradPeer {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(r: PeerReply): void; reject(e: Error): void }>();
  private broken: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<PeerReply>) => {
      const w = this.waiting.get(e.data.id);
      this.waiting.delete(e.data.id);
      if (e.data.type === 'error') {
        this.fail(new Error(`A training helper failed: ${e.data.message}`));
        w?.reject(this.broken!);
      } else w?.resolve(e.data);
    };
    worker.onmessageerror = () => this.fail(new Error('A training helper sent a message that could not be read'));
    worker.onerror = (e) => {
      e.preventDefault();
      this.fail(new Error(`A training helper stopped: ${e.message || 'worker error'}`));
    };
  }

  /** Marks the peer unusable and rejects whatever waits on it. */
  private fail(error: Error): void {
    this.broken ??= error;
    for (const w of this.waiting.values()) w.reject(this.broken);
    this.waiting.clear();
  }

  private ask(msg: PeerAsk, transfer: Transferable[] = []): Promise<PeerReply> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('A training helper stopped answering')), ANSWER_WITHIN_MS);
      const done = () => clearTimeout(timer);
      this.waiting.set(id, { resolve: (r) => (done(), resolve(r)), reject: (e) => (done(), reject(e)) });
      try {
        this.worker.postMessage({ ...msg, id }, transfer);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
      }
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
let leased = false;

/**
 * Peers for training `config` on this device's spare cores, for one job until release(); none on
 * one core, while another job holds them, or when they cannot start (the job then runs in this
 * worker alone). release(true) drops them (a peer failed): the next job starts fresh ones.
 */
export async function leaseLmPeers(config: GptConfig, cores: number): Promise<PeerLease> {
  const wanted = Math.min(MAX_PEERS, Math.max(0, cores - 1));
  if (wanted === 0 || leased) return NO_PEERS;
  leased = true;
  const release = (failed = false) => {
    leased = false;
    if (failed || pool.some((p) => p.failed)) drop();
  };
  const key = JSON.stringify(config);
  if (pool.some((p) => p.failed)) drop();
  if (pool.length === wanted && poolConfig === key) return { peers: pool, release };
  try {
    while (pool.length < wanted) pool.push(new WorkerPeer(new Worker(new URL('./lm-peer.worker.ts', import.meta.url), { type: 'module', name: `lm-peer-${pool.length + 1}` })));
    await Promise.all(pool.map((p) => p.init(config)));
    poolConfig = key;
    return { peers: pool, release };
  } catch {
    drop();
    leased = false;
    return NO_PEERS;
  }
}

function drop(): void {
  for (const p of pool) p.dispose();
  pool = [];
  poolConfig = '';
}
