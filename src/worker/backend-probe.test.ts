/**
 * The automatic backend choice on the backends Node has (plain JS and WebAssembly, as the training
 * worker starts them): real timings of real models, the decision that follows, the cache, and no
 * tensor left behind on either backend. Own file: the backend is global to the test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { setupWasm } from '../core/kernels/test-backends';
import { getModelFamily, resolveParams } from '../core/models/registry';
import type { ModelParams, NeuralFamily } from '../core/models/types';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { createRng } from '../core/util/rng';
import type { BackendName, DeviceReport } from '../core/jobs/backends';
import { createBackendChooser, measureBackends, ROUNDS, timeTraining, type BackendStarter, type NeuralJob } from './backend-probe';
import { createTrainHandler } from './train-handler';
import { referenceData } from '../core/jobs';
import type { PortedData, TrainData, TrainEvent, TrainOutcome } from './train-protocol';

setupWasm();

const NO_GPU: DeviceReport = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: 'none' }, webgl: { available: false, software: false, description: 'none' } };

/** Starts real backends; records each start. */
function nodeStarter(candidates?: BackendName[]) {
  const starts: string[] = [];
  const starter: BackendStarter = {
    probe: async () => ({ device: NO_GPU, auto: { name: 'wasm', reason: 'the device rule' } }),
    async start(choice) {
      const name = choice === 'auto' ? 'wasm' : choice;
      starts.push(name);
      if (!(await tf.setBackend(name))) throw new Error(`${name} did not start`);
      await tf.ready();
      return { name, reason: 'You chose this backend.', device: NO_GPU };
    },
    ...(candidates ? { candidates: () => candidates } : {}),
  };
  return { starter, starts };
}

/** Starts nothing: records the order backends were asked for (timings are injected). */
function fakeStarter() {
  const starts: BackendName[] = [];
  const starter: BackendStarter = {
    probe: async () => ({ device: NO_GPU, auto: { name: 'wasm', reason: 'the device rule' } }),
    start(choice) {
      const name = choice === 'auto' ? 'wasm' : choice;
      starts.push(name);
      return Promise.resolve({ name, reason: 'You chose this backend.', device: NO_GPU });
    },
  };
  return { starter, starts };
}

const neural = (id: string) => getModelFamily(id) as NeuralFamily<ModelParams>;
const mlpJob = (hidden: number[], rows = 600): NeuralJob => {
  const fam = neural('mlp');
  return { fam, params: resolveParams(fam, { hiddenLayers: hidden, activation: 'relu', dropout: 0, l2: 0 }), data: referenceData(rows), hp: { ...DEFAULT_HYPERPARAMS, batchSize: 32 } };
};

/** Token sequences (length 32, vocabulary 500), 2 classes. */
function tokens(rows: number): TrainData {
  const L = 32;
  const rng = createRng(3);
  const part = (n: number) => {
    const x = new Float32Array(n * L);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < L; t++) x[i * L + t] = 2 + rng.int(498);
      y[i] = x[i * L]! < 250 ? 1 : 0;
    }
    return { x, y, n };
  };
  return { features: L, classes: 2, labels: ['a', 'b'], task: 'classification', vocabSize: 500, train: part(rows), validation: part(64), test: part(64) };
}

describe('timeTraining', () => {
  it('measures the real model on both CPU backends and leaves no tensor behind', async () => {
    const job = mlpJob([64, 32]);
    for (const b of ['cpu', 'wasm'] as const) {
      await tf.setBackend(b);
      const before = tf.memory().numTensors;
      const s = await timeTraining(job, 400);
      expect(s).not.toBeNull();
      expect(s!.batches).toBeGreaterThan(2);
      expect(s!.samples).toBe(32 * s!.batches);
      expect(s!.samples / s!.ms).toBeGreaterThan(0.1); // 100 samples/s
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('stays near its budget, and gives the warm-up batch figure when that batch alone is too slow', async () => {
    await tf.setBackend('cpu');
    const job = mlpJob([256, 256], 5000);
    const t0 = performance.now();
    const s = await timeTraining(job, 300);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(s!.batches).toBeGreaterThan(0);
    const warm = await timeTraining(job, 300, 0);
    expect(warm).toMatchObject({ batches: 0, samples: 32 });
    expect(warm!.ms).toBeGreaterThan(0);
  });
});

describe('automatic choice', () => {
  it('times each candidate, chooses the fastest measured, and reuses the decision for the same model', async () => {
    const { starter, starts } = nodeStarter();
    const choose = createBackendChooser(starter);
    const before = tf.memory().numTensors;
    const info = await choose(mlpJob([16]));
    expect(info.measured?.map((m) => m.backend).sort()).toEqual(['cpu', 'wasm']);
    expect(info.name).toBe(info.measured![0]!.backend);
    expect(info.measured![0]!.samplesPerSecond).toBeGreaterThanOrEqual(info.measured![1]!.samplesPerSecond);
    expect(tf.getBackend()).toBe(info.name);
    expect(info.reason).toMatch(new RegExp(`^Timed on this model: ${info.name} [\\d,.]+ samples/s, \\w+ [\\d,.]+: ${info.name} chosen\\.$`));
    expect(tf.memory().numTensors).toBe(before);
    expect(starts).toEqual([...Array.from({ length: ROUNDS }, (_, r) => (r % 2 ? ['cpu', 'wasm'] : ['wasm', 'cpu'])).flat(), info.name]); // candidates take turns

    const again = await choose(mlpJob([16]));
    expect(starts).toHaveLength(2 * ROUNDS + 2); // no second probe: only the chosen backend started
    expect(again.name).toBe(info.name);
    expect(again.measured).toEqual(info.measured);
    expect(again.reason).toContain('earlier run');

    await choose({ ...mlpJob([16]), hp: { ...DEFAULT_HYPERPARAMS, batchSize: 8 } }); // another batch size: probed again
    expect(starts).toHaveLength(4 * ROUNDS + 3);
  });

  it('with injected timings: alternating rounds, a warm-up twice as long and dropped, the median decides', async () => {
    const { starter, starts } = fakeStarter();
    const asked: [string, number][] = [];
    // wasm: a cold first round, then one lucky round; cpu: a slow warm-up (compiling), then steady.
    const rates: Record<string, number[]> = { wasm: [600, 2500, 11000, 2900, 3100, 2700], cpu: [1700, 7800, 9400, 8600, 6900, 9900] };
    const time = (_: NeuralJob, ms: number) => {
      const name = starts.at(-1)!;
      asked.push([name, ms]);
      const rate = rates[name]!.shift()!;
      return Promise.resolve({ samples: 320, ms: (320 * 1000) / rate, batches: 10 });
    };
    const d = await measureBackends(starter, ['wasm', 'cpu'], mlpJob([8]), 'wasm', 1400, time);
    expect(starts).toEqual(['wasm', 'cpu', 'cpu', 'wasm', 'wasm', 'cpu', 'cpu', 'wasm', 'wasm', 'cpu', 'cpu', 'wasm']);
    expect(asked.filter(([n]) => n === 'cpu').map(([, ms]) => ms)).toEqual([200, 100, 100, 100, 100, 100]); // 1400 ms: 7 shares a candidate
    expect(d.name).toBe('cpu');
    expect(d.reason).toBe('Timed on this model: cpu 8,600 samples/s, wasm 2,900: cpu chosen.');
    expect(d.measured.find((m) => m.backend === 'wasm')!.rounds!.map(Math.round)).toEqual([2500, 11000, 2900, 3100, 2700]);
  });

  it('with injected timings: a backend that fails is named, one too slow for a round is timed no more', async () => {
    const { starter, starts } = fakeStarter();
    const time = (_: NeuralJob, ms: number) => {
      const name = starts.at(-1)!;
      if (name === 'webgpu') return Promise.reject(new Error('device lost'));
      // cpu: 2 batches of 3 rounds' length each, once warm: too slow for another round.
      return Promise.resolve(name === 'cpu' ? { samples: 64, ms: 6 * ms, batches: 2 } : { samples: 320, ms: 80, batches: 10 });
    };
    const d = await measureBackends(starter, ['webgpu', 'wasm', 'cpu'], mlpJob([8]), 'wasm', 2100, time);
    expect(starts.filter((s) => s === 'webgpu')).toHaveLength(1);
    expect(starts.filter((s) => s === 'cpu')).toHaveLength(2); // the warm-up round and one timed round
    expect(starts.filter((s) => s === 'wasm')).toHaveLength(ROUNDS);
    expect(d.name).toBe('wasm');
    expect(d.reason).toContain('webgpu could not run it.');
  });

  it('a backend whose batches are longer than a round is not timed again', async () => {
    const { starter, starts } = nodeStarter();
    const d = await measureBackends(starter, ['cpu', 'wasm'], mlpJob([256, 256], 2000), 'wasm', 30); // 5 ms rounds
    expect(starts.filter((s) => s === 'cpu')).toHaveLength(2); // the warm-up round and one timed round
    expect(d.measured.map((m) => m.backend)).toContain('cpu');
  });

  it('names a backend that cannot start and decides among the others', async () => {
    const { starter } = nodeStarter(['webgpu', 'wasm', 'cpu']); // Node has no WebGPU
    const info = await createBackendChooser(starter)(mlpJob([8]));
    expect(['wasm', 'cpu']).toContain(info.name);
    expect(info.measured).toHaveLength(2);
    expect(info.reason).toContain('webgpu could not run it.');
  });

  it('with one candidate, starts it without timing anything', async () => {
    const { starter, starts } = nodeStarter(['cpu']);
    const info = await createBackendChooser(starter)(mlpJob([8]));
    expect(info).toMatchObject({ name: 'cpu', reason: 'You chose this backend.' });
    expect(info.measured).toBeUndefined();
    expect(starts).toEqual(['cpu']);
  });

  it('a text model (token sequences) is timed the same way', async () => {
    const fam = neural('text-embedding-bag');
    const info = await createBackendChooser(nodeStarter().starter)({ fam, params: resolveParams(fam, fam.defaultParams), data: tokens(256), hp: { ...DEFAULT_HYPERPARAMS, batchSize: 32 } });
    expect(info.measured?.map((m) => m.backend).sort()).toEqual(['cpu', 'wasm']);
  });
});

describe('train handler with the automatic choice', () => {
  const run = async (family: string) => {
    const events: TrainEvent[] = [];
    const handle = createTrainHandler(nodeStarter().starter, (e) => events.push(e));
    const data = referenceData(400);
    await handle({ type: 'train', jobId: 'j', backend: 'auto', family, params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 2 }, data });
    return events;
  };

  it('a neural run trains on the measured choice and reports the figures', async () => {
    const events = await run('mlp');
    const backend = events.find((e) => e.type === 'backend')!;
    const done = events.at(-1) as { type: string; result: TrainOutcome };
    expect(done.type).toBe('done');
    expect(done.result.backend.measured).toHaveLength(2);
    expect(done.result.backend).toEqual((backend as { info: unknown }).info);
  });

  it('with the data on a port (as the app sends it), the timing waits for the data and uses it', async () => {
    const events: TrainEvent[] = [];
    const handle = createTrainHandler(nodeStarter().starter, (e) => events.push(e));
    const { port1, port2 } = new MessageChannel();
    const running = handle({ type: 'train', jobId: 'j', backend: 'auto', family: 'mlp', params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 2 }, data: { port: port2 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(events.some((e) => e.type === 'backend')).toBe(false); // nothing to time yet
    port1.postMessage({ ok: true, data: referenceData(400) } satisfies PortedData);
    await running;
    const done = events.at(-1) as { type: string; result: TrainOutcome };
    expect(done.type).toBe('done');
    expect(done.result.backend.measured).toHaveLength(2);
    expect(events.filter((e) => e.type === 'backend')).toHaveLength(1);
    port1.close();
  });

  it('a tree run keeps the device rule: nothing to time', async () => {
    const events = await run('decision-tree');
    const done = events.at(-1) as { type: string; result: TrainOutcome };
    expect(done.type).toBe('done');
    expect(done.result.backend.measured).toBeUndefined();
    expect(done.result.backend.name).toBe('wasm');
  });
});
