import { describe, expect, it } from 'vitest';
import { loadTable, makeStudio } from './test-studio';
import { dyingTrainClient } from './test-faults';
import { createRng } from '../core/util/rng';
import { newProject, restoreProject } from './project';
import type { RunRecord } from './modeling';

function csv(): string {
  const rng = createRng(5);
  const lines = ['x,y,label'];
  for (let i = 0; i < 200; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

describe('a training run cut off (worker died, page closed)', () => {
  it('a run whose worker dies is interrupted, keeps its finished epochs, and its settings train again', async () => {
    const s = makeStudio({ train: dyingTrainClient(2) });
    await loadTable(s, csv());
    s.actions.chooseModel('mlp');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 6, learningRate: 0.01, seed: 7 } });
    const id = await s.actions.startTraining();
    const run = s.store.getState().doc.runs!.find((r) => r.id === id)!;
    expect(run.status).toBe('interrupted');
    expect(run.epochs).toHaveLength(2);
    expect(run.model).toBeUndefined();
    expect(run.problem).toBe('Training was interrupted: the background worker stopped (the browser may have run out of memory). Its 2 finished epochs are kept in the curves. Resume goes on after epoch 1 with its saved weights, or train again.');
    expect(s.store.getState().live).toBeUndefined(); // the UI is free again

    s.actions.setTraining({ hp: { epochs: 1 } }); // the user's settings changed since: the interrupted run's own are used
    const again = await s.actions.retrainInterrupted(id!);
    const second = s.store.getState().doc.runs!.find((r) => r.id === again)!;
    expect(second).toMatchObject({ status: 'done', family: 'mlp', hp: { epochs: 6, seed: 7 } });
    expect(second.epochs).toHaveLength(6);
    expect(second.model?.type).toBe('tfjs');
  });

  it('a run saved while training comes back interrupted after a reload (restoreProject), finished runs untouched', async () => {
    const s = makeStudio();
    await loadTable(s, csv());
    s.actions.chooseModel('logistic-regression');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 3 } });
    await s.actions.startTraining();
    const saved = structuredClone(s.store.getState().doc) as unknown as { runs: RunRecord[] }; // what autosave writes
    const done = saved.runs[0]!;
    const cut: RunRecord = { ...done, id: 'cut', number: 2, status: 'running', epochs: done.epochs.slice(0, 1) };
    const restored = restoreProject({ ...saved, runs: [done, cut, { ...cut, id: 'paused', number: 3, status: 'paused', family: 'random-forest', epochs: [] }] })!;
    expect(restored.runs!.map((r) => r.status)).toEqual(['done', 'interrupted', 'interrupted']);
    expect(restored.runs![0]).toEqual(done);
    expect(restored.runs![1]!.problem).toBe('Training was interrupted: the page was closed or reloaded while it trained. Its finished epoch is kept in the curves. Train again to get a model.');
    expect(restored.runs![2]!.problem).toBe('Training was interrupted: the page was closed or reloaded while it trained. Train again to get a model.');
    expect(restoreProject({ ...newProject(), runs: [{ status: 'running' }] })!.runs![0]!.status).toBe('interrupted'); // damaged run: no crash
  });
});
