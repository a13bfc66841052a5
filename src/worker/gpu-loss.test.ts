import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createTrainHandler } from './train-handler';
import { gpuLostProblem, whenGpuLost } from './gpu-loss';
import type { TrainData, TrainEvent } from './train-protocol';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import type { Problem } from '../core/util/result';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };

function blobs(n: number) {
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    x[2 * i] = (i % 2 ? 1 : -1) + ((i * 7) % 10) / 20;
    x[2 * i + 1] = (i % 2 ? 1 : -1) - ((i * 3) % 10) / 20;
  }
  return { x, y, n };
}
const data = (): TrainData => ({ features: 2, classes: 2, labels: ['a', 'b'], task: 'classification', train: blobs(200), validation: blobs(40), test: blobs(40) });

describe('a GPU lost during training (gpu-loss.ts)', () => {
  it('ends the job with a message saying so, at once, instead of waiting on the dead GPU', async () => {
    let lose: (p: Problem) => void = () => {};
    const lost = new Promise<Problem>((r) => (lose = r));
    const events: TrainEvent[] = [];
    const handle = createTrainHandler(
      {
        probe: async () => ({ device, auto: { name: 'cpu', reason: 'test' } }),
        start: async () => {
          await tf.setBackend('cpu');
          return { name: 'cpu', reason: 'test', device };
        },
        lost: () => lost,
      },
      (e) => {
        events.push(e);
        if (e.type === 'epoch' && e.log.epoch === 2) lose(gpuLostProblem('webgl', ''));
      },
    );
    await handle({ type: 'train', jobId: 'j', backend: 'cpu', family: 'mlp', params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 500 }, data: data() });
    const end = events.filter((e) => e.type === 'done' || e.type === 'failed');
    expect(end).toEqual([
      {
        type: 'failed',
        jobId: 'j',
        problem: {
          message: 'The GPU stopped working during training: the WebGL context was lost.',
          hint: 'Train again: a fresh worker starts the GPU again. If it happens again, choose WebAssembly (CPU) under "Run on".',
          code: 'gpu-lost',
        },
      },
    ]);
    expect(events.filter((e) => e.type === 'epoch').length).toBeLessThan(10);
  });

  it('never settles on a CPU backend', async () => {
    await tf.setBackend('cpu');
    const settled = await Promise.race([whenGpuLost().then(() => 'lost'), new Promise((r) => setTimeout(() => r('still training'), 50))]);
    expect(settled).toBe('still training');
  });
});
