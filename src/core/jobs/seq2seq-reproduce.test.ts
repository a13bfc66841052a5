import { describe, expect, it } from 'vitest';
import { parseStamp, stampLines } from '../bundle/stamp';
import { defaultS2sSettings } from './seq2seq';
import { compareS2sRuns, s2sPairsSha256, s2sRecipeSha256, s2sReproduction, s2sStamp } from './seq2seq-reproduce';

const settings = defaultS2sSettings('word', 'phonemes');

describe('seq2seq reproducibility stamp', () => {
  it('hashes the training pairs as canonical JSON [[source, target], …] (value from Python hashlib)', () => {
    // hashlib.sha256(b'[["cat","K AE T"],["dog","D AO G"]]').hexdigest()
    expect(s2sPairsSha256([{ source: 'cat', target: 'K AE T' }, { source: 'dog', target: 'D AO G' }])).toBe('7e8090e85ee33336206b71992c68a92ac20dacdd53a2f31343d4425efec7a940');
    expect(s2sPairsSha256([{ source: 'dog', target: 'D AO G' }, { source: 'cat', target: 'K AE T' }])).not.toBe('7e8090e85ee33336206b71992c68a92ac20dacdd53a2f31343d4425efec7a940');
  });

  it('the recipe hash counts the steps trained, not the budget, and ignores the backend and the test decoding settings', () => {
    const h = s2sRecipeSha256(settings, 100);
    expect(s2sRecipeSha256({ ...settings, train: { ...settings.train, maxIters: 100 } }, 100)).toBe(h);
    expect(s2sRecipeSha256({ ...settings, backend: 'webgl', beamWidth: 8, beamRows: 5, lengthPenalty: 0.6 }, 100)).toBe(h);
    expect(s2sRecipeSha256(settings, 101)).not.toBe(h);
    expect(s2sRecipeSha256({ ...settings, train: { ...settings.train, learningRate: 1e-3 } }, 100)).not.toBe(h);
    expect(s2sRecipeSha256({ ...settings, model: { ...settings.model, dropout: 0.1 } }, 100)).not.toBe(h);
    expect(s2sRecipeSha256({ ...settings, tokenizers: { ...settings.tokenizers, target: 'shared' } }, 100)).not.toBe(h);
    expect(s2sRecipeSha256({ ...settings, sourceColumn: 'phonemes', targetColumn: 'word' }, 100)).not.toBe(h);
  });

  it('makes a kind s2s stamp that survives parseStamp and is shown as pairs', () => {
    const stamp = s2sStamp({ settings, steps: 3000, backend: 'wasm', data: { pairsSha256: 'a'.repeat(64), trainPairs: 16000 } }, 'dev', '2026-12-03T19:00:00.000Z');
    expect(parseStamp(JSON.parse(JSON.stringify(stamp)))).toEqual(stamp);
    expect(stamp).toMatchObject({ kind: 's2s', seed: 1, trainRows: 16000, backend: 'wasm' });
    expect(stampLines(stamp).map((l) => l.value)).toContain(`${'a'.repeat(64)} (16000 training pairs)`);
    expect(parseStamp({ ...stamp, kind: 'other' })).toBeUndefined();
  });

  it('compares two runs at the steps both logged, with a verdict per backend tolerance', () => {
    const a = { losses: [[1, 4], [2, 3.5], [3, 3]] as [number, number][], evals: [{ step: 2, trainLoss: 3.5, valLoss: 3.6 }] };
    const b = { losses: [[2, 3.5], [3, 3.01], [4, 2.9]] as [number, number][], evals: [{ step: 2, trainLoss: 3.5, valLoss: 3.6 }] };
    const c = compareS2sRuns(a, b);
    expect(c).toMatchObject({ lossSteps: 2, evalSteps: 1, last: { step: 2, original: 3.6, again: 3.6 } });
    expect(c.maxDiff).toBeCloseTo(0.01, 12);
    expect(compareS2sRuns(a, { losses: [[9, 1]], evals: [] }).maxDiff).toBe(Infinity);
    const stamp = s2sStamp({ settings, steps: 3, backend: 'wasm', data: { pairsSha256: 'b'.repeat(64), trainPairs: 10 } }, 'dev', '2026-12-03T19:00:00.000Z');
    expect(s2sReproduction({ stamp, log: a, ofLabel: 'x' }, { stamp, log: a, backend: 'wasm' })).toMatchObject({ metrics: 'exact', dataMatches: true, recipeMatches: true, tolerance: 0 });
    expect(s2sReproduction({ stamp, log: a, ofLabel: 'x' }, { stamp, log: b, backend: 'wasm' }).metrics).toBe('differ');
    expect(s2sReproduction({ stamp, log: a, ofLabel: 'x' }, { stamp: { ...stamp, recipeSha256: 'c'.repeat(64) }, log: b, backend: 'webgl' })).toMatchObject({ metrics: 'within', recipeMatches: false, tolerance: 0.02 });
  });
});
