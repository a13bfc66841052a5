import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';
import { readBundle } from '../core/bundle';

/** Rows of x, y, colour, label (the class follows x + y); `shift` rewrites x. */
function csv(rows: number, seed: number, shift = (x: number) => x, header = 'x,y,colour,label'): string {
  const rng = createRng(seed);
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${shift(x).toFixed(3)},${y.toFixed(3)},${['red', 'blue', 'green'][i % 3]},${x + y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

async function trained(family: string) {
  const s = makeStudio();
  await loadTable(s, csv(300, 5));
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs: 20, learningRate: 0.05 } });
  await s.actions.startTraining();
  const run = s.store.getState().doc.runs!.at(-1)!;
  expect(run.status).toBe('done');
  return { s, runId: run.id };
}

const parseCsv = async (b: Blob) => (await b.text()).trim().split('\n').map((l) => l.split(','));

describe('batch prediction', () => {
  it('scores a file in chunks with the same predictions as one-row prediction, and ranks the shifted column first', async () => {
    const { s, runId } = await trained('logistic-regression');
    const progress: number[] = [];
    const res = await s.actions.predictFile(new Blob([csv(5000, 9, (x) => x * 3 + 2)]), 'new.csv', { runId }, { onProgress: (p) => progress.push(p.done / p.total) });
    if (!res.ok) throw new Error(res.error.message);
    const r = res.value;
    expect(r.rows).toBe(5000);
    const lines = await parseCsv(r.csv);
    expect(lines[0]).toEqual(['x', 'y', 'colour', 'label', 'prediction', 'probability_down', 'probability_up']);
    expect(lines.length).toBe(5001);
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true); // 5000 rows are two chunks
    // the probabilities of a row equal the one-row prediction's
    const row = lines[4321]!;
    const one = await s.actions.predictRecord({ x: row[0]!, y: row[1]!, colour: row[2]! }, { runId });
    if (!one.ok) throw new Error(one.error.message);
    expect(Number(row[5])).toBeCloseTo(one.value.classes![0]!.probability, 5);
    expect(row[4]).toBe(one.value.classes![0]!.probability > 0.5 ? 'down' : 'up');
    expect(r.target).toBe('label');
    expect(r.drift!.features[0]!.name).toBe('x');
    expect(r.drift!.features[0]!.severity).toBe('large');
    expect(r.drift!.features.find((f) => f.name === 'y')!.severity).toBe('stable');
    expect(r.drift!.predictions).toBeDefined();
  });

  it('names missing columns and columns of the wrong type before predicting', async () => {
    const { s, runId } = await trained('decision-tree');
    const missing = await s.actions.predictFile(new Blob([csv(20, 1).replace(/^x,y/, 'x,why')]), 'other.csv', { runId });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.message).toBe('other.csv does not fit this model: a column is missing: “y” (numbers).');
    const typed = await s.actions.predictFile(new Blob(['x,y,colour\n1,abc,red\n2,3,blue']), 'typed.csv', { runId });
    expect(!typed.ok && typed.error.message).toContain('“y” should hold numbers but has text such as “abc”');
  });

  it('an exported bundle carries the training summary; a bundle without it predicts and says why there is no report', async () => {
    const { s, runId } = await trained('decision-tree');
    await s.actions.ensureTrainingSummary(); // made in the background when the run ends
    const b = s.actions.exportBundle(runId)!;
    const read = readBundle(b.bytes);
    if (!read.ok) throw new Error(read.error.message);
    expect((read.value.training as { dataSummary?: { rows: number } }).dataSummary?.rows).toBe(210);

    const other = makeStudio();
    await other.actions.restore();
    expect(await other.actions.importBundle(new Blob([b.bytes as BlobPart]), 'm.zip')).toBe(true);
    const res = await other.actions.predictFile(new Blob([csv(50, 3, (x) => x + 10)]), 'n.csv', 'imported');
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.drift!.features[0]!.name).toBe('x');

    const contents = other.store.getState().doc.imported!.contents;
    other.store.setState((st) => ({ doc: { ...st.doc, imported: { fileName: 'old.zip', contents: { ...contents, training: { seed: 1 } } } } }));
    const old = await other.actions.predictFile(new Blob([csv(50, 3)]), 'n.csv', 'imported');
    if (!old.ok) throw new Error(old.error.message);
    expect(old.value.drift).toBeUndefined();
    expect(old.value.driftMissing).toMatch(/no summary of its training data/);
    expect(old.value.rows).toBe(50);
  });

  it('a .txt file (one text per line) goes into the model’s text column; unknown words show as an unknown-token change', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const rng = createRng(2);
    const good = ['great', 'lovely', 'fine', 'happy', 'superb'];
    const bad = ['awful', 'poor', 'sad', 'broken', 'terrible'];
    const lines = ['message,label'];
    for (let i = 0; i < 200; i++) {
      const pos = i % 2 === 0;
      const words = Array.from({ length: 4 + rng.int(4) }, () => (pos ? good : bad)[rng.int(5)]!);
      lines.push(`${['the film was', 'this one is'][i % 2]} ${words.join(' ')},${pos ? 'pos' : 'neg'}`);
    }
    await s.actions.loadFile(new Blob([lines.join('\n')]), 'reviews.csv');
    await s.actions.setColumnType('message', 'text');
    await s.actions.setTarget('label');
    await s.actions.ensureFeatures();
    expect(s.store.getState().doc.features?.artifact?.fitted.text?.columns).toEqual(['message']);
    s.actions.chooseModel('logistic-regression');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 30, learningRate: 0.1 } });
    await s.actions.startTraining();
    const runId = s.store.getState().doc.runs!.at(-1)!.id;
    const txt = 'the film was great lovely superb\nthis one is awful zzz qqq xxx broken\nquite unknown wording everywhere here\n';
    const res = await s.actions.predictFile(new Blob([txt]), 'new.txt', { runId });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.rows).toBe(3);
    const out = await parseCsv(res.value.csv);
    expect(out[0]).toEqual(['message', 'prediction', 'probability_neg', 'probability_pos']);
    expect(out[1]![1]).toBe('pos');
    const text = res.value.drift!.features.find((f) => f.kind === 'text')!;
    expect(text.name).toBe('message');
    expect(text.unknownRate!.train).toBe(0);
    // 8 of the 19 words are unknown (unknown bigrams are left out rather than counted as [UNK], so the share is of unigrams and known bigrams)
    expect(text.unknownRate!.new).toBeGreaterThan(0.25);
    expect(text.sentence).toMatch(/of its tokens are unknown to the tokenizer, against 0 % in training/);
  });

  it('regression: one prediction column, and the predicted values compared with the test split’s', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const rng = createRng(4);
    const lines = ['x,y,target'];
    for (let i = 0; i < 300; i++) {
      const x = rng.next() * 4, y = rng.next() * 4;
      lines.push(`${x.toFixed(3)},${y.toFixed(3)},${(2 * x + y).toFixed(3)}`);
    }
    await s.actions.loadFile(new Blob([lines.join('\n')]), 'r.csv');
    await s.actions.setTarget('target');
    await s.actions.ensureFeatures();
    expect(s.store.getState().doc.features?.artifact?.fitted.task).toBe('regression');
    s.actions.chooseModel('decision-tree');
    await s.actions.startTraining();
    const runId = s.store.getState().doc.runs!.at(-1)!.id;
    const res = await s.actions.predictFile(new Blob(['x,y\n1,1\n3,3\n30,30']), 'new.csv', { runId });
    if (!res.ok) throw new Error(res.error.message);
    const out = await parseCsv(res.value.csv);
    expect(out[0]).toEqual(['x', 'y', 'prediction']);
    expect(Number(out[1]![2])).toBeCloseTo(res.value.predictions[0]!, 4);
    expect(Number(out[2]![2])).toBeGreaterThan(Number(out[1]![2]));
    expect(res.value.target).toBeUndefined();
    expect(res.value.drift!.predictions?.ks).toBeDefined();
  });
});

