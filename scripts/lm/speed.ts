/**
 * Training speed of the studio's GPT in Node (tokens/s), same model and batch as the PyTorch
 * reference (shared/bench/gpt-reference/torch_gpt.py: 4 layers, 4 heads, 128 dims, context 64,
 * batch 12, vocab 81).
 *
 *   npx tsx scripts/lm/speed.ts [--backend wasm|cpu] [--steps 40] [--warmup 5] [--preset nanogpt-cpu|shakespeare-char-gpu]
 *                               [--batch N] [--profile] [--no-fused]
 *
 * Times `steps` optimizer steps after `warmup` ones, reading the loss back after every step (as a
 * training loop that shows it would). --profile counts kernels and time per kernel for one step.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerStudioKernels } from '../../src/core/kernels';
import { setGptKernelsEnabled } from '../../src/core/kernels/gpt-fused';
import { configFromPreset, createGpt, createTrainer, GPT_PRESETS, sampleBatch } from '../../src/core/lm';
import { createRng } from '../../src/core/util/rng';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const backend = arg('backend', 'wasm');
const steps = Number(arg('steps', '40'));
const warmup = Number(arg('warmup', '5'));
const preset = GPT_PRESETS.find((p) => p.name === arg('preset', 'nanogpt-cpu'))!;

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
await tf.setBackend(backend);
registerStudioKernels(); // the lm ops do not need it (own gradients); other models do
if (args.includes('--no-fused')) setGptKernelsEnabled(false);

const vocab = 81;
const config = configFromPreset(preset, vocab);
const batch = Number(arg('batch', String(preset.train.batchSize)));
const model = createGpt(config, 1337);
const trainer = createTrainer(model, preset.train);
const rng = createRng(1);
const data = Uint8Array.from({ length: 200_000 }, () => rng.int(vocab));

async function oneStep(): Promise<number> {
  const { x, y } = sampleBatch(data, config.blockSize, batch, rng);
  const loss = await trainer.stepAsync(x, y);
  tf.dispose([x, y]);
  return loss;
}

console.log(`backend ${tf.getBackend()}, ${preset.name}: ${config.nLayer} layers, ${config.nHead} heads, ${config.nEmbd} dims, context ${config.blockSize}, batch ${batch}`);
const t0 = performance.now();
await oneStep();
console.log(`first step ${(performance.now() - t0).toFixed(0)} ms`);
for (let i = 1; i < warmup; i++) await oneStep();

if (args.includes('--profile')) {
  const { x, y } = sampleBatch(data, config.blockSize, batch, rng);
  const info = await tf.profile(() => trainer.step(x, y));
  const byKernel = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byKernel.set(k.name, e);
  }
  console.log(`kernels per step: ${info.kernels.length}`);
  for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) console.log(`  ${name.padEnd(20)} ${String(e.n).padStart(5)}× ${e.ms.toFixed(1).padStart(8)} ms`);
  tf.dispose([x, y]);
}

const tokens = batch * config.blockSize;
const t1 = performance.now();
const cpu0 = process.cpuUsage();
let last = 0;
for (let i = 0; i < steps; i++) last = await oneStep();
const dt = (performance.now() - t1) / 1000;
// CPU time per step as well: on a shared machine the wall time mostly measures the other processes.
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
console.log(`${steps} steps: ${((steps * tokens) / dt).toFixed(0)} tokens/s, ${((1000 * dt) / steps).toFixed(1)} ms/step, ${cpuMs.toFixed(1)} CPU ms/step (last loss ${last.toFixed(3)}; tensors alive ${tf.memory().numTensors})`);
trainer.dispose();
model.dispose();
