import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadPredictor, type Predictor } from './predictor';
import { trainedLm, trainedTable, trainedText } from './test-studio';

// Raw rows as a user would send them: numbers as JSON numbers, a missing colour, an unseen one.
const ROWS = [
  { x: 1.25, y: -0.5, colour: 'red' },
  { x: -1.9, y: 0.3, colour: 'blue' },
  { x: 0.05, y: 0.01, colour: null },
  { x: '0.7', y: -1.2, colour: 'purple' },
];
const asRecords = (rows: typeof ROWS) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));

async function load(bytes: Uint8Array): Promise<Predictor> {
  await tf.setBackend('cpu');
  const p = await loadPredictor(bytes);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('deploy predictor: the same predictions as the studio', () => {
  for (const family of ['logistic-regression', 'mlp', 'decision-tree']) {
    it(`tabular classification (${family}): probabilities and labels equal the worker path's`, async () => {
      const t = await trainedTable(family);
      const studio = await t.predict(asRecords(ROWS));
      if (!studio.ok) throw new Error(studio.error.message);
      const p = await load(t.bundle.bytes);
      expect(p.kind).toBe('tabular');
      expect(p.labels.length).toBe(2);
      expect(p.card).toMatch(/label/);
      expect(p.required.sort()).toEqual(['colour', 'x', 'y']);
      const out = await p.predictRows(ROWS);
      if (!out.ok) throw new Error(out.error.message);
      out.value.predictions.forEach((pred, i) => {
        const classes = studio.value[i]!.classes!;
        expect(Object.keys(pred.probabilities!)).toEqual(classes.map((c) => c.label));
        expect(Object.values(pred.probabilities!)).toEqual(classes.map((c) => c.probability));
        const best = classes.reduce((a, c) => (c.probability > a.probability ? c : a));
        expect(pred.label).toBe(best.label);
      });
      // Not all the same answer: the model reads its inputs.
      expect(new Set(out.value.predictions.map((q) => q.label)).size).toBe(2);
      p.dispose();
    });
  }

  it('tabular regression (mlp): values equal the worker path', async () => {
    const t = await trainedTable('mlp', 'regression', 20);
    const studio = await t.predict(asRecords(ROWS));
    if (!studio.ok) throw new Error(studio.error.message);
    const p = await load(t.bundle.bytes);
    expect(p.task).toBe('regression');
    const out = await p.predictRows(ROWS);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.predictions.map((q) => q.value)).toEqual(studio.value.map((s) => s.value));
    expect(new Set(out.value.predictions.map((q) => q.value)).size).toBe(ROWS.length);
    p.dispose();
  });

  it('a text model (embedding bag over tokens): predictTexts equals the playground path', async () => {
    const t = await trainedText('text-embedding-bag');
    const texts = ['a lovely happy film', 'boring and awful', 'the cast', 'wonderful story but dull'];
    const studio = await t.predict(texts.map((text) => ({ text })));
    if (!studio.ok) throw new Error(studio.error.message);
    const p = await load(t.bundle.bytes);
    expect(p.kind).toBe('text');
    expect(p.textColumns).toEqual(['text']);
    const out = await p.predictTexts(texts);
    if (!out.ok) throw new Error(out.error.message);
    out.value.predictions.forEach((pred, i) => expect(Object.values(pred.probabilities!)).toEqual(studio.value[i]!.classes!.map((c) => c.probability)));
    expect(out.value.predictions[0]!.label).toBe('pos');
    expect(out.value.predictions[1]!.label).toBe('neg');
    // Rows work too, with the text column.
    const rows = await p.predictRows(texts.map((text) => ({ text })));
    expect(rows.ok && rows.value.predictions).toEqual(out.value.predictions);
    p.dispose();
  }, 60_000);

  it('bad input names the field: not an array, a missing column, a wrong type, no text input', async () => {
    const t = await trainedTable('logistic-regression', 'classification', 2);
    const p = await load(t.bundle.bytes);
    const field = async (rows: unknown) => {
      const r = await p.predictRows(rows);
      return r.ok ? 'ok' : r.error.field;
    };
    expect(await field({ x: 1 })).toBe('rows');
    expect(await field([])).toBe('rows');
    expect(await field([ROWS[0], 5])).toBe('rows[1]');
    expect(await field([{ x: 1, colour: 'red' }])).toBe('rows[0].y');
    expect(await field([{ x: 'ten', y: 1, colour: 'red' }])).toBe('rows[0].x');
    expect(await field([{ x: 1, y: 1, colour: { a: 1 } }])).toBe('rows[0].colour');
    expect(await field([{ x: 1, y: null, colour: 'red', extra: 1 }])).toBe('ok');
    const texts = await p.predictTexts(['hi']);
    expect(!texts.ok && texts.error.message).toMatch(/no text input/);
    p.dispose();
  });
});

describe('deploy predictor: language models', () => {
  it('generate (greedy and sampled) equals the LM worker on the same exported bundle, streamed', async () => {
    const { bundle: bytes, job } = await trainedLm('# whale model');

    const p = await load(bytes);
    expect(p.kind).toBe('lm');
    expect(p.card).toBe('# whale model');
    for (const s of [{ maxNewTokens: 20, temperature: 0, topK: 0, topP: 1, seed: 1 }, { maxNewTokens: 20, temperature: 0.9, topK: 5, topP: 0.9, seed: 4 }]) {
      const worker: { text: string } = await job({ type: 'generate', runId: 'r', backend: 'cpu', prompt: 'the wh', settings: s });
      const parts: string[] = [];
      const mine = await p.generate!('the wh', s, (t) => parts.push(t));
      if (!mine.ok) throw new Error(mine.error.message);
      expect(mine.value.text).toBe(worker.text);
      expect(parts.join('')).toBe(mine.value.text);
      expect(mine.value.tokens).toBe(20);
    }
    const bad = await p.generate!('the', { topP: 3 });
    expect(!bad.ok && bad.error.field).toBe('topP');
    const rows = await p.predictRows([{}]);
    expect(rows.ok).toBe(false);
    p.dispose();
  }, 60_000);
});
