/**
 * Pretrained models (issue 11). Run: `npm run bench -- pretrained`.
 *
 * - llama-gen-stories260k: greedy generation from BOS of stories260K (../shared/fixtures/models;
 *   a generated checkpoint of the same shape when absent, said so) for 256 positions, tokens/s, on
 *   the studio's fastest path for it: the Llama step (src/core/lm/llama.ts) on its WebAssembly SIMD
 *   kernels (src/core/kernels/llama-step.ts) with its key/value cache, single-threaded, as the LM
 *   worker runs it; `llama-gen-stories260k-js` is the typed-array fallback, for comparison.
 * - llama-gen-c-reference: the same 256 greedy positions of the same file by bench/c/llama_ref.c
 *   (our plain single-threaded C forward pass after llama2.c's run.c), built with
 *   `gcc -O3 -march=native`; skipped with a line when gcc is missing.
 * - llama-gen-vs-c: the ratio of the two (goal ≥ 0.5). Both must produce the same ids.
 * Best of 5 alternating runs each; the machine may be shared, so compare the ratio within one run.
 * - lora-train-stories260k: fine-tuning steps of the same checkpoint with LoRA (r=8, alpha 16, on
 *   q_proj/v_proj, PEFT's default), batch 8 × 64 tokens, as the LM worker runs them
 *   (src/core/lm/finetune.ts: the trainable Llama of llama-train.ts, the GPT trainer's AdamW), on
 *   tfjs-wasm in Node with the studio's kernels, tokens/s (best of 3 rounds of 10 steps after 3
 *   warm-up steps); full-finetune-stories260k the same with every weight training.
 * - bert-finetune: samples/s fine-tuning a 4-layer, 128-wide BERT encoder (bench/_bert-finetune.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { llamaKernelsFailure, setLlamaKernelsEnabled } from '../src/core/kernels/llama-step';
import { createLlama, type LlamaModel } from '../src/core/lm/llama';
import { readLlama2c, writeLlama2c } from '../src/core/lm/llama2c';
import { tinyLlama } from '../src/core/lm/llama-test-model';
import { registerStudioKernels } from '../src/core/kernels';
import { sampleBatch } from '../src/core/lm/data';
import { defaultFineTune, startFineTune } from '../src/core/lm/finetune';
import { createLlamaTrain } from '../src/core/lm/llama-train';
import { createRng } from '../src/core/util/rng';
import { benchBertFinetune } from './_bert-finetune';

const STEPS = 256;
const fixture = join(import.meta.dirname, '../../shared/fixtures/models/llama2c-stories260K/stories260K.bin');
const real = existsSync(fixture);
const tmp = mkdtempSync(join(tmpdir(), 'bench-pretrained-'));
const modelPath = real ? fixture : join(tmp, 'stories260K-shaped.bin');
if (!real) {
  const { config, weights } = tinyLlama({ dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKvHeads: 4, vocabSize: 512, seqLen: 512, headDim: 8 }, 260);
  writeFileSync(modelPath, writeLlama2c(config, weights, 0));
  console.log('# stories260K fixture absent: a generated checkpoint of the same shape stands in');
}

const file = readLlama2c(readFileSync(modelPath));
const model = createLlama(file.config, file.weights);
if (model.stepPath !== 'wasm') console.log(`# the WebAssembly Llama step did not load (${llamaKernelsFailure() ?? 'unknown'}): the typed-array step is measured`);
setLlamaKernelsEnabled(false);
const jsModel = createLlama(file.config, file.weights);
setLlamaKernelsEnabled(true);

function greedy(m: LlamaModel = model): { ids: number[]; tokensPerSec: number } {
  const ids: number[] = [];
  let token = 1;
  const t0 = performance.now();
  for (let pos = 0; pos < STEPS; pos++) {
    const logits = m.step(token, pos);
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    ids.push(best);
    token = best;
  }
  return { ids, tokensPerSec: (STEPS * 1000) / (performance.now() - t0) };
}

greedy(); // warm-up (JIT)
greedy(jsModel);
const gcc = spawnSync('gcc', ['-O3', '-march=native', '-o', join(tmp, 'llama_ref'), join(import.meta.dirname, 'c/llama_ref.c'), '-lm'], { encoding: 'utf8' });
const haveC = !gcc.error && gcc.status === 0;
// Rounds alternate ours / C so a busy moment of a shared machine hits both; best of 5 each.
let ours = 0;
let oursIds: number[] = [];
let js = 0;
let c = 0;
let cIds: number[] = [];
for (let r = 0; r < 5; r++) {
  const run = greedy();
  ours = Math.max(ours, run.tokensPerSec);
  oursIds = run.ids;
  js = Math.max(js, greedy(jsModel).tokensPerSec);
  if (!haveC) continue;
  const out = spawnSync(join(tmp, 'llama_ref'), [modelPath, String(STEPS)], { encoding: 'utf8' });
  c = Math.max(c, Number(/tokens_per_sec ([\d.]+)/.exec(out.stdout)?.[1] ?? 0));
  cIds = (/ids ([\d ]+)/.exec(out.stdout)?.[1] ?? '').trim().split(' ').map(Number);
}
console.log(`bench: llama-gen-stories260k ${ours.toFixed(0)} tokens/s (${model.stepPath})`);
console.log(`bench: llama-gen-stories260k-js ${js.toFixed(0)} tokens/s (typed-array fallback)`);
if (!haveC) console.log(`# bench: llama-gen-c-reference skipped: gcc ${gcc.error ? 'is missing' : `failed: ${gcc.stderr.trim()}`}`);
else {
  console.log(`bench: llama-gen-c-reference ${c.toFixed(0)} tokens/s`);
  console.log(`bench: llama-gen-vs-c ${(ours / c).toFixed(2)} x (goal ≥ 0.5; same ${STEPS} greedy ids: ${cIds.join(',') === oursIds.join(',') ? 'yes' : 'NO'})`);
}
rmSync(tmp, { recursive: true, force: true });

// Fine-tuning speed (LoRA and full) on tfjs-wasm.
const wasmDir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);
await tf.setBackend('wasm');
registerStudioKernels();
const B = 8;
const T = 64;
const rng = createRng(3);
const data = Int32Array.from({ length: 20_000 }, () => rng.int(file.config.vocabSize));
async function fineTuneSpeed(method: 'lora' | 'full'): Promise<{ tokensPerSec: number; first: number; last: number }> {
  const base = createLlamaTrain(file.config, file.weights);
  const run = startFineTune(base, { ...defaultFineTune('llama'), method, batchSize: B, contextLength: T, learningRate: method === 'lora' ? 1e-3 : 1e-4, steps: 1000 });
  const step = async () => {
    const { x, y } = sampleBatch(data, T, B, rng);
    const loss = await run.trainer.stepAsync(x, y);
    tf.dispose([x, y]);
    return loss;
  };
  const first = await step();
  await step();
  await step();
  let best = 0;
  let last = first;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) last = await step();
    best = Math.max(best, (10 * B * T * 1000) / (performance.now() - t0));
  }
  run.dispose();
  base.dispose();
  return { tokensPerSec: best, first, last };
}
const lora = await fineTuneSpeed('lora');
const full = await fineTuneSpeed('full');
console.log(`bench: lora-train-stories260k ${lora.tokensPerSec.toFixed(0)} tokens/s # wasm, batch ${B}x${T}, r=8 q/v; loss ${lora.first.toFixed(3)} -> ${lora.last.toFixed(3)} on random ids`);
console.log(`bench: full-finetune-stories260k ${full.tokensPerSec.toFixed(0)} tokens/s # wasm, batch ${B}x${T}; lora/full ${(lora.tokensPerSec / full.tokensPerSec).toFixed(2)} x`);
await benchBertFinetune();
