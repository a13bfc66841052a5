import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createTrainHandler } from './train-handler';
import type { TrainData, TrainEvent, TrainOutcome, TrainRequest } from './train-protocol';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { createRng } from '../core/util/rng';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };
const cpu = {
  probe: async () => ({ device, auto: { name: 'cpu' as const, reason: 'test' } }),
  start: async () => {
    await tf.setBackend('cpu');
    return { name: 'cpu' as const, reason: 'test', device };
  },
};

/** Two separable blobs with `f` features (class = sign of the first two). */
function blobs(n: number, f: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(n * f);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    for (let j = 0; j < f; j++) x[f * i + j] = j < 2 ? (c ? 1.5 : -1.5) + (rng.next() - 0.5) : rng.next();
    y[i] = c;
  }
  return { x, y, n };
}
const data = (f: number): TrainData => ({ features: f, classes: 2, labels: ['neg', 'pos'], task: 'classification', train: blobs(200, f, 1), validation: blobs(40, f, 2), test: blobs(40, f, 3) });

async function runJob(req: TrainRequest) {
  const events: TrainEvent[] = [];
  await createTrainHandler(cpu, (e) => events.push(e))(req);
  return events.at(-1)!;
}

const hp = { ...DEFAULT_HYPERPARAMS, epochs: 10 };

describe('train handler: initial weights (continue training)', () => {
  it('starts from the given weights (0 epochs: the same predictions), and refuses weights of another shape or a tree family', async () => {
    const first = (await runJob({ type: 'train', jobId: 'a', backend: 'cpu', family: 'mlp', params: {}, hp, data: data(2) })) as { result: TrainOutcome };
    const model = first.result.model;
    if (model.type !== 'tfjs') throw new Error('expected a tfjs model');
    const init = { modelJson: model.modelJson, weights: model.weights };
    const same = (await runJob({ type: 'train', jobId: 'b', backend: 'cpu', family: 'mlp', params: {}, hp: { ...hp, epochs: 0 }, data: data(2), init })) as { result: TrainOutcome };
    expect(Array.from(same.result.testPredictions)).toEqual(Array.from(first.result.testPredictions));

    const wider = await runJob({ type: 'train', jobId: 'c', backend: 'cpu', family: 'mlp', params: {}, hp, data: data(3), init });
    expect(wider).toMatchObject({ type: 'failed', problem: { message: expect.stringMatching(/encoded features .* changed/) } });
    const tree = await runJob({ type: 'train', jobId: 'd', backend: 'cpu', family: 'decision-tree', params: {}, hp, data: data(2), init });
    expect(tree).toMatchObject({ type: 'failed', problem: { message: 'Decision tree cannot continue training: its trees are fitted in one go.' } });
  });
});
