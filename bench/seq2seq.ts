/**
 * Sequence to sequence (issue 15): the pronunciation sample (public/samples/pronunciation.csv,
 * CMUdict) trained in Node with the studio's core code, characters → phonemes. Prints training
 * tokens/s per backend (cpu, wasm: what Node has; the browser backends run in the app), then
 * after a longer WASM run the test exact match and phoneme error rate, greedy and beam 4.
 * Run: `npm run bench -- seq2seq`. S2S_BENCH_STEPS (default 1500), S2S_BENCH_PRESET (tiny|small),
 * S2S_BENCH_TEST (test words decoded, default 500), S2S_BENCH_BEAM_WORDS (default 200).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { exactMatch, tokenErrorRate } from '../src/core/metrics';
import { registerStudioKernels } from '../src/core/kernels';
import { SEQ2SEQ_PRESETS, type Seq2SeqConfig } from '../src/core/seq2seq/config';
import { encodePairs, splitPairs, type Pair } from '../src/core/seq2seq/data';
import { beamDecode, greedyBatch } from '../src/core/seq2seq/decode';
import { createSeq2Seq } from '../src/core/seq2seq/model';
import { DEFAULT_TOKENIZERS, DEFAULT_TRAIN_SETTINGS } from '../src/core/seq2seq/settings';
import { createSeq2SeqTrainer } from '../src/core/seq2seq/trainer';
import { trainPairVocab } from '../src/core/seq2seq/vocab';

const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
setWasmPaths(`${wasmDir}/`);

const steps = Number(process.env.S2S_BENCH_STEPS ?? 1500);
const presetId = process.env.S2S_BENCH_PRESET ?? 'tiny';
const nTest = Number(process.env.S2S_BENCH_TEST ?? 500);
const nBeam = Number(process.env.S2S_BENCH_BEAM_WORDS ?? 200);

const csv = readFileSync(new URL('../public/samples/pronunciation.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const pairs: Pair[] = csv.map((l) => {
  const [source, target] = l.split(',') as [string, string];
  return { source, target };
});
const split = splitPairs(pairs, 1);
const vocab = trainPairVocab(split.train.map((p) => p.source), split.train.map((p) => p.target), DEFAULT_TOKENIZERS.source, DEFAULT_TOKENIZERS.target);
const preset = SEQ2SEQ_PRESETS.find((p) => p.id === presetId)!;
const config: Seq2SeqConfig = { ...preset.model, vocabSize: vocab.size, maxSourceLen: 16, maxTargetLen: 20 };
const train = encodePairs(split.train, vocab, config.maxSourceLen, config.maxTargetLen);
const test = encodePairs(split.test, vocab, config.maxSourceLen, config.maxTargetLen);
const settings = { ...DEFAULT_TRAIN_SETTINGS, maxIters: steps };
const tokensPerBatch = settings.batchSize * (train.src.reduce((a, s) => a + s.length, 0) + train.tgt.reduce((a, t) => a + t.length + 1, 0)) / train.src.length;

async function timed(backend: string, n: number, warmup: number) {
  await tf.setBackend(backend);
  registerStudioKernels();
  const model = createSeq2Seq(config, { seed: 1 });
  const trainer = createSeq2SeqTrainer(model, train, settings);
  for (let i = 0; i < warmup; i++) trainer.trainStep().dispose();
  const t0 = performance.now();
  let last: tf.Scalar | null = null;
  for (let i = 0; i < n; i++) {
    last?.dispose();
    last = trainer.trainStep();
  }
  const loss = (await last!.data())[0]!;
  last!.dispose();
  const s = (performance.now() - t0) / 1000;
  return { model, trainer, tokensPerSecond: (n * tokensPerBatch) / s, seconds: s, loss };
}

console.log(`# pronunciation: ${split.train.length} train / ${split.validation.length} validation / ${split.test.length} test words; vocabulary ${vocab.size}; preset ${preset.id}`);
const cpu = await timed('cpu', 5, 1);
console.log(`bench: seq2seq-train-cpu ${cpu.tokensPerSecond.toFixed(0)} tokens/s`);
cpu.trainer.dispose();
cpu.model.dispose();

const run = await timed('wasm', steps, 0);
console.log(`bench: seq2seq-train-wasm ${run.tokensPerSecond.toFixed(0)} tokens/s # ${steps} steps in ${run.seconds.toFixed(1)} s, last loss ${run.loss.toFixed(3)}`);
const rows = Math.min(nTest, test.src.length);
const refs = split.test.slice(0, rows).map((p) => vocab.decodeTarget(vocab.encodeTarget(p.target)));
const hyps: string[] = [];
for (let i = 0; i < rows; i += 100) {
  const out = await greedyBatch(run.model, test.src.slice(i, Math.min(rows, i + 100)), config.maxTargetLen);
  hyps.push(...out.map((ids) => vocab.decodeTarget(ids)));
}
console.log(`bench: seq2seq-test-exact-match-greedy ${(100 * exactMatch(hyps, refs)).toFixed(1)} % # ${rows} test words`);
console.log(`bench: seq2seq-test-per-greedy ${(100 * tokenErrorRate(hyps, refs)).toFixed(1)} %`);
const beamRows = Math.min(nBeam, rows);
const beamHyps: string[] = [];
for (let i = 0; i < beamRows; i++) {
  const [best] = await beamDecode(run.model, test.src[i]!, { width: 4, maxLen: config.maxTargetLen, lengthPenalty: 1 });
  beamHyps.push(vocab.decodeTarget(best!.ids));
}
console.log(`bench: seq2seq-test-exact-match-beam4 ${(100 * exactMatch(beamHyps, refs.slice(0, beamRows))).toFixed(1)} % # first ${beamRows} test words (greedy on them: ${(100 * exactMatch(hyps.slice(0, beamRows), refs.slice(0, beamRows))).toFixed(1)} %)`);
console.log(`bench: seq2seq-test-per-beam4 ${(100 * tokenErrorRate(beamHyps, refs.slice(0, beamRows))).toFixed(1)} %`);
