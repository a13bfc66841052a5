import { describe, expect, it } from 'vitest';
import { makeStudio, NO_PERSISTENCE, loadTable } from './test-studio';
import { createRng } from '../core/util/rng';

/** Rows of x, y, colour, label (the class follows x + y). */
function rows(n: number, seed: number): string[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = rng.next() * 4 - 2, y = rng.next() * 4 - 2;
    return [x.toFixed(3), y.toFixed(3), ['red', 'blue', 'green'][i % 3]!, x + y > 0 ? 'up' : 'down'];
  });
}
const csv = (header: string, body: string[][]) => [header, ...body.map((r) => r.join(','))].join('\n');

describe('a labelled batch file becomes feedback', () => {
  it('adds the rows with a known answer as batch feedback: raw inputs as in the file, the file’s label, the model’s prediction', async () => {
    const s = makeStudio({ persistence: NO_PERSISTENCE });
    await loadTable(s, csv('x,y,colour,label', rows(200, 5)));
    s.actions.chooseModel('logistic-regression');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 10, learningRate: 0.05 } });
    await s.actions.startTraining();
    const runId = s.store.getState().doc.runs!.at(-1)!.id;

    // Columns in another order; row 3 has no label, row 7 a class the model does not know.
    const body = rows(30, 9).map(([x, y, colour, label]) => [label!, colour!, x!, y!]);
    body[3]![0] = '';
    body[7]![0] = 'sideways';
    const res = await s.actions.predictFile(new Blob([csv('label,colour,x,y', body)]), 'labelled.csv', { runId });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value.target).toBe('label');
    expect(res.value.labelled?.skipped).toBe(2);
    const out = (await res.value.csv.text()).trim().split('\n').slice(1).map((l) => l.split(','));

    expect(s.actions.addBatchFeedback(res.value, 'labelled.csv')).toBe(28);
    const fb = s.store.getState().doc.feedback!.rows;
    const kept = body.filter((_, i) => i !== 3 && i !== 7);
    const predicted = out.filter((_, i) => i !== 3 && i !== 7).map((r) => r[4]);
    expect(fb.map((r) => r.label)).toEqual(kept.map((r) => r[0]));
    expect(fb.map((r) => r.record)).toEqual(kept.map(([, colour, x, y]) => ({ colour, x: String(Number(x)), y: String(Number(y)) })));
    expect(fb.map((r) => r.predicted)).toEqual(predicted);
    expect(new Set(fb.map((r) => `${r.source} ${r.fileName}`))).toEqual(new Set(['batch labelled.csv']));

    // The rows are ordinary feedback: the model scores on them like on corrections.
    const score = await s.actions.scoreFeedback(runId);
    if (!score.ok) throw new Error(score.error.message);
    expect(score.value.predicted).toEqual(predicted);

    // A file without the target offers nothing.
    const unlabelled = await s.actions.predictFile(new Blob([csv('x,y,colour', rows(5, 2).map((r) => r.slice(0, 3)))]), 'new.csv', { runId });
    if (!unlabelled.ok) throw new Error(unlabelled.error.message);
    expect(unlabelled.value.labelled).toBeUndefined();
    expect(s.actions.addBatchFeedback(unlabelled.value, 'new.csv')).toBe(0);
  });
});
