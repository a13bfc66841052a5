/**
 * Data-parallel training across workers: each optimizer step splits the batch's rows between the
 * trainer and its peers; every peer holds a replica of the model, receives the step's weights and
 * its rows, and answers its loss and gradients; the trainer sums them with its own and updates.
 *
 * Why: on WASM tfjs runs one op at a time and most of a GPT step's ops (everything but XNNPACK's
 * matMuls, and all of the studio's fused kernels) use one core. A replica per core uses them all,
 * and the update is the same as one worker's (the mean gradient over the whole batch; float sums
 * in another order).
 *
 * Core, framework-free: the worker wiring (postMessage) is src/worker/lm-peers.ts; tests use
 * in-process peers (localPeer).
 */
import * as tf from '@tensorflow/tfjs';
import { gptKernels, heapView, ownsMemory } from '../kernels/gpt-fused';
import { createGpt, type GptModel } from './gpt';
import type { GptConfig } from './gpt-config';

export interface PeerGradRequest {
  /** Every parameter's values, concatenated in model.params order (sent once per optimizer step). */
  weights?: Float32Array;
  /** Where to write the gradients (shared memory between workers); absent: return them. */
  gradsOut?: Float32Array;
  /** Token ids and targets, rows × T, row-major. */
  x: Int32Array;
  y: Int32Array;
  rows: number;
  T: number;
  /** Factor on the mean loss of these rows (their share of the whole batch). */
  scale: number;
  /** State for the replica's dropout masks (drawn by the trainer, so runs stay reproducible). */
  rngState: number;
}

export interface PeerGradResult {
  /** scale × mean loss of the rows. */
  loss: number;
  /** Gradients of scale × loss, concatenated like the weights (absent when written to gradsOut). */
  grads?: Float32Array;
}

export interface GradPeer {
  grads(req: PeerGradRequest): Promise<PeerGradResult>;
  dispose(): void;
}

/** A model replica that computes gradients for a peer (runs inside the peer's worker). */
export interface GradReplica {
  grads(req: PeerGradRequest): PeerGradResult;
  dispose(): void;
}

export function createGradReplica(config: GptConfig): GradReplica {
  const model: GptModel = createGpt(config, 1);
  const vars = [...model.params.values()];
  const total = vars.reduce((n, v) => n + v.size, 0);
  return {
    grads(req) {
      if (req.weights) {
        if (req.weights.length !== total) throw new Error(`Replica: expected ${total} weights, got ${req.weights.length}`);
        // On the wasm heap the values are written into each variable's own memory: no tensor to make
        // and assign per parameter.
        const inPlace = gptKernels() !== null && vars.every(ownsMemory);
        let at = 0;
        for (const v of vars) {
          const values = req.weights.subarray(at, at + v.size);
          if (inPlace) heapView(v).set(values);
          else {
            const t = tf.tensor(values, v.shape);
            v.assign(t);
            t.dispose();
          }
          at += v.size;
        }
      }
      model.setRngState(req.rngState);
      const x = tf.tensor2d(req.x, [req.rows, req.T], 'int32');
      const y = tf.tensor2d(req.y, [req.rows, req.T], 'int32');
      try {
        const { value, grads } = tf.variableGrads(() => tf.mul(model.loss(x, y, { training: true }), req.scale) as tf.Scalar, vars);
        const flat = req.gradsOut ?? new Float32Array(total);
        if (flat.length !== total) throw new Error(`Replica: room for ${flat.length} gradients, need ${total}`);
        const onHeap = gptKernels() !== null;
        let at = 0;
        for (const v of vars) {
          const g = grads[v.name]!;
          flat.set(onHeap ? heapView(g) : (g.dataSync() as Float32Array), at);
          at += v.size;
        }
        const loss = value.dataSync()[0]!;
        tf.dispose([value, ...Object.values(grads)]);
        return req.gradsOut ? { loss } : { loss, grads: flat };
      } finally {
        tf.dispose([x, y]);
      }
    },
    dispose: () => model.dispose(),
  };
}

/** A peer in this thread (tests; same arithmetic as a worker peer). */
export function localPeer(config: GptConfig): GradPeer {
  const replica = createGradReplica(config);
  return {
    grads: async (req) => replica.grads(req),
    dispose: () => replica.dispose(),
  };
}

/** Splits `rows` into `parts` runs as even as possible (the first ones one longer). */
export function splitRows(rows: number, parts: number): number[] {
  const base = Math.floor(rows / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < rows % parts ? 1 : 0));
}
