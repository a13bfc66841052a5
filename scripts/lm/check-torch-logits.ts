/**
 * End-to-end check of the Hugging Face export against the PyTorch reference: builds a GPT at the
 * nanoGPT CPU size (4 layers, 4 heads, 128 dims, context 64, vocab 81) with random weights (larger
 * than the init so every layer matters), writes config.json + model.safetensors with exportHf (our
 * safetensors writer), runs shared/bench/gpt-reference/torch_logits.py on that folder, and compares
 * its logits and loss with the studio's forward pass on the same ids.
 *
 *   npx tsx scripts/lm/check-torch-logits.ts [--ref ../shared/bench/gpt-reference] [--backend wasm|cpu] [--gelu exact|tanh]
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromPreset, createGpt, exportHf, NANOGPT_CPU_PRESET, paramSpecs } from '../../src/core/lm';
import { normalArray } from '../../src/core/lm/ops';
import { createRng } from '../../src/core/util/rng';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ref = path.resolve(root, arg('ref', '../shared/bench/gpt-reference'));
const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
await tf.setBackend(arg('backend', 'wasm'));

const config = { ...configFromPreset(NANOGPT_CPU_PRESET, 81), gelu: arg('gelu', 'exact') as 'exact' | 'tanh' };
const rng = createRng(2024);
const weights = new Map(paramSpecs(config).map((s) => {
  const n = s.shape.reduce((a, b) => a * b, 1);
  const isNorm = /ln_(1|2|f)\.weight$/.test(s.name);
  const v = normalArray(n, s.name.endsWith('bias') || isNorm ? 0.1 : 0.15, rng.next);
  if (isNorm) for (let i = 0; i < n; i++) v[i]! += 1;
  return [s.name, v] as const;
}));
const model = createGpt(config, { weights });
const files = await exportHf(model);
const dir = mkdtempSync(path.join(tmpdir(), 'lm-hf-'));
writeFileSync(path.join(dir, 'config.json'), files['config.json']);
writeFileSync(path.join(dir, 'model.safetensors'), files['model.safetensors']);

const ids = Array.from({ length: 64 }, () => rng.int(81));
const torch = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ref, 'torch_logits.py'), dir, ids.join(',')], { maxBuffer: 1 << 26 }).toString()) as { logits: number[][]; loss: number };
const x = tf.tensor2d([ids], undefined, 'int32');
const logits = model.forward(x);
const ours = logits.dataSync();
let maxDiff = 0;
let maxAbs = 0;
torch.logits.forEach((row, t) => row.forEach((v, j) => {
  maxDiff = Math.max(maxDiff, Math.abs(v - ours[t * 81 + j]!));
  maxAbs = Math.max(maxAbs, Math.abs(v));
}));
const loss = model.loss(tf.tensor2d([ids.slice(0, -1)], undefined, 'int32'), tf.tensor2d([ids.slice(1)], undefined, 'int32')).dataSync()[0]!;
console.log(`backend ${tf.getBackend()}, gelu ${config.gelu}, ${ids.length} tokens, |logit| up to ${maxAbs.toFixed(2)}`);
console.log(`max |logit difference| ${maxDiff.toExponential(2)}; loss studio ${loss.toFixed(6)} vs PyTorch ${torch.loss.toFixed(6)} (diff ${Math.abs(loss - torch.loss).toExponential(2)})`);
console.log(maxDiff <= 1e-4 ? 'OK: within 1e-4' : 'FAIL: logits differ by more than 1e-4');
process.exitCode = maxDiff <= 1e-4 ? 0 : 1;
