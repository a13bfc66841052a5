/**
 * The LM handler with data-parallel peers (wasm): the run reports its workers, a peer that fails
 * mid-run leaves the run to finish alone (and says so), and the lease is given back marked failed.
 * Own file: the backend is global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPeer, type GradPeer } from '../core/lm/data-parallel';
import type { GptConfig } from '../core/lm';
import { createLmHandler } from './lm-handler';
import { memoryLmStorage, type PeerLease } from './lm-ports';
import type { LmEvent, LmRequest, LmTrainSettings } from './lm-protocol';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

const device = { cores: 2, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };
const TEXT = Array.from({ length: 400 }, (_, i) => `the whale ${i % 7 === 0 ? 'dove' : 'swam'} away. `).join('');
const settings: LmTrainSettings = {
  batchSize: 8, gradAccumSteps: 1, maxIters: 12, learningRate: 1e-2, minLr: 1e-3, warmupIters: 2, lrDecayIters: 12,
  beta1: 0.9, beta2: 0.99, weightDecay: 0.1, gradClip: 1, seed: 3, evalEvery: 6, evalWindows: 4, checkpointEvery: 6,
  samplePrompt: 'the ', sampleTokens: 4, sampleSeed: 1,
};

describe('LM handler with data-parallel peers (wasm)', () => {
  it('trains with a peer, finishes alone when it fails, and gives the lease back marked failed', async () => {
    const events: LmEvent[] = [];
    const leases: { config: GptConfig; failed?: boolean }[] = [];
    let calls = 0;
    const backends = {
      start: async () => {
        await tf.setBackend('wasm');
        return { name: 'wasm' as const, reason: 'test', device };
      },
      peers: async (config: GptConfig): Promise<PeerLease> => {
        const entry: { config: GptConfig; failed?: boolean } = { config };
        leases.push(entry);
        const inner = localPeer(config);
        // Answers steps 1–4, then fails: the rest of the run goes on alone.
        const peer: GradPeer = { grads: (req) => (++calls > 4 ? Promise.reject(new Error('helper gone')) : inner.grads(req)), dispose: () => inner.dispose() };
        return { peers: [peer], release: (failed) => void ((entry.failed = !!failed), inner.dispose()) };
      },
    };
    const handle = createLmHandler(backends, memoryLmStorage(), (e) => events.push(e));
    let n = 0;
    const job = async (req: Record<string, unknown>) => {
      const jobId = `j${n++}`;
      await handle({ ...req, jobId } as unknown as LmRequest);
      const mine = events.filter((e) => e.jobId === jobId);
      const end = mine.at(-1)!;
      if (end.type !== 'done') throw new Error(end.type === 'failed' ? end.problem.message : 'no end');
      return { events: mine, result: end.result as never };
    };
    const summary = (await job({ type: 'prepare', corpusId: 'c1', files: [{ name: 'whale.txt', blob: new Blob([TEXT]) }], tokenizer: { type: 'train', choice: { kind: 'char', vocabSize: 0 } }, valFraction: 0.1 })).result as { vocabSize: number };
    const config: GptConfig = { vocabSize: summary.vocabSize, blockSize: 16, nLayer: 1, nHead: 2, nEmbd: 16, bias: true, dropout: 0, gelu: 'exact' };

    const trained = await job({ type: 'train', runId: 'r1', corpusId: 'c1', backend: 'wasm', config, settings, start: { kind: 'fresh' } });
    const infos = trained.events.filter((e) => e.type === 'backend').map((e) => (e as Extract<LmEvent, { type: 'backend' }>).info.workers);
    expect(infos).toEqual([2, undefined]); // two workers, then alone after the failure
    expect((trained.result as { step: number }).step).toBe(12);
    expect(leases).toHaveLength(1);
    expect(leases[0]!.config).toEqual(config);
    expect(leases[0]!.failed).toBe(true);
    const losses = trained.events.filter((e) => e.type === 'steps').flatMap((e) => (e as Extract<LmEvent, { type: 'steps' }>).points.map(([, v]) => v));
    expect(losses).toHaveLength(12);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});
