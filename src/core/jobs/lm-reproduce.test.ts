import { describe, expect, it } from 'vitest';
import { parseStamp, stampLines, stampMarkdown } from '../bundle/stamp';
import { NANOGPT_CPU_PRESET } from '../lm/settings';
import { compareLmRuns, lmRecipeSha256, lmReproduceTolerance, lmReproductionVerdict, lmStamp, type LmStampRun } from './lm-reproduce';
import type { LmEvalPoint } from './lm';

const HASH = 'ab'.repeat(32);
const run = (patch: Partial<LmStampRun> = {}): LmStampRun => ({
  config: { ...NANOGPT_CPU_PRESET.model, vocabSize: 65 },
  settings: { ...NANOGPT_CPU_PRESET.train },
  step: 40,
  backend: 'wasm',
  data: { textSha256: HASH, trainTokens: 9000, valFraction: 0.1, tokenizerKind: 'char', vocabSize: 65 },
  ...patch,
});
const ev = (step: number, valLoss: number, trainLoss = valLoss): LmEvalPoint => ({ step, valLoss, trainLoss, perplexity: Math.exp(valLoss), bitsPerChar: 0, tokensPerSec: 0, lr: 0, seconds: 0 });

describe('language-model stamp', () => {
  it('hashes the training recipe: steps trained instead of the budget, key order ignored, any real setting counts', () => {
    const base = lmRecipeSha256(run());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    // Stopped at step 40 of 2000 = reproduced with a budget of 40.
    expect(lmRecipeSha256(run({ settings: { ...run().settings, maxIters: 40 } }))).toBe(base);
    const reordered = Object.fromEntries(Object.entries(run().settings).reverse()) as LmStampRun['settings'];
    expect(lmRecipeSha256(run({ settings: reordered }))).toBe(base);
    expect(lmRecipeSha256(run({ backend: 'webgl' }))).toBe(base); // the backend is its own stamp field
    for (const changed of [
      run({ step: 41 }),
      run({ settings: { ...run().settings, seed: 1 } }),
      run({ settings: { ...run().settings, learningRate: 2e-3 } }),
      run({ config: { ...run().config, dropout: 0.1 } }),
      run({ data: { ...run().data, valFraction: 0.2 } }),
      run({ data: { ...run().data, tokenizerKind: 'bpe', vocabSize: 512 } }),
      run({ data: { ...run().data, continues: 'base.zip' } }),
    ])
      expect(lmRecipeSha256(changed)).not.toBe(base);
  });

  it('is a stamp of kind lm that survives JSON and parseStamp, shown with language-model labels', () => {
    const s = lmStamp(run(), '0.1.0', '2026-12-03T15:00:00.000Z');
    expect(s).toMatchObject({ kind: 'lm', seed: 1337, dataSha256: HASH, trainRows: 9000, backend: 'wasm', studioVersion: '0.1.0' });
    expect(parseStamp(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(parseStamp({ ...s, kind: 'tabular' })).toBeUndefined();
    const lines = stampLines(s).map((l) => `${l.label}: ${l.value}`);
    expect(lines).toContain(`Training text SHA-256: ${HASH} (9000 training tokens)`);
    expect(lines).toContain(`Tokenizer + model + training settings SHA-256: ${s.recipeSha256}`);
    expect(stampMarkdown(s)).toContain('Seed: `1337`');
    // A pipeline stamp keeps its own labels and no kind.
    const { kind: _kind, ...tabular } = s;
    expect(parseStamp(tabular)).not.toHaveProperty('kind');
    expect(stampLines(tabular)[2]!.label).toBe('Training data SHA-256');
  });
});

describe('compareLmRuns', () => {
  const a = { losses: [[1, 4.1], [2, 3.9], [3, 3.5]] as [number, number][], evals: [ev(2, 3.8), ev(3, 3.6)] };
  it('compares only the steps both logged and reports the last shared evaluation', () => {
    const b = { losses: [[2, 3.9], [3, 3.5], [4, 3.2]] as [number, number][], evals: [ev(3, 3.6)] };
    const c = compareLmRuns(a, b);
    expect(c).toMatchObject({ lossSteps: 2, evalSteps: 1, maxDiff: 0, last: { step: 3, original: { valLoss: 3.6 }, again: { valLoss: 3.6 } } });
    expect(lmReproductionVerdict(c, 0)).toBe('exact');
  });
  it('takes the largest difference over losses and evaluations; nothing in common is Infinity', () => {
    const b = { losses: [[1, 4.1], [2, 3.9], [3, 3.5 + 1e-3]] as [number, number][], evals: [ev(2, 3.8, 3.8 + 0.005), ev(3, 3.6)] };
    const c = compareLmRuns(a, b);
    expect(c.maxDiff).toBeCloseTo(0.005, 12);
    expect(lmReproductionVerdict(c, lmReproduceTolerance('webgpu'))).toBe('within');
    expect(lmReproductionVerdict(c, lmReproduceTolerance('wasm'))).toBe('differ');
    expect(compareLmRuns(a, { losses: [[9, 1]], evals: [] }).maxDiff).toBe(Infinity);
  });
  it('allows no difference on cpu and wasm, 0.02 nats on WebGL and WebGPU', () => {
    expect([lmReproduceTolerance('cpu'), lmReproduceTolerance('wasm'), lmReproduceTolerance('webgl'), lmReproduceTolerance('webgpu')]).toEqual([0, 0, 0.02, 0.02]);
  });
});
