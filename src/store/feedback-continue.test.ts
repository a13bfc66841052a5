import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';
import { comparableRun } from './run-compare';

function csv(): string {
  const rng = createRng(5);
  const lines = ['x,y,label'];
  for (let i = 0; i < 300; i++) {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 'up' : 'down'}`);
  }
  return lines.join('\n');
}

async function trained(family: string, epochs: number) {
  const s = makeStudio();
  await loadTable(s, csv());
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs } });
  await s.actions.startTraining();
  // Rows the base model already gets right: continuing should not have to relearn anything.
  s.actions.addFeedback([{ record: { x: '1.5', y: '1.2' }, label: 'up', source: 'prediction' }, { record: { x: '-1.4', y: '-1.1' }, label: 'down', source: 'prediction' }]);
  s.actions.setFeedbackWeight(1);
  return s;
}

const run = (s: ReturnType<typeof makeStudio>, id: string | undefined) => s.store.getState().doc.runs!.find((r) => r.id === id)!;

describe('retrain with feedback: continue from the current model', () => {
  it('zero further epochs reproduce the base run’s test predictions exactly; one epoch starts near its final loss, far below a restart', async () => {
    const s = await trained('mlp', 30);
    const base = s.store.getState().doc.runs![0]!;
    const finalLoss = base.epochs.at(-1)!.trainLoss;

    const zero = run(s, await s.actions.retrainWithFeedback(base.id, { mode: 'continue', furtherEpochs: 0 }));
    expect(zero.status).toBe('done');
    expect(zero.feedback).toMatchObject({ baseRunId: base.id, mode: 'continue', furtherEpochs: 0, used: 2 });
    expect(zero.epochs).toHaveLength(0);
    expect(Array.from(zero.test!.predictions)).toEqual(Array.from(base.test!.predictions));
    expect(zero.metrics).toEqual(base.metrics);

    const one = run(s, await s.actions.retrainWithFeedback(base.id, { mode: 'continue', furtherEpochs: 1 }));
    const restart = run(s, await s.actions.retrainWithFeedback(base.id, { mode: 'restart' }));
    expect(one.epochs).toHaveLength(1);
    expect(restart.feedback).toMatchObject({ mode: 'restart' });
    expect(restart.hp).toEqual(base.hp); // the restart path trains the base's settings, all its epochs
    expect(restart.epochs).toHaveLength(base.epochs.length);
    const fresh = restart.epochs[0]!.trainLoss;
    const continued = one.epochs[0]!.trainLoss;
    expect(Math.abs(continued - finalLoss)).toBeLessThan(0.2 * (fresh - finalLoss));
    // The settings diff of the run comparison says which it was.
    expect(comparableRun(one).settings).toMatchObject({ feedback: { training: 'continued', furtherEpochs: 1 } });
    expect(comparableRun(restart).settings).toMatchObject({ feedback: { training: 'restarted' } });
  }, 120_000);

  it('a text transformer on a token sequence continues too (0 further epochs: the same test predictions)', async () => {
    const s = makeStudio();
    const rng = createRng(3);
    const words = ['great', 'awful', 'the', 'film', 'was', 'plot'];
    const rows = Array.from({ length: 160 }, (_, i) => `${Array.from({ length: 4 }, () => words[2 + Math.floor(rng.next() * 4)]).join(' ')} ${i % 2 ? 'great' : 'awful'},${i % 2 ? 'pos' : 'neg'}`);
    await loadTable(s, ['review,label', ...rows].join('\n'));
    const spec = s.store.getState().doc.features!.spec;
    await s.actions.encode({ ...spec, text: { ...spec.text!, representation: 'tokens', maxLength: 8 } });
    s.actions.chooseModel('text-transformer');
    s.actions.setModelParams({ embeddingDim: 8, heads: 2, blocks: 1, ffDim: 16, dropout: 0 });
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 2, learningRate: 0.01 } });
    await s.actions.startTraining();
    const base = s.store.getState().doc.runs!.at(-1)!;
    expect(base.status).toBe('done');
    s.actions.addFeedback([{ record: { review: 'the plot was great' }, label: 'pos', source: 'prediction' }]);
    const zero = run(s, await s.actions.retrainWithFeedback(base.id, { mode: 'continue', furtherEpochs: 0 }));
    expect(zero.feedback).toMatchObject({ mode: 'continue', used: 1 });
    expect(Array.from(zero.test!.predictions)).toEqual(Array.from(base.test!.predictions));
  }, 120_000);

  it('changed encoders (a column left out) refuse continuing with a plain message; restarting is still refused the old way', async () => {
    const s = await trained('mlp', 3);
    const base = s.store.getState().doc.runs![0]!;
    const spec = s.store.getState().doc.features!.spec;
    await s.actions.encode({ ...spec, columns: spec.columns.map((c) => (c.name === 'y' ? { ...c, include: false } : c)) });
    expect(await s.actions.retrainWithFeedback(base.id, { mode: 'continue', furtherEpochs: 2 })).toBeUndefined();
    expect(s.store.getState().problem?.message).toBe('Cannot continue: the encoded features changed since this run was trained, so its weights would read the wrong columns.');
    expect(await s.actions.retrainWithFeedback(base.id)).toBeUndefined();
    expect(s.store.getState().problem?.message).toBe('This run was trained with other encode settings than the current ones.');
    expect(s.store.getState().doc.runs).toHaveLength(1);
  });

  it('a tree family cannot continue: a plain message and no new run', async () => {
    const s = await trained('decision-tree', 5);
    const base = s.store.getState().doc.runs![0]!;
    expect(await s.actions.retrainWithFeedback(base.id, { mode: 'continue', furtherEpochs: 3 })).toBeUndefined();
    expect(s.store.getState().problem?.message).toMatch(/^Cannot continue: Decision tree is fitted in one go/);
    expect(s.store.getState().doc.runs).toHaveLength(1);
  });
});
