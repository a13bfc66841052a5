import { describe, expect, it } from 'vitest';
import { decideBackend, formatSpeed, probeCandidates, roundOrder, speedFromRounds, speedKey, type RoundTiming, type SpeedJob } from './backend-choice';
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

/** A round at `rate` samples/s: 10 batches of 32. */
const at = (rate: number): RoundTiming => ({ samples: 320, ms: (320 * 1000) / rate, batches: 10 });

describe('roundOrder', () => {
  it('reverses the order every other round, so no backend always follows the same one', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['wasm', 'cpu'], r))).toEqual([['wasm', 'cpu'], ['cpu', 'wasm'], ['wasm', 'cpu'], ['cpu', 'wasm']]);
    expect(roundOrder(['webgpu', 'wasm', 'cpu'], 1)).toEqual(['cpu', 'wasm', 'webgpu']);
  });
});

describe('speedFromRounds', () => {
  it('drops the warm-up round and takes the median of the others, with every timed round kept', () => {
    const s = speedFromRounds('cpu', [at(1500), at(9000), at(5000), at(8000), at(12000), at(7000)])!;
    expect(s.samplesPerSecond).toBeCloseTo(8000, 6);
    expect(s.batches).toBe(50);
    expect(s.rounds!.map((r) => Math.round(r))).toEqual([9000, 5000, 8000, 12000, 7000]);
  });

  it('a lucky short round does not decide: the steadier backend wins on its median', () => {
    // Shaped like a loaded machine: threaded wasm gets the cores to itself for one short round.
    const wasm = speedFromRounds('wasm', [at(600), at(2500), at(11000), at(2900), at(3100), at(2700)])!;
    const cpu = speedFromRounds('cpu', [at(1700), at(7800), at(9400), at(8600), at(6900), at(9900)])!;
    expect(Math.max(...wasm.rounds!)).toBeGreaterThan(Math.max(...cpu.rounds!));
    expect(decideBackend([wasm, cpu], [], 'wasm').name).toBe('cpu');
  });

  it('a slow warm-up round (plain JS compiling) is not held against it', () => {
    const cpu = speedFromRounds('cpu', [at(200), at(6000), at(6100), at(5900)])!;
    const wasm = speedFromRounds('wasm', [at(5000), at(5500), at(5400), at(5600)])!;
    expect(decideBackend([wasm, cpu], [], 'wasm').name).toBe('cpu');
  });

  it('averages the middle two of an even count, keeps a lone round, and gives nothing for no rounds', () => {
    expect(speedFromRounds('wasm', [at(100), at(4000), at(6000)])!.samplesPerSecond).toBeCloseTo(5000, 6);
    expect(speedFromRounds('cpu', [{ samples: 32, ms: 400, batches: 0 }])).toMatchObject({ samplesPerSecond: 80, batches: 0 });
    expect(speedFromRounds('cpu', [])).toBeNull();
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
