/**
 * For tests of a GPU lost under a run: Worker-shaped objects that run a worker's handler on this
 * thread. The "GPU" is TensorFlow.js's cpu backend under the name webgl (or webgpu), and its loss
 * a promise resolved when `loseWhen` says so of an event the first such worker posts, as
 * `whenGpuLost` settles on a real `webglcontextlost`. Each worker records what it posted.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendInfo } from '../core/jobs';
import type { Problem } from '../core/util/result';
import { gpuLostProblem } from './gpu-loss';

const device = { cores: 1, crossOriginIsolated: false, webgpu: { available: false, software: false, description: '' }, webgl: { available: false, software: false, description: '' } };

export interface FakeGpuWorker<E> {
  backend?: string;
  terminated: boolean;
  events: E[];
}

/** What a worker entry gives its handler: a backend starter and the GPU-loss watch. */
export interface FakeGpuPorts {
  start(choice: BackendChoice): Promise<BackendInfo>;
  lost(): Promise<Problem>;
}

export function gpuLosingWorkers<E>(handler: (ports: FakeGpuPorts, post: (e: E) => void) => (req: never) => Promise<void>, loseWhen: (e: E) => boolean, gpu: 'webgl' | 'webgpu' = 'webgl') {
  const made: FakeGpuWorker<E>[] = [];
  const factory = () => {
    const me: FakeGpuWorker<E> = { terminated: false, events: [] };
    made.push(me);
    let lose: (p: Problem) => void = () => {};
    const lost = new Promise<Problem>((r) => (lose = r));
    const ports: FakeGpuPorts = {
      start: async (choice) => {
        await tf.setBackend('cpu');
        me.backend = choice === gpu ? gpu : 'wasm';
        return { name: me.backend as BackendInfo['name'], reason: 'test', device };
      },
      lost: () => (me.backend === gpu ? lost : new Promise<Problem>(() => {})),
    };
    const w = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      onerror: null,
      onmessageerror: null,
      terminate: () => void (me.terminated = true),
      postMessage: (req: never) => void handle(req),
    };
    const handle = handler(ports, (e) => {
      me.events.push(e);
      if (me.backend === gpu && loseWhen(e)) lose(gpuLostProblem(gpu, ''));
      setTimeout(() => !me.terminated && w.onmessage?.({ data: e }));
    });
    return w as unknown as Worker;
  };
  return { factory, made };
}
