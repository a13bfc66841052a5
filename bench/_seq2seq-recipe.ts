/**
 * Recipe experiments for the sequence-to-sequence view (issue 15), without a browser: the core
 * trainer (core/seq2seq/trainer.ts) on Node's WASM backend with the view's default settings on
 * the pronunciation sample, printing greedy exact match on the first S2S_EVAL_ROWS test words every
 * S2S_EVAL steps (the curve). Not a bench group (the "_" prefix): run it directly, after
 * `npm run build:app` made public/samples/pronunciation.csv:
 *   node --import tsx bench/_seq2seq-recipe.ts
 * Overrides: S2S_STEPS, S2S_LR (minLr = lr / 10), S2S_WARMUP, S2S_BATCH, S2S_LS, S2S_PRESET
 * (tiny | small), S2S_DROPOUT, S2S_EVAL (500), S2S_EVAL_ROWS (500; 2000 = the whole test split);
 * S2S_SAVE=file.zip writes the trained model as a studio bundle (for bench/_seq2seq-beam.ts).
 */
import { writeFileSync } from 'node:fs';
import { pronunciationPairs, startWasm } from './_seq2seq-node';
import { defaultS2sSettings, modelSettingsFromPreset, s2sConfig } from '../src/core/jobs';
import { writeS2sBundle } from '../src/core/seq2seq/checkpoint';
import { countParams } from '../src/core/seq2seq/config';
import { encodePairs, splitPairs } from '../src/core/seq2seq/data';
import { greedyBatch } from '../src/core/seq2seq/decode';
import { createSeq2Seq } from '../src/core/seq2seq/model';
import { createSeq2SeqTrainer } from '../src/core/seq2seq/trainer';
import { savePairVocab, trainPairVocab } from '../src/core/seq2seq/vocab';

const env = (k: string): number | undefined => (process.env[k] === undefined ? undefined : Number(process.env[k]));
await startWasm();
const pairs = pronunciationPairs();
const base = defaultS2sSettings('word', 'phonemes');
const s = { ...base, model: process.env.S2S_PRESET === 'small' ? modelSettingsFromPreset('small') : { ...base.model }, train: { ...base.train } };
s.model.dropout = env('S2S_DROPOUT') ?? s.model.dropout;
s.train.maxIters = env('S2S_STEPS') ?? s.train.maxIters;
const lr = env('S2S_LR');
if (lr !== undefined) Object.assign(s.train, { learningRate: lr, minLr: lr / 10 });
s.train.warmupIters = env('S2S_WARMUP') ?? s.train.warmupIters;
s.train.batchSize = env('S2S_BATCH') ?? s.train.batchSize;
s.train.labelSmoothing = env('S2S_LS') ?? s.train.labelSmoothing;
const every = env('S2S_EVAL') ?? 500;
const rows = env('S2S_EVAL_ROWS') ?? 500;

const split = splitPairs(pairs, s.train.seed);
const vocab = trainPairVocab(split.train.map((p) => p.source), split.train.map((p) => p.target), s.tokenizers.source, s.tokenizers.target);
const train = encodePairs(split.train, vocab, s.maxSourceLen, s.maxTargetLen);
const testPairs = split.test.slice(0, rows);
const test = encodePairs(testPairs, vocab, s.maxSourceLen, s.maxTargetLen);
const refs = testPairs.map((p) => vocab.decodeTarget(vocab.encodeTarget(p.target)));
const model = createSeq2Seq(s2sConfig(s, vocab.size), { seed: s.train.seed });
const trainer = createSeq2SeqTrainer(model, train, s.train);
console.log(`# ${countParams(model.config)} parameters; ${split.train.length} training words; model ${JSON.stringify(s.model)}; train ${JSON.stringify(s.train)}`);

async function exactMatch(): Promise<number> {
  const hyps: string[] = [];
  for (let i = 0; i < test.src.length; i += 128) hyps.push(...(await greedyBatch(model, test.src.slice(i, i + 128), s.maxTargetLen)).map((ids) => vocab.decodeTarget(ids)));
  return hyps.filter((h, i) => h === refs[i]).length / hyps.length;
}

const t0 = performance.now();
let sum = 0;
let n = 0;
while (trainer.step < s.train.maxIters) {
  const loss = trainer.trainStep();
  sum += (await loss.data())[0]!;
  n++;
  loss.dispose();
  if (trainer.step % every === 0 || trainer.step === s.train.maxIters) {
    const trainS = (performance.now() - t0) / 1000;
    const em = await exactMatch();
    console.log(`recipe: step ${trainer.step} train-loss ${(sum / n).toFixed(3)} exact-match ${(100 * em).toFixed(1)} % # first ${test.src.length} test words, greedy; ${trainS.toFixed(0)} s training so far`);
    sum = 0;
    n = 0;
  }
}
if (process.env.S2S_SAVE) writeFileSync(process.env.S2S_SAVE, await writeS2sBundle(model, { vocab: savePairVocab(vocab), settings: s.train }, {}));
trainer.dispose();
model.dispose();
