import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';

/** Short reviews whose label follows from one word of a list; filler words shared. */
function reviews(n: number): string {
  const rng = createRng(3);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rng.next() * xs.length)]!;
  const good = ['great', 'wonderful', 'loved', 'superb'];
  const bad = ['awful', 'boring', 'hated', 'dull'];
  const filler = ['the', 'film', 'was', 'a', 'plot', 'actors', 'really', 'and', 'story', 'ending'];
  const lines = ['review,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    const words = Array.from({ length: 3 + Math.floor(rng.next() * 6) }, () => pick(filler));
    words.splice(Math.floor(rng.next() * words.length), 0, pick(pos ? good : bad));
    lines.push(`${words.join(' ')},${pos ? 'pos' : 'neg'}`);
  }
  return lines.join('\n');
}

describe('inside a text classifier (store → data worker → training worker)', () => {
  it('inspects a typed text (attention over its tokens, class lens ending in the prediction) and places the test texts in 2-D', async () => {
    const s = makeStudio();
    await loadTable(s, reviews(200));
    const spec = s.store.getState().doc.features!.spec;
    expect(spec.text).toBeDefined();
    await s.actions.encode({ ...spec, text: { ...spec.text!, representation: 'tokens', maxLength: 12 } });
    s.actions.chooseModel('text-transformer');
    s.actions.setModelParams({ embeddingDim: 16, heads: 2, blocks: 2, ffDim: 32, dropout: 0 });
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 3, learningRate: 0.01 } });
    await s.actions.startTraining();
    const run = s.store.getState().doc.runs!.at(-1)!;
    expect(run.status).toBe('done');

    const r = await s.actions.inspectText(run.id, { review: 'the actors were superb' });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value;
    // "were" never occurs in training; word bigrams the tokenizer learnt follow the words.
    expect(v.tokens.slice(0, 4)).toEqual(['the', 'actors', '[UNK]', 'superb']);
    expect(v.tokens.every((t) => t !== '')).toBe(true);
    const T = v.tokens.length;
    expect(v.nLayer).toBe(2);
    expect(v.nHead).toBe(2);
    expect(v.attention.length).toBe(2 * 2 * T * T);
    for (let row = 0; row < 2 * 2 * T; row++) expect(v.attention.subarray(row * T, row * T + T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(v.labels).toEqual(['neg', 'pos']);
    expect(v.lens).toHaveLength(3);
    const pred = await s.actions.predictRecord({ review: 'the actors were superb' }, { runId: run.id });
    if (!pred.ok) throw new Error(pred.error.message);
    pred.value.classes!.forEach((c, i) => expect(v.lens[2]![i]).toBeCloseTo(c.probability, 5));

    const e = await s.actions.textEmbeddings(run.id);
    if (!e.ok) throw new Error(e.error.message);
    expect(e.value.points).toHaveLength(run.test!.rows.length);
    expect(new Set(e.value.points.map((p) => p.group))).toEqual(new Set(['neg', 'pos']));
    // Each point's class is the test row's true class, and its text a review.
    e.value.points.forEach((p, i) => {
      expect(p.group).toBe(['neg', 'pos'][run.test!.y[i]!]);
      expect(p.text.split(' ').length).toBeGreaterThanOrEqual(4);
    });
    expect(e.value.explained[0]).toBeGreaterThanOrEqual(e.value.explained[1]);
  }, 120_000);
});
