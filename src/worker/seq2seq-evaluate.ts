/**
 * The seq2seq test-split evaluation (seq2seq-handler.ts's train and restore jobs): greedy decoding of
 * every test pair in batches with progress, the corpus metrics, the worst examples, and beam search
 * against greedy on the first rows.
 */
import { corpusBleu, corpusChrf, corpusRouge, editDistance, exactMatch, tokenErrorRate } from '../core/metrics';
import type { EncodedPairs, Pair } from '../core/seq2seq/data';
import { beamDecode, greedyBatch, greedyDecode } from '../core/seq2seq/decode';
import type { Seq2SeqModel } from '../core/seq2seq/model';
import type { PairVocab } from '../core/seq2seq/vocab';
import type { S2sBeamComparison, S2sEvent, S2sExample, S2sMetrics, S2sSettings } from '../core/jobs';

export async function evaluateS2sTest(post: (e: S2sEvent) => void, model: Seq2SeqModel, vocab: PairVocab, pairs: Pair[], enc: EncodedPairs, s: S2sSettings, jobId: string) {
  const refs = pairs.map((p) => vocab.decodeTarget(vocab.encodeTarget(p.target)));
  const hyps: string[] = [];
  for (let i = 0; i < enc.src.length; i += 128) {
    const out = await greedyBatch(model, enc.src.slice(i, i + 128), s.maxTargetLen);
    hyps.push(...out.map((ids) => vocab.decodeTarget(ids)));
    post({ type: 'progress', jobId, label: 'Decoding the test split', done: hyps.length, total: enc.src.length });
  }
  const rouge = corpusRouge(hyps, refs);
  const metrics: S2sMetrics = {
    rows: hyps.length,
    exactMatch: exactMatch(hyps, refs),
    bleu: corpusBleu(hyps, [refs]).score,
    chrf: corpusChrf(hyps, [refs]),
    ...rouge,
    tokenErrorRate: tokenErrorRate(hyps, refs),
  };
  const split = (x: string) => x.split(/\s+/).filter(Boolean);
  const examples: S2sExample[] = pairs.map((p, i) => ({ source: p.source, reference: refs[i]!, prediction: hyps[i]!, errors: editDistance(split(hyps[i]!), split(refs[i]!)) }));
  const worst = examples
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.errors - a.e.errors || a.i - b.i)
    .slice(0, 10)
    .map((x) => x.e);
  // Beam vs greedy on the first rows: exact match, error rate and the model's own score.
  const n = Math.min(s.beamRows, enc.src.length);
  const beamHyps: string[] = [];
  let beamLp = 0;
  let greedyLp = 0;
  for (let i = 0; i < n; i++) {
    const [best] = await beamDecode(model, enc.src[i]!, { width: s.beamWidth, maxLen: s.maxTargetLen, lengthPenalty: s.lengthPenalty });
    beamHyps.push(vocab.decodeTarget(best!.ids));
    beamLp += best!.logProb;
    greedyLp += (await greedyDecode(model, enc.src[i]!, s.maxTargetLen)).logProb;
    if (i % 10 === 9) post({ type: 'progress', jobId, label: `Beam search (width ${s.beamWidth})`, done: i + 1, total: n });
  }
  const r = refs.slice(0, n);
  const g = hyps.slice(0, n);
  const beam: S2sBeamComparison = {
    rows: n, width: s.beamWidth, lengthPenalty: s.lengthPenalty,
    greedyExactMatch: exactMatch(g, r), beamExactMatch: exactMatch(beamHyps, r),
    greedyTokenErrorRate: tokenErrorRate(g, r), beamTokenErrorRate: tokenErrorRate(beamHyps, r),
    greedyLogProb: n ? greedyLp / n : 0, beamLogProb: n ? beamLp / n : 0,
  };
  return { metrics, worst, beam };
}
