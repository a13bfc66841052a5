import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createTrainHandler } from './train-handler';
import type { TrainData, TrainEvent } from './train-protocol';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { createRng } from '../core/util/rng';
import { isOutOfMemory } from './oom';

const cpu = {
  probe: async () => ({ device: { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } }, auto: { name: 'cpu' as const, reason: 'test' } }),
  start: async () => {
    await tf.setBackend('cpu');
    return { name: 'cpu' as const, reason: 'test', device: (await cpu.probe()).device };
  },
};

function split(n: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * 2 }, () => rng.next() * 2 - 1);
  return { x, y: Float32Array.from({ length: n }, (_, i) => (x[2 * i]! > 0 ? 1 : 0)), n };
}
const data = (): TrainData => ({ features: 2, classes: 2, task: 'classification', train: split(120, 1), validation: split(30, 2), test: split(30, 3) });

/** Runs a job whose 3rd epoch throws `error` inside the training loop (as an allocation deep in it would). */
async function failingAt3(error: unknown) {
  const events: TrainEvent[] = [];
  let epochs = 0;
  const handle = createTrainHandler(cpu, (e) => {
    events.push(e);
    if (e.type === 'epoch' && ++epochs === 3) throw error;
  }, { checkpointEveryMs: 0 });
  await handle({ type: 'train', jobId: 'j', backend: 'cpu', family: 'mlp', params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 10 }, data: data() });
  return events;
}

describe('out of memory thrown in the training worker', () => {
  it('V8\'s allocation failure becomes a message with what to do, not "failed unexpectedly"', async () => {
    const events = await failingAt3(new RangeError('Array buffer allocation failed'));
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({ type: 'failed', problem: { code: 'out-of-memory', message: 'Training ran out of memory (Array buffer allocation failed).' } });
    expect((failed as { problem: { hint: string } }).problem.hint).toMatch(/smaller batch size or a smaller model.*another backend under "Run on"/);
    expect(events.filter((e) => e.type === 'checkpoint').length).toBeGreaterThanOrEqual(1); // what a resume starts from
  });

  it('other errors still read as a failure with details', async () => {
    const events = await failingAt3(new TypeError('x is undefined'));
    expect(events.at(-1)).toMatchObject({ type: 'failed', problem: { message: 'Training failed unexpectedly.', hint: 'Details for a bug report: x is undefined' } });
  });

  it('knows the ways tfjs and browsers say it', () => {
    for (const m of ['Failed to allocate 1073741824 bytes', 'WebGL: GL_OUT_OF_MEMORY', 'Out of memory', 'Could not allocate buffer']) expect(isOutOfMemory(new Error(m))).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    for (const m of ['Invalid array length x', 'memory access out of bounds', 'shape mismatch']) expect(isOutOfMemory(new Error(m))).toBe(false);
  });
});
