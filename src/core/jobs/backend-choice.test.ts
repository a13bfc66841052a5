import { describe, expect, it } from 'vitest';
import { decideBackend, formatSpeed, probeCandidates, speedKey, type SpeedJob } from './backend-choice';
import type { DeviceReport } from './backends';

const device = (gpu: { webgpu?: [boolean, boolean]; webgl?: [boolean, boolean] } = {}): DeviceReport => ({
  cores: 2,
  crossOriginIsolated: true,
  webgpu: { available: gpu.webgpu?.[0] ?? false, software: gpu.webgpu?.[1] ?? false, description: 'webgpu adapter' },
  webgl: { available: gpu.webgl?.[0] ?? false, software: gpu.webgl?.[1] ?? false, description: 'webgl renderer' },
});

describe('probeCandidates', () => {
  it('times WebAssembly and plain JS on a machine without a GPU', () => {
    expect(probeCandidates(device())).toEqual(['wasm', 'cpu']);
  });
  it('leaves software adapters out and puts hardware GPUs first', () => {
    expect(probeCandidates(device({ webgpu: [true, true], webgl: [true, true] }))).toEqual(['wasm', 'cpu']);
    expect(probeCandidates(device({ webgpu: [true, false], webgl: [true, true] }))).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(probeCandidates(device({ webgpu: [true, false], webgl: [true, false] }))).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

describe('decideBackend', () => {
  it('chooses the fastest and gives every figure, fastest first', () => {
    const d = decideBackend(
      [
        { backend: 'wasm', samplesPerSecond: 3886.2, batches: 40 },
        { backend: 'cpu', samplesPerSecond: 5423.4, batches: 60 },
      ],
      [],
      'wasm',
    );
    expect(d.name).toBe('cpu');
    expect(d.measured.map((m) => m.backend)).toEqual(['cpu', 'wasm']);
    expect(d.reason).toBe('Timed on this model: cpu 5,420 samples/s, wasm 3,890: cpu chosen.');
  });

  it('a hardware GPU wins when it measures faster, and failures are named', () => {
    const d = decideBackend(
      [
        { backend: 'webgpu', samplesPerSecond: 90_000, batches: 20 },
        { backend: 'wasm', samplesPerSecond: 12_000, batches: 30 },
      ],
      ['webgl'],
      'wasm',
    );
    expect(d.name).toBe('webgpu');
    expect(d.reason).toContain('webgpu 90,000 samples/s, wasm 12,000: webgpu chosen.');
    expect(d.reason).toContain('webgl could not run it.');
  });

  it('marks a figure from the warm-up batch alone as approximate', () => {
    const d = decideBackend(
      [
        { backend: 'wasm', samplesPerSecond: 800, batches: 12 },
        { backend: 'cpu', samplesPerSecond: 95, batches: 0 },
      ],
      [],
      'wasm',
    );
    expect(d.name).toBe('wasm');
    expect(d.reason).toContain('cpu about 95');
  });

  it('ignores broken figures and falls back when nothing was measured', () => {
    expect(decideBackend([{ backend: 'cpu', samplesPerSecond: NaN, batches: 3 }], ['wasm'], 'wasm')).toMatchObject({ name: 'wasm', measured: [] });
    expect(decideBackend([], ['wasm'], 'cpu').reason).toContain('wasm could not run it');
    const one = decideBackend([{ backend: 'cpu', samplesPerSecond: 100, batches: 3 }], ['wasm'], 'wasm');
    expect(one.name).toBe('cpu');
    expect(one.reason).toContain('only backend');
  });

  it('formats speeds to three significant digits', () => {
    expect(formatSpeed(5423.4)).toBe('5,420');
    expect(formatSpeed(87.26)).toBe('87.3');
    expect(formatSpeed(123456)).toBe('123,000');
  });
});

describe('speedKey', () => {
  const job: SpeedJob = { family: 'mlp', params: { hiddenLayers: [64, 32] }, features: 20, outputs: 3, task: 'classification', batchSize: 32 };
  it('is the same for the same model, batch size and device', () => {
    expect(speedKey(job, device())).toBe(speedKey({ ...job, params: { hiddenLayers: [64, 32] } }, device()));
  });
  it('changes with the model shape, the batch size or a hardware GPU', () => {
    const k = speedKey(job, device());
    expect(speedKey({ ...job, batchSize: 64 }, device())).not.toBe(k);
    expect(speedKey({ ...job, params: { hiddenLayers: [256] } }, device())).not.toBe(k);
    expect(speedKey({ ...job, features: 4 }, device())).not.toBe(k);
    expect(speedKey({ ...job, vocabSize: 5000 }, device())).not.toBe(k);
    expect(speedKey(job, device({ webgl: [true, false] }))).not.toBe(k);
    expect(speedKey(job, device({ webgl: [true, true] }))).toBe(k); // software adapters are not timed
  });
});
