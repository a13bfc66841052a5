import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createTrainHandler, predictWith } from './train-handler';
import type { PortedData, TrainData, TrainEvent, TrainRequest, TrainOutcome } from './train-protocol';
import { DEFAULT_HYPERPARAMS } from '../core/train/types';
import { createRng } from '../core/util/rng';
import type { ClassificationReport } from '../core/metrics';

const cpu = {
  probe: async () => ({ device: { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } }, auto: { name: 'cpu' as const, reason: 'test' } }),
  start: async () => {
    await tf.setBackend('cpu');
    return { name: 'cpu' as const, reason: 'test', device: (await cpu.probe()).device };
  },
};

/** Two Gaussian blobs, separable: class = x0 + x1 > 0. */
function blobs(n: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    x[2 * i] = (c ? 1.5 : -1.5) + (rng.next() - 0.5);
    x[2 * i + 1] = (c ? 1.5 : -1.5) + (rng.next() - 0.5);
    y[i] = c;
  }
  return { x, y, n };
}

const data = (): TrainData => ({ features: 2, classes: 2, labels: ['neg', 'pos'], task: 'classification', train: blobs(200, 1), validation: blobs(40, 2), test: blobs(40, 3) });

async function runJob(req: TrainRequest) {
  const events: TrainEvent[] = [];
  const handle = createTrainHandler(cpu, (e) => events.push(e));
  await handle(req);
  return events;
}

describe('train handler', () => {
  it('a neural run emits backend, epoch logs, then one done with artifacts and test metrics', async () => {
    const before = tf.memory().numTensors;
    const events = await runJob({ type: 'train', jobId: 'j', backend: 'cpu', family: 'logistic-regression', params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 15, learningRate: 0.05 }, data: data() });
    expect(events[0]!.type).toBe('backend');
    expect(events.filter((e) => e.type === 'epoch').length).toBeGreaterThan(0);
    const last = events.at(-1)!;
    expect(last.type).toBe('done');
    expect(events.filter((e) => e.type === 'done' || e.type === 'failed')).toHaveLength(1);
    const out = (last as { result: TrainOutcome }).result;
    expect((out.metrics as ClassificationReport).accuracy).toBeGreaterThan(0.9);
    expect(out.model.type).toBe('tfjs');
    // Reloading the artifacts gives the same predictions as the run reported.
    const again = await predictWith(out.model, data().test.x, 40, 2);
    expect(Array.from(again)).toEqual(Array.from(out.testPredictions));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a tree model is fitted in one go and round-trips through its JSON', async () => {
    const events = await runJob({ type: 'train', jobId: 'j', backend: 'cpu', family: 'random-forest', params: {}, hp: DEFAULT_HYPERPARAMS, data: data() });
    const last = events.at(-1)! as { type: string; result: TrainOutcome };
    expect(last.type).toBe('done');
    expect(last.result.stoppedBy).toBe('fitted');
    expect((last.result.metrics as ClassificationReport).accuracy).toBeGreaterThan(0.9);
    const again = await predictWith(last.result.model, data().test.x, 40, 2);
    expect(Array.from(again)).toEqual(Array.from(last.result.testPredictions));
  });

  it('a weighted run of a family that ignores row weights is refused, and the same run unweighted trains', async () => {
    const weighted = data();
    weighted.train.w = new Float32Array(weighted.train.n).fill(2);
    const refused = await runJob({ type: 'train', jobId: 'j', backend: 'cpu', family: 'hist-gradient-boosting', params: {}, hp: DEFAULT_HYPERPARAMS, data: weighted });
    expect(refused.at(-1)).toMatchObject({ type: 'failed', problem: { message: 'Histogram gradient boosting does not use row weights, so reweighing would change nothing.' } });
    const plain = await runJob({ type: 'train', jobId: 'j', backend: 'cpu', family: 'hist-gradient-boosting', params: {}, hp: DEFAULT_HYPERPARAMS, data: data() });
    expect(plain.at(-1)?.type).toBe('done');
  });

  it('an unknown family fails with a readable message', async () => {
    const events = await runJob({ type: 'train', jobId: 'j', backend: 'cpu', family: 'nope', params: {}, hp: DEFAULT_HYPERPARAMS, data: data() });
    expect(events.at(-1)).toMatchObject({ type: 'failed', problem: { message: 'Unknown model family "nope".' } });
  });

  // As in the app: the data worker posts the matrices on a port, worker to worker.
  const closed = (port: MessagePort) => new Promise<void>((resolve) => port.addEventListener('close', () => resolve()));
  const send = (port: MessagePort, d: TrainData) => port.postMessage({ ok: true, data: d } satisfies PortedData, [d.train, d.validation, d.test].flatMap((p) => [p.x.buffer, p.y.buffer]));
  const job = (input: MessagePort | TrainData): TrainRequest => ({ type: 'train', jobId: 'j', backend: 'cpu', family: 'logistic-regression', params: {}, hp: { ...DEFAULT_HYPERPARAMS, epochs: 5, learningRate: 0.05 }, data: input instanceof MessagePort ? { port: input } : input });

  it('data on a port: the job waits for it, then trains exactly as with the matrices in the request', async () => {
    const { port1, port2 } = new MessageChannel();
    const ended = closed(port1);
    const running = runJob(job(port2));
    send(port1, data());
    const events = await running;
    await ended; // the job closed its end
    const direct = await runJob(job(data()));
    const outcome = (e: TrainEvent[]) => (e.at(-1) as { result: TrainOutcome }).result;
    expect(events.at(-1)!.type).toBe('done');
    expect(Array.from(outcome(events).testPredictions)).toEqual(Array.from(outcome(direct).testPredictions));
    expect(outcome(events).metrics).toEqual(outcome(direct).metrics);
  });

  it('a failure sent on the port (encoding failed) ends the job with that problem', async () => {
    const { port1, port2 } = new MessageChannel();
    const running = runJob(job(port2));
    port1.postMessage({ ok: false, problem: { message: 'The cleaned data is being recomputed.', code: 'stale' } } satisfies PortedData);
    const events = await running;
    expect(events.filter((e) => e.type === 'done' || e.type === 'failed')).toEqual([{ type: 'failed', jobId: 'j', problem: { message: 'The cleaned data is being recomputed.', code: 'stale' } }]);
    expect(events.some((e) => e.type === 'epoch')).toBe(false);
    port1.close();
  });

  it('a stop ends a job whose data never comes (the data worker crashed), and closes the port', async () => {
    const events: TrainEvent[] = [];
    const handle = createTrainHandler(cpu, (e) => events.push(e));
    const { port1, port2 } = new MessageChannel();
    const ended = closed(port1);
    const running = handle(job(port2));
    await new Promise((r) => setTimeout(r, 20));
    expect(events.map((e) => e.type)).toEqual(['backend']); // started, waiting
    await handle({ type: 'control', jobId: 'c', target: 'j', action: 'stop' });
    await running;
    await ended;
    expect(events.find((e) => e.jobId === 'j' && e.type === 'failed')).toMatchObject({ problem: { code: 'cancelled' } });
  });
});
