/**
 * Pretrained models (issue 11). Run: `npm run bench -- pretrained`.
 *
 * - llama-gen-stories260k: greedy generation from BOS of stories260K (../shared/fixtures/models;
 *   a generated checkpoint of the same shape when absent, said so) for 256 positions, tokens/s, on
 *   the studio's fastest path for it: the typed-array Llama forward (src/core/lm/llama.ts) with its
 *   key/value cache, single-threaded, as the LM worker runs it.
 * - llama-gen-c-reference: the same 256 greedy positions of the same file by bench/c/llama_ref.c
 *   (our plain single-threaded C forward pass after llama2.c's run.c), built with
 *   `gcc -O3 -march=native`; skipped with a line when gcc is missing.
 * - llama-gen-vs-c: the ratio of the two (goal ≥ 0.5). Both must produce the same ids.
 * Best of 5 alternating runs each; the machine may be shared, so compare the ratio within one run.
 * - bert-finetune: samples/s fine-tuning a 4-layer, 128-wide BERT encoder (bench/_bert-finetune.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlama } from '../src/core/lm/llama';
import { readLlama2c, writeLlama2c } from '../src/core/lm/llama2c';
import { tinyLlama } from '../src/core/lm/llama-test-model';
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

function greedy(): { ids: number[]; tokensPerSec: number } {
  const ids: number[] = [];
  let token = 1;
  const t0 = performance.now();
  for (let pos = 0; pos < STEPS; pos++) {
    const logits = model.step(token, pos);
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    ids.push(best);
    token = best;
  }
  return { ids, tokensPerSec: (STEPS * 1000) / (performance.now() - t0) };
}

greedy(); // warm-up (JIT)
const gcc = spawnSync('gcc', ['-O3', '-march=native', '-o', join(tmp, 'llama_ref'), join(import.meta.dirname, 'c/llama_ref.c'), '-lm'], { encoding: 'utf8' });
const haveC = !gcc.error && gcc.status === 0;
// Rounds alternate ours / C so a busy moment of a shared machine hits both; best of 5 each.
let ours = 0;
let oursIds: number[] = [];
let c = 0;
let cIds: number[] = [];
for (let r = 0; r < 5; r++) {
  const run = greedy();
  ours = Math.max(ours, run.tokensPerSec);
  oursIds = run.ids;
  if (!haveC) continue;
  const out = spawnSync(join(tmp, 'llama_ref'), [modelPath, String(STEPS)], { encoding: 'utf8' });
  c = Math.max(c, Number(/tokens_per_sec ([\d.]+)/.exec(out.stdout)?.[1] ?? 0));
  cIds = (/ids ([\d ]+)/.exec(out.stdout)?.[1] ?? '').trim().split(' ').map(Number);
}
console.log(`bench: llama-gen-stories260k ${ours.toFixed(0)} tokens/s`);
if (!haveC) console.log(`# bench: llama-gen-c-reference skipped: gcc ${gcc.error ? 'is missing' : `failed: ${gcc.stderr.trim()}`}`);
else {
  console.log(`bench: llama-gen-c-reference ${c.toFixed(0)} tokens/s`);
  console.log(`bench: llama-gen-vs-c ${(ours / c).toFixed(2)} x (goal ≥ 0.5; same ${STEPS} greedy ids: ${cIds.join(',') === oursIds.join(',') ? 'yes' : 'NO'})`);
}
rmSync(tmp, { recursive: true, force: true });
await benchBertFinetune();
