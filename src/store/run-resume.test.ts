import { describe, expect, it } from 'vitest';
import { loadTable, makeStudio, memoryPersistence } from './test-studio';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';
import { dyingTrainClient, gpuLosingClient, memoryCheckpoints, quadrantCsv as csv, RESUME_HP as HP, throwingTrainClient } from './test-faults';


async function start(s: ReturnType<typeof makeStudio>) {
  await loadTable(s, csv());
  s.actions.chooseModel('mlp');
  s.actions.setTraining({ backend: 'cpu', hp: HP });
  return s.actions.startTraining();
}

describe('resuming an interrupted tabular run from its saved weights', () => {
  it('the same run goes on after its last checkpoint: epochs continue and match a run never cut off', async () => {
    const whole = makeStudio();
    await start(whole);
    const reference = whole.store.getState().doc.runs![0]!.epochs;

    const s = makeStudio({ train: dyingTrainClient(4) });
    const id = (await start(s))!;
    const cut = s.store.getState().doc.runs![0]!;
    expect(cut).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 3 } });
    expect(cut.epochs).toHaveLength(4);
    expect(cut.problem).toBe('Training was interrupted: the background worker stopped (the browser may have run out of memory). Its 4 finished epochs are kept in the curves. Resume goes on after epoch 3 with its saved weights, or train again.');

    expect(await s.actions.resumeInterrupted(id)).toBe(id);
    const runs = s.store.getState().doc.runs!;
    expect(runs).toHaveLength(1); // the same record, not a new run
    const run = runs[0]!;
    expect(run.status).toBe('done');
    expect(run.checkpoint).toBeUndefined();
    expect(run.problem).toBeUndefined();
    expect(run.model?.type).toBe('tfjs');
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Epoch 4 ran twice (before the death, and again after the checkpoint of epoch 3): the same numbers.
    run.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(reference[i]!.trainLoss, 5));
    const [got, want] = [run.metrics, whole.store.getState().doc.runs![0]!.metrics] as { accuracy: number; logLoss: number }[];
    expect(got!.accuracy).toBe(want!.accuracy);
    expect(got!.logLoss).toBeCloseTo(want!.logLoss, 6); // float rounding of the weights' round trip only
  });

  it('after a reload the run resumes from the checkpoint store; a finished run leaves none behind', async () => {
    const persistence = memoryPersistence();
    const checkpoints = memoryCheckpoints();
    const tables = memoryTableStore();
    const a = makeStudio({ train: dyingTrainClient(3), persistence, checkpoints, data: createInProcessClient(tables) });
    const id = (await start(a))!;
    await persistence.save(a.store.getState().doc);
    await new Promise((r) => setTimeout(r, 50)); // the latest-wins write ends
    expect(checkpoints.saved.get(id)?.checkpoint.epoch).toBe(2);

    const b = makeStudio({ persistence, checkpoints, data: createInProcessClient(tables) }); // the reloaded page: nothing in memory
    await b.actions.restore();
    expect(b.store.getState().doc.runs![0]).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 2 } });
    await b.actions.resumeInterrupted(id);
    const run = b.store.getState().doc.runs![0]!;
    expect(run.status).toBe('done');
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await new Promise((r) => setTimeout(r, 50));
    expect(checkpoints.saved.has(id)).toBe(false);
  });

  it('refuses to resume when the weights are gone or the features changed, and says so', async () => {
    const s = makeStudio({ train: dyingTrainClient(3), checkpoints: memoryCheckpoints() });
    const id = (await start(s))!;
    const other = makeStudio({ checkpoints: memoryCheckpoints() });
    await loadTable(other, csv());
    other.store.setState((st) => ({ doc: { ...st.doc, runs: s.store.getState().doc.runs } }));
    expect(await other.actions.resumeInterrupted(id)).toBeUndefined();
    expect(other.store.getState().problem?.message).toBe('The saved weights of run #1 are gone (site data cleared, or another browser).');

    s.store.setState((st) => ({ doc: { ...st.doc, runs: st.doc.runs!.map((r) => ({ ...r, inputsKey: 'older-features' })) } }));
    expect(await s.actions.resumeInterrupted(id)).toBeUndefined();
    expect(s.store.getState().problem?.message).toBe('The data or the encoded features changed since run #1: its saved weights belong to the old ones.');
  });

  it('a GPU lost mid-run: the run goes on by itself on WebAssembly from its last checkpoint, and says so', async () => {
    const whole = makeStudio();
    await start(whole);
    const reference = whole.store.getState().doc.runs![0]!.epochs;
    const train = gpuLosingClient(5);
    const s = makeStudio({ train });
    await loadTable(s, csv());
    s.actions.chooseModel('mlp');
    s.actions.setTraining({ backend: 'webgl', hp: HP });
    const id = await s.actions.startTraining();
    expect(train.jobs).toEqual(['webgl', 'wasm']);
    const runs = s.store.getState().doc.runs!;
    expect(runs).toHaveLength(1);
    expect(runs[0]!.id).toBe(id);
    expect(runs[0]!.status).toBe('done');
    expect(runs[0]!.notice).toBe('The WebGL context was lost at epoch 6; training continued on WebAssembly from its saved weights after epoch 4.');
    expect(runs[0]!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    runs[0]!.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(reference[i]!.trainLoss, 5));
    expect(s.store.getState().doc.training?.backend).toBe('webgl'); // the user's choice is left as it was
  });

  it('a GPU lost before any checkpoint: the run starts again on WebAssembly; a WebGPU loss says WebGPU', async () => {
    const train = gpuLosingClient(1, 'webgpu');
    const s = makeStudio({ train });
    await loadTable(s, csv());
    s.actions.chooseModel('mlp');
    s.actions.setTraining({ backend: 'webgpu', hp: HP });
    await s.actions.startTraining();
    const run = s.store.getState().doc.runs![0]!;
    expect(run).toMatchObject({ status: 'done', notice: 'The WebGPU device was lost at epoch 2, before any weights were saved; training started again on WebAssembly.' });
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('out of memory thrown mid-run: interrupted with what to do, and Resume goes on after its checkpoint', async () => {
    const s = makeStudio({ train: throwingTrainClient(3, () => new RangeError('Array buffer allocation failed')) });
    const id = (await start(s))!;
    const run = s.store.getState().doc.runs![0]!;
    expect(run.status).toBe('interrupted');
    expect(run.problem).toBe('Training ran out of memory (Array buffer allocation failed). Its 3 finished epochs are kept in the curves. Resume goes on after epoch 2 with its saved weights. Try a smaller batch size or a smaller model (fewer or narrower layers, a shorter sequence length), or another backend under "Run on" (WebAssembly uses the computer\'s memory, WebGL and WebGPU the graphics card\'s).');
    expect(s.store.getState().live).toBeUndefined();
    await s.actions.resumeInterrupted(id);
    expect(s.store.getState().doc.runs![0]!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
