/**
 * Beam search against greedy on a trained model (issue 15), without a browser: a bundle written by
 * `S2S_SAVE=model.zip node --import tsx bench/_seq2seq-recipe.ts`, decoded greedily and by beam
 * search (core/seq2seq/decode.ts, as the worker's evaluation) on the first S2S_ROWS (500) words of
 * the validation or test split of the pronunciation sample (the app's split: the run's seed):
 *   S2S_MODEL=model.zip S2S_SPLIT=validation node --import tsx bench/_seq2seq-beam.ts
 * Also S2S_WIDTH (4), S2S_LPS (length penalties, "0,0.5,1,1.5"), S2S_EARLY=1 adds HF's
 * early_stopping=True for each length penalty. Prints exact match and phoneme error rate of each.
 */
import { readFileSync } from 'node:fs';
import { pronunciationPairs, startWasm } from './_seq2seq-node';
import { defaultS2sSettings } from '../src/core/jobs';
import { exactMatch, tokenErrorRate } from '../src/core/metrics';
import { readS2sBundle } from '../src/core/seq2seq/checkpoint';
import { encodePairs, splitPairs } from '../src/core/seq2seq/data';
import { beamDecode, greedyBatch } from '../src/core/seq2seq/decode';
import { loadPairVocab } from '../src/core/seq2seq/vocab';

await startWasm();
const pairs = pronunciationPairs();
const { model, manifest } = readS2sBundle(readFileSync(process.env.S2S_MODEL ?? 'model.zip'));
const vocab = loadPairVocab(manifest.vocab);
const s = defaultS2sSettings('word', 'phonemes');
const which = process.env.S2S_SPLIT === 'test' ? 'test' : 'validation';
const rows = Number(process.env.S2S_ROWS ?? 500);
const width = Number(process.env.S2S_WIDTH ?? 4);
const lps = (process.env.S2S_LPS ?? '0,0.5,1,1.5').split(',').map(Number);
const chosen = splitPairs(pairs, manifest.settings.seed)[which].slice(0, rows);
const enc = encodePairs(chosen, vocab, s.maxSourceLen, s.maxTargetLen);
const refs = chosen.map((p) => vocab.decodeTarget(vocab.encodeTarget(p.target)));
const line = (name: string, hyps: string[], extra = '') =>
  console.log(`beam: ${which} ${name} exact-match ${(100 * exactMatch(hyps, refs)).toFixed(1)} % per ${(100 * tokenErrorRate(hyps, refs)).toFixed(1)} % # ${hyps.length} words${extra}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);

const greedy: string[] = [];
for (let i = 0; i < enc.src.length; i += 128) greedy.push(...(await greedyBatch(model, enc.src.slice(i, i + 128), s.maxTargetLen)).map((ids) => vocab.decodeTarget(ids)));
line('greedy', greedy);
for (const lengthPenalty of lps) {
  for (const earlyStopping of process.env.S2S_EARLY === '1' ? [false, true] : [false]) {
    const t0 = performance.now();
    const hyps: string[] = [];
    for (const src of enc.src) hyps.push(vocab.decodeTarget((await beamDecode(model, src, { width, maxLen: s.maxTargetLen, lengthPenalty, earlyStopping }))[0]!.ids));
    // Paired: of the words where beam and greedy differ, how many each gets right.
    const differ = hyps.map((h, i) => i).filter((i) => hyps[i] !== greedy[i]);
    const right = (xs: string[]) => differ.filter((i) => xs[i] === refs[i]).length;
    line(`beam${width}-lp${lengthPenalty}${earlyStopping ? '-early' : ''}`, hyps, `, ${differ.length} differ from greedy (right: beam ${right(hyps)}, greedy ${right(greedy)}), ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
}
model.dispose();
