import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createStudio } from './studio';
import type { ClassificationReport } from '../core/metrics';
import { createRng } from '../core/util/rng';
import { DEFAULT_HYPERPARAMS } from '../core/jobs';
import { newProject } from './project';

/** 300 rows: two numeric features and a colour; the class follows x + y (learnable, not trivial). */
/** A studio with the test table loaded, its features encoded and `family` set to train on cpu for `epochs`. */
async function studioReadyToTrain(family: string, epochs: number) {
  const s = makeStudio();
  await loadTable(s, csv());
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs } });
  return s;
}

function csv(): string {
  const rng = createRng(5);
  const lines = ['x,y,colour,label'];
  for (let i = 0; i < 300; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${['red', 'blue', 'green'][i % 3]},${x + y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

describe('modeling workflow', () => {
  it('encodes with defaults, trains a run with live logs, keeps metrics, artifacts and test predictions', async () => {
    const s = makeStudio();
    await loadTable(s, csv());
    const features = s.store.getState().doc.features!;
    expect(features.artifact?.sizes).toEqual({ train: 210, validation: 45, test: 45 });
    expect(features.artifact?.summary.featureCount).toBe(2 + 4); // x, y, colour one-hot (3 + other)

    s.actions.chooseModel('logistic-regression');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 30, learningRate: 0.05 } });
    await s.actions.startTraining();
    const run = s.store.getState().doc.runs![0]!;
    expect(run.status).toBe('done');
    expect(run.epochs.length).toBeGreaterThan(1);
    expect(run.epochs.at(-1)!.valLoss).toBeLessThan(run.epochs[0]!.valLoss);
    expect((run.metrics as ClassificationReport).accuracy).toBeGreaterThan(0.85);
    expect(run.test?.rows.length).toBe(45);
    expect(run.test?.predictions.length).toBe(45 * 2);
    expect(run.model?.type).toBe('tfjs');
    expect(s.store.getState().live).toBeUndefined();
  });

  it('a linear family brings its learning rate, unless the user has set one', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const lr = () => s.store.getState().doc.training?.hp.learningRate ?? 0.001;
    s.actions.chooseModel('logistic-regression');
    expect(lr()).toBe(0.01);
    s.actions.chooseModel('mlp');
    expect(lr()).toBe(0.001);
    s.actions.setTraining({ hp: { learningRate: 0.2 } });
    s.actions.chooseModel('logistic-regression');
    expect(lr()).toBe(0.2);
  });

  it('a typed learning rate is kept across model changes, even when it equals a family default; untouched, it follows the family', async () => {
    const s = makeStudio();
    await s.actions.restore();
    const lr = () => s.store.getState().doc.training?.hp.learningRate ?? 0.001;
    s.actions.chooseModel('mlp');
    s.actions.setTraining({ hp: { epochs: 5 } }); // another field: the rate stays untouched
    s.actions.chooseModel('logistic-regression');
    expect(lr()).toBe(0.01);
    s.actions.chooseModel('mlp');
    expect(lr()).toBe(0.001);
    // The user types logistic regression's own default: a guess from the value would lose it.
    s.actions.setTraining({ hp: { learningRate: 0.01 } });
    expect(s.store.getState().doc.training?.touched).toEqual({ epochs: true, learningRate: true });
    s.actions.chooseModel('logistic-regression');
    s.actions.chooseModel('mlp');
    expect(lr()).toBe(0.01);
  });

  it('a project saved before the touched flag keeps a rate that differs from its family default', async () => {
    const saved = { ...newProject(), model: { family: 'mlp', params: {} }, training: { backend: 'auto', hp: { ...DEFAULT_HYPERPARAMS, learningRate: 0.2 } } };
    const s = createStudio({ ...makeStudio().deps, persistence: { load: async () => saved, save: async () => {}, clear: async () => {} } });
    await s.actions.restore();
    expect(s.store.getState().doc.training?.hp.learningRate).toBe(0.2);
    s.actions.setTraining({ hp: { epochs: 3 } }); // the first edit starts the flags: the old rate stays typed
    expect(s.store.getState().doc.training?.touched).toEqual({ learningRate: true, epochs: true });
    s.actions.chooseModel('logistic-regression');
    expect(s.store.getState().doc.training?.hp.learningRate).toBe(0.2);
  });

  it('the same seed gives the same run; a changed feature spec re-encodes', async () => {
    const s = await studioReadyToTrain('mlp', 3);
    await s.actions.startTraining();
    await s.actions.startTraining();
    const [a, b] = s.store.getState().doc.runs!;
    expect(b!.epochs.map((e) => e.valLoss)).toEqual(a!.epochs.map((e) => e.valLoss));

    const spec = s.store.getState().doc.features!.spec;
    await s.actions.encode({ ...spec, columns: spec.columns.map((c) => (c.name === 'colour' ? { ...c, include: false } : c)) });
    expect(s.store.getState().doc.features!.artifact!.summary.featureCount).toBe(2);
  });
});

describe('training data that cannot be built', () => {
  it('the problem shows and no run is recorded', async () => {
    const s = await studioReadyToTrain('logistic-regression', 2);
    // The data worker no longer has the cleaned table (as when it is being recomputed).
    await s.deps.data.run({ type: 'drop', datasetId: s.store.getState().doc.dataset!.datasetId });
    await s.actions.startTraining();
    expect(s.store.getState().problem?.code).toBe('stale');
    expect(s.store.getState().doc.runs ?? []).toEqual([]);
    expect(s.store.getState().live).toBeUndefined();
  });
});

describe('prediction and bundles', () => {
  it('a raw row predicts the same as the test split; export → import in a fresh studio predicts identically', async () => {
    const s = await studioReadyToTrain('logistic-regression', 5);
    await s.actions.startTraining();
    const run = s.store.getState().doc.runs![0]!;
    // Row 0 of the test split, typed in as raw text.
    const row = run.test!.rows[0]!;
    const records = await s.deps.data.run({ type: 'records', table: { datasetId: s.store.getState().doc.dataset!.datasetId, stage: 'clean', recipeKey: s.store.getState().doc.clean!.recipeKey }, rows: [row] });
    expect(records.ok).toBe(true);
    const record = records.ok ? records.value[0]! : {};
    const p = await s.actions.predictRecord(record, { runId: run.id });
    expect(p.ok && p.value.classes!.map((c) => c.probability)).toEqual(Array.from(run.test!.predictions.slice(0, 2)));

    const bundle = s.actions.exportBundle(run.id)!;
    expect(bundle.fileName).toBe('data-logistic-regression-run1.zip');
    const fresh = makeStudio();
    await fresh.actions.restore();
    expect(await fresh.actions.importBundle(new Blob([bundle.bytes as BlobPart]), bundle.fileName)).toBe(true);
    const q = await fresh.actions.predictRecord(record, 'imported');
    expect(q.ok && q.value.classes).toEqual(p.ok && p.value.classes);
    expect(fresh.store.getState().doc.imported?.contents.modelCard).toMatch(/label/);

    // Changing the encode settings afterwards: the run no longer predicts or exports with encoders it was not trained on.
    const spec = s.store.getState().doc.features!.spec;
    await s.actions.encode({ ...spec, split: { ...spec.split, seed: spec.split.seed + 1 } });
    const stale = await s.actions.predictRecord(record, { runId: run.id });
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.error.message).toMatch(/other encode settings/);
    expect(s.actions.exportBundle(run.id)).toBeUndefined();
  });

  it('a broken bundle is refused with a clear message', async () => {
    const s = makeStudio();
    await s.actions.restore();
    expect(await s.actions.importBundle(new Blob([new Uint8Array([80, 75, 3, 4, 1, 2, 3])]), 'cut.zip')).toBe(false);
    expect(s.store.getState().problem?.message).toMatch(/bundle|zip/i);
  });
});
