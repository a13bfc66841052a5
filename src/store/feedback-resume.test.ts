import { describe, expect, it } from 'vitest';
import { loadTable, makeStudio, memoryPersistence } from './test-studio';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';
import { dyingTrainClient, memoryCheckpoints, quadrantCsv as csv, RESUME_HP as HP } from './test-faults';
import { restoreProject } from './project';
import type { RunRecord } from './modeling';
import type { RetrainChoice } from './actions/feedback';

/**
 * Runs of "Retrain with feedback" and "Retrain with fixes" resume as a plain run does: the same
 * record, from its last checkpoint, on ITS data (the feedback rows and label fixes it started with,
 * kept with the run), also after a reload. The second training call of each studio is the
 * feedback/fix run (the first trains the base run), so `dyingTrainClient(k, 2)` kills that one.
 */


type Studio = ReturnType<typeof makeStudio>;
const runOf = (s: Studio, id: string | undefined) => s.store.getState().doc.runs!.find((r) => r.id === id)!;

/** Loads the table and trains the base run (mlp, 8 epochs). */
async function base(s: Studio) {
  await loadTable(s, csv());
  s.actions.chooseModel('mlp');
  s.actions.setTraining({ backend: 'cpu', hp: HP });
  const id = (await s.actions.startTraining())!;
  expect(runOf(s, id).status).toBe('done');
  return id;
}

/** Feedback rows the base model mostly gets wrong (labels against the rule), repeated 5 times. */
function addFeedback(s: Studio) {
  s.actions.addFeedback([
    { record: { x: '1.2', y: '1.1' }, label: 'other', source: 'prediction' },
    { record: { x: '-1.3', y: '0.9' }, label: 'same', source: 'prediction' },
    { record: { x: '0.8', y: '-1.4' }, label: 'same', source: 'prediction' },
  ]);
  s.actions.setFeedbackWeight(5);
}

/** Relabels every cleaned-table row below 120 whose label is `same` as `other` (those in the training split count). */
function addFixes(s: Studio) {
  const lines = csv().split('\n').slice(1);
  lines.forEach((l, row) => row < 120 && l.endsWith(',same') && s.actions.setRowFix(row, { label: 'other' }));
}

/** An uninterrupted feedback (or fix) run, to compare with. */
async function reference(kind: 'feedback' | 'fixes', choice?: RetrainChoice): Promise<RunRecord> {
  const s = makeStudio();
  const b = await base(s);
  if (kind === 'feedback') {
    addFeedback(s);
    return runOf(s, await s.actions.retrainWithFeedback(b, choice));
  }
  addFixes(s);
  return runOf(s, await s.actions.retrainWithFixes(b));
}

/** The resumed run ends as the uninterrupted one: epochs 1–N once each, the same losses (equal to 5 decimals) and test metrics. */
function expectSameAs(run: RunRecord, want: RunRecord) {
  expect(run.status).toBe('done');
  expect(run.checkpoint).toBeUndefined();
  expect(run.job).toBeUndefined(); // dropped with the checkpoint once the run has a model
  expect(run.problem).toBeUndefined();
  expect(run.epochs.map((e) => e.epoch)).toEqual(want.epochs.map((e) => e.epoch));
  // The epoch after the checkpoint ran twice (before the death, and again after the resume): the same numbers.
  run.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(want.epochs[i]!.trainLoss, 5));
  run.epochs.forEach((e, i) => expect(e.valLoss!).toBeCloseTo(want.epochs[i]!.valLoss!, 5));
  const [got, exp] = [run.metrics, want.metrics] as { accuracy: number; logLoss: number }[];
  expect(got!.accuracy).toBe(exp!.accuracy);
  expect(got!.logLoss).toBeCloseTo(exp!.logLoss, 6); // float rounding of the weights' round trip only
  // It trained on the same rows: the training split with the feedback rows or the fixes applied.
  expect(run.stamp!.trainRows).toBe(want.stamp!.trainRows);
  expect(run.stamp!.dataSha256).toBe(want.stamp!.dataSha256);
}

describe('resuming an interrupted feedback or label-fix run on its own data', () => {
  it('feedback, continued from the base model: the worker dies, Resume goes on after the checkpoint with the feedback rows it started with', async () => {
    const choice: RetrainChoice = { mode: 'continue', furtherEpochs: 8 };
    const want = await reference('feedback', choice);
    expect(want.feedback).toMatchObject({ mode: 'continue', used: 3, weight: 5 });

    const s = makeStudio({ train: dyingTrainClient(4, 2) });
    const b = await base(s);
    addFeedback(s);
    const id = (await s.actions.retrainWithFeedback(b, choice))!;
    const cut = runOf(s, id);
    expect(cut).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 3 }, feedback: { mode: 'continue', used: 3 } });
    expect(cut.problem).toMatch(/Resume goes on after epoch 3 with its saved weights/);
    expect(cut.job?.feedback?.records).toHaveLength(3);

    // The project's feedback changes meanwhile: the run goes on with the rows it started with.
    s.actions.clearFeedback();
    s.actions.setTraining({ hp: { epochs: 2, seed: 99 } });
    expect(await s.actions.resumeInterrupted(id)).toBe(id);
    expect(s.store.getState().doc.runs).toHaveLength(2); // the same record, not a new run
    const run = runOf(s, id);
    expect(run.feedback).toEqual(want.feedback);
    expectSameAs(run, want);
  }, 120_000);

  it('feedback from scratch: a reload mid-run, then Resume from the stored checkpoint and the job saved with the run', async () => {
    const want = await reference('feedback');
    const persistence = memoryPersistence(); // the reloaded page's (studio a autosaves to a store of its own)
    const checkpoints = memoryCheckpoints();
    const tables = memoryTableStore();
    const a = makeStudio({ train: dyingTrainClient(3, 2), checkpoints, data: createInProcessClient(tables) });
    const b0 = await base(a);
    addFeedback(a);
    const id = (await a.actions.retrainWithFeedback(b0))!;
    // What autosave wrote while it trained: the run still `running` (the page went away, not the worker).
    const doc = a.store.getState().doc;
    await persistence.save({ ...doc, feedback: undefined, runs: doc.runs!.map((r) => (r.id === id ? { ...r, status: 'running' as const, problem: undefined } : r)) });
    await new Promise((r) => setTimeout(r, 50)); // the latest-wins write ends
    expect(checkpoints.saved.get(id)?.checkpoint.epoch).toBe(2);

    const b = makeStudio({ persistence, checkpoints, data: createInProcessClient(tables) }); // the reloaded page: nothing in memory
    await b.actions.restore();
    const back = runOf(b, id);
    expect(back).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 2 } });
    expect(back.problem).toMatch(/reloaded while it trained.*Resume goes on after epoch 2/);
    expect(b.store.getState().doc.feedback).toBeUndefined(); // the project's rows are gone: the run's own job carries them
    expect(await b.actions.resumeInterrupted(id)).toBe(id);
    expectSameAs(runOf(b, id), want);
    await new Promise((r) => setTimeout(r, 50));
    expect(checkpoints.saved.has(id)).toBe(false);
  }, 120_000);

  it('label fixes: the worker dies, Resume goes on with the fixes it started with', async () => {
    const want = await reference('fixes');
    expect(want.fixes!.relabelled).toBeGreaterThan(5);

    const s = makeStudio({ train: dyingTrainClient(5, 2) });
    const b = await base(s);
    addFixes(s);
    const id = (await s.actions.retrainWithFixes(b))!;
    expect(runOf(s, id)).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 4 }, fixes: want.fixes });
    s.actions.clearFixes();
    expect(await s.actions.resumeInterrupted(id)).toBe(id);
    const run = runOf(s, id);
    expect(run.fixes).toEqual(want.fixes);
    expectSameAs(run, want);
  }, 120_000);

  it('label fixes after a reload: the fixes saved with the run are restored and trained on', async () => {
    const want = await reference('fixes');
    const persistence = memoryPersistence(); // the reloaded page's (studio a autosaves to a store of its own)
    const checkpoints = memoryCheckpoints();
    const tables = memoryTableStore();
    const a = makeStudio({ train: dyingTrainClient(3, 2), checkpoints, data: createInProcessClient(tables) });
    const b0 = await base(a);
    addFixes(a);
    const id = (await a.actions.retrainWithFixes(b0))!;
    const doc = a.store.getState().doc;
    await persistence.save({ ...doc, fixes: undefined, runs: doc.runs!.map((r) => (r.id === id ? { ...r, status: 'running' as const, problem: undefined } : r)) });
    await new Promise((r) => setTimeout(r, 50));

    const b = makeStudio({ persistence, checkpoints, data: createInProcessClient(tables) });
    await b.actions.restore();
    expect(runOf(b, id)).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 2 } });
    expect(b.actions.currentFixes()).toEqual([]);
    expect(await b.actions.resumeInterrupted(id)).toBe(id);
    expectSameAs(runOf(b, id), want);
  }, 120_000);

  it('a damaged job saved with a run is dropped on restore (the run cannot resume, and says why)', async () => {
    const s = makeStudio({ train: dyingTrainClient(3, 2), checkpoints: memoryCheckpoints() });
    const b = await base(s);
    addFeedback(s);
    const id = (await s.actions.retrainWithFeedback(b))!;
    const saved = structuredClone(s.store.getState().doc) as unknown as Record<string, unknown> & { runs: Record<string, unknown>[] };
    const withJob = (job: unknown) => restoreProject({ ...saved, runs: saved.runs.map((r) => (r.id === id ? { ...r, job } : r)) })!.runs!.find((r) => r.id === id)!;
    expect(withJob(runOf(s, id).job).job?.feedback?.records).toHaveLength(3);
    expect(withJob({ feedback: { records: 'no', labels: [] } }).job).toBeUndefined();
    expect(withJob({ fixes: [{ row: 'x' }] }).job).toBeUndefined();
    expect(withJob(42).job).toBeUndefined();
    s.store.setState((st) => ({ doc: { ...st.doc, runs: st.doc.runs!.map((r) => (r.id === id ? (({ job: _j, ...rest }) => rest)(r) : r)) } }));
    expect(await s.actions.resumeInterrupted(id)).toBeUndefined();
    expect(s.store.getState().problem?.message).toBe('Run #2 trained with feedback rows or label fixes that were not saved with it: it cannot resume.');
  }, 120_000);
});

describe('training an interrupted feedback or label-fix run’s settings again', () => {
  it('a new run on the feedback rows saved with the cut run (not the project’s), the same as an uninterrupted one', async () => {
    const want = await reference('feedback');
    const s = makeStudio({ train: dyingTrainClient(3, 2) });
    const b = await base(s);
    addFeedback(s);
    const cut = (await s.actions.retrainWithFeedback(b))!;
    s.actions.clearFeedback();
    const again = runOf(s, await s.actions.retrainInterrupted(cut));
    expect(again.id).not.toBe(cut);
    expect(again.feedback).toEqual(want.feedback);
    expectSameAs(again, want);
  }, 120_000);

  it('a run without its saved job (an older project) is refused with a message, not trained on the plain data', async () => {
    const s = makeStudio({ train: dyingTrainClient(3, 2) });
    const b = await base(s);
    addFixes(s);
    const cut = (await s.actions.retrainWithFixes(b))!;
    s.store.setState((st) => ({ doc: { ...st.doc, runs: st.doc.runs!.map((r) => (r.id === cut ? (({ job: _j, ...rest }) => rest)(r) : r)) } }));
    expect(await s.actions.retrainInterrupted(cut)).toBeUndefined();
    expect(s.store.getState().problem?.message).toBe("Run #2's feedback rows or label fixes were not saved with it, so it cannot train again as it did.");
    expect(s.store.getState().doc.runs).toHaveLength(2);
  }, 120_000);
});
