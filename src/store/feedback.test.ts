import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';
import { readBundle } from '../core/bundle';
import { restoreProject } from './project';

function csv(): string {
  const rng = createRng(5);
  const lines = ['x,y,label'];
  for (let i = 0; i < 300; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

async function trained(family: string) {
  const s = makeStudio();
  await loadTable(s, csv());
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs: 20 } });
  await s.actions.startTraining();
  return s;
}

const top = (p: { classes?: { label: string; probability: number }[] }) => p.classes!.reduce((a, b) => (b.probability > a.probability ? b : a)).label;

describe('feedback and retraining', () => {
  it('flagged rows with a high weight change the retrained model\'s predictions; old and new are scored on the same test rows', async () => {
    const s = await trained('decision-tree');
    const base = s.store.getState().doc.runs![0]!;
    // Deep in "up" territory, labelled "down" by the user.
    const flagged = [{ x: '1.8', y: '1.7' }, { x: '1.6', y: '1.9' }];
    const before = await s.actions.predictRecords(flagged, { runId: base.id });
    expect(before.ok && before.value.map(top)).toEqual(['up', 'up']);
    s.actions.addFeedback(flagged.map((record) => ({ record, label: 'down', predicted: 'up', source: 'prediction' as const })));
    s.actions.setFeedbackWeight(20);
    const newId = await s.actions.retrainWithFeedback(base.id);
    const next = s.store.getState().doc.runs!.find((r) => r.id === newId)!;
    expect(next.status).toBe('done');
    expect(next.feedback).toEqual({ baseRunId: base.id, rows: 2, weight: 20, used: 2, skipped: 0, mode: 'restart' });
    const after = await s.actions.predictRecords(flagged, { runId: next.id });
    expect(after.ok && after.value.map(top)).toEqual(['down', 'down']);
    const scores = await s.actions.scoreFeedback(next.id);
    expect(scores.ok && scores.value.score).toBe(1);
    const old = await s.actions.scoreFeedback(base.id);
    expect(old.ok && old.value.score).toBe(0);
    // Same test split: feedback went into training only.
    expect(Array.from(next.test!.rows)).toEqual(Array.from(base.test!.rows));
    expect(next.stamp!.dataSha256).toBe(base.stamp!.dataSha256);
  });

  it('the feedback dataset is saved with the project and damaged rows are dropped on restore', async () => {
    const s = await trained('decision-tree');
    s.actions.addFeedback([{ record: { x: '1', y: '1' }, label: 'down', source: 'prediction' }]);
    const doc = JSON.parse(JSON.stringify(s.store.getState().doc));
    expect(restoreProject(doc)!.feedback!.rows.map((r) => r.label)).toEqual(['down']);
    doc.feedback.rows.push({ id: 'bad', label: 3 }, 'junk');
    doc.feedback.weight = 1e9;
    const restored = restoreProject(doc)!;
    expect(restored.feedback!.rows).toHaveLength(1);
    expect(restored.feedback!.weight).toBe(100);
    expect(restoreProject({ ...doc, feedback: 'x' })!.feedback).toBeUndefined();
  });
});

describe('feedback on a regression model', () => {
  it('numeric labels train the model towards them; the score is the mean absolute error; a label that is not a number is skipped', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const rng = createRng(3);
    const lines = ['x,y', ...Array.from({ length: 200 }, () => rng.next() * 10).map((x) => `${x.toFixed(3)},${(2 * x).toFixed(3)}`)];
    await s.actions.loadFile(new Blob([lines.join('\n')]), 'line.csv');
    await s.actions.setTarget('y');
    await s.actions.ensureFeatures();
    s.actions.chooseModel('decision-tree');
    await s.actions.startTraining();
    const base = s.store.getState().doc.runs![0]!;
    s.actions.addFeedback([
      { record: { x: '5' }, label: '100', source: 'batch', fileName: 'new.csv' },
      { record: { x: '6' }, label: 'lots', source: 'batch' },
    ]);
    s.actions.setFeedbackWeight(30);
    const id = await s.actions.retrainWithFeedback(base.id);
    const next = s.store.getState().doc.runs!.find((r) => r.id === id)!;
    expect(next.feedback).toMatchObject({ used: 1, skipped: 1 });
    const before = await s.actions.predictRecords([{ x: '5' }], { runId: base.id });
    const after = await s.actions.predictRecords([{ x: '5' }], { runId: next.id });
    expect(before.ok && before.value[0]!.value).toBeLessThan(20);
    expect(after.ok && after.value[0]!.value).toBeGreaterThan(50);
    const score = await s.actions.scoreFeedback(next.id);
    // Only the numeric label counts: the error of the one row.
    expect(score.ok && score.value.score).toBeCloseTo(Math.abs((after.ok ? after.value[0]!.value! : 0) - 100), 9);
  });
});

describe('stamp and reproduce', () => {
  it('a run is stamped; the bundle carries the stamp; reproducing the run and the imported bundle gives identical metrics and the same data hash', async () => {
    const s = await trained('logistic-regression');
    const run = s.store.getState().doc.runs![0]!;
    expect(run.stamp).toMatchObject({ studioVersion: 'dev', seed: run.hp.seed, trainRows: 210, backend: 'cpu' });
    const b = s.actions.exportBundle(run.id)!;
    const read = readBundle(b.bytes);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.stamp).toMatchObject({ dataSha256: run.stamp!.dataSha256, recipeSha256: run.stamp!.recipeSha256 });
    expect(read.value.modelCard).toContain('## Reproducibility stamp');

    const again = await s.actions.reproduceRun(run.id);
    const r1 = s.store.getState().doc.runs!.find((r) => r.id === again)!;
    expect(r1.reproduction).toEqual({ of: 'run #1', dataMatches: true, recipeMatches: true, metrics: 'exact', maxDiff: 0, tolerance: 1e-6 });

    await s.actions.importBundle(new Blob([b.bytes as BlobPart]), b.fileName);
    const fromBundle = await s.actions.reproduceImported();
    const r2 = s.store.getState().doc.runs!.find((r) => r.id === fromBundle)!;
    expect(r2.reproduction).toMatchObject({ of: b.fileName, dataMatches: true, recipeMatches: true, metrics: 'exact' });
  });
});
