import { describe, expect, it } from 'vitest';
import { makeStudio, loadTable } from './test-studio';
import { predictionFlips } from '../core/metrics/compare';
import { restoreProject } from './project';

// x on a grid, label by a clean threshold at 0.5: a tree learns it exactly.
const xs = Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200);
const csv = ['x,label', ...xs.map((x) => `${x.toFixed(4)},${x > 0.5 ? 'hi' : 'lo'}`)].join('\n');

async function trained() {
  const s = makeStudio();
  await loadTable(s, csv);
  s.actions.chooseModel('decision-tree');
  s.actions.setTraining({ backend: 'cpu' });
  await s.actions.startTraining();
  return s;
}

const argmax = (p: Float32Array, k: number) => Array.from({ length: p.length / k }, (_, i) => (p[i * k]! >= p[i * k + 1]! ? 0 : 1));

describe('fix and retrain', () => {
  it('relabelled training rows change the retrained model; the test rows are the same and the flips are those counted by hand', async () => {
    const s = await trained();
    const base = s.store.getState().doc.runs![0]!;
    const tp = await s.actions.trainingPredictions(base.id);
    if (!tp.ok) throw new Error(tp.error.message);
    const { rows, y, predicted, classNames } = tp.value;
    // Training rows only: none of them is a test row.
    const testRows = new Set(base.test!.rows);
    expect(rows.some((r) => testRows.has(r))).toBe(false);
    expect(rows.length + base.test!.rows.length).toBeLessThan(200);
    const hi = classNames.indexOf('hi');
    expect(rows.every((r, i) => y[i] === (xs[r]! > 0.5 ? hi : 1 - hi))).toBe(true);
    expect(predicted).toEqual(y); // a tree fits its training rows
    // "Mislabel" the band 0.5 < x < 0.75 as lo, and remove one training row.
    const band = rows.filter((r) => xs[r]! > 0.5 && xs[r]! < 0.75);
    for (const r of band) s.actions.setRowFix(r, { label: 'lo' });
    const removed = rows.find((r) => xs[r]! < 0.2)!;
    s.actions.setRowFix(removed, { remove: true });
    const after = await s.actions.trainingPredictions(base.id);
    expect(after.ok && after.value.rows.includes(removed)).toBe(false);
    expect(after.ok && after.value.y.filter((c, i) => c !== y[rows.indexOf(after.value.rows[i]!)]).length).toBe(band.length);

    const nextId = await s.actions.retrainWithFixes(base.id);
    const next = s.store.getState().doc.runs!.find((r) => r.id === nextId)!;
    expect(next.status).toBe('done');
    expect(next.fixes).toEqual({ baseRunId: base.id, removed: 1, relabelled: band.length });
    expect(Array.from(next.test!.rows)).toEqual(Array.from(base.test!.rows));
    expect(Array.from(next.test!.y)).toEqual(Array.from(base.test!.y));
    expect(next.stamp!.dataSha256).not.toBe(base.stamp!.dataSha256);
    expect(next.stamp!.trainRows).toBe(base.stamp!.trainRows - 1);

    // By hand: test rows inside the band were right (hi) and are now predicted lo; rows well outside do not move.
    const t = Array.from(base.test!.rows);
    const pa = argmax(base.test!.predictions, 2), pb = argmax(next.test!.predictions, 2);
    const truth = Array.from(base.test!.y);
    const inner = t.map((r, i) => (xs[r]! > 0.52 && xs[r]! < 0.73 ? i : -1)).filter((i) => i >= 0);
    expect(inner.length).toBeGreaterThan(3);
    for (const i of inner) expect([truth[i], pa[i], pb[i]]).toEqual([hi, hi, 1 - hi]);
    t.forEach((r, i) => {
      if (xs[r]! < 0.48 || xs[r]! > 0.77) expect(pb[i]).toBe(pa[i]);
    });
    const flips = predictionFlips(base.test!.y, base.test!.predictions, next.test!.predictions, 2);
    const byHand = t.map((_, i) => i).filter((i) => pa[i] === truth[i] && pb[i] !== truth[i]);
    expect(flips.rightToWrong.map((f) => f.index)).toEqual(byHand);
    expect(flips.rightToWrong.length).toBeGreaterThanOrEqual(inner.length);
    expect(flips.wrongToRight).toEqual([]);
  });

  it('fixes are saved with the project, restored defensively, and ignored once the cleaning changes', async () => {
    const s = await trained();
    s.actions.setRowFix(3, { label: 'hi' });
    s.actions.setRowFix(7, { remove: true });
    const doc = JSON.parse(JSON.stringify(s.store.getState().doc));
    expect(restoreProject(doc)!.fixes!.rows).toEqual([{ row: 3, label: 'hi' }, { row: 7, remove: true }]);
    doc.fixes.rows.push({ row: 'x' }, null);
    expect(restoreProject(doc)!.fixes!.rows.length).toBe(2);
    doc.fixes = 42;
    expect(restoreProject(doc)!.fixes).toBeUndefined();
    s.store.setState((st) => ({ doc: { ...st.doc, fixes: { recipeKey: 'another cleaning', rows: [{ row: 3, label: 'hi' }] } } }));
    expect(s.actions.currentFixes()).toEqual([]);
    expect(await s.actions.retrainWithFixes(s.store.getState().doc.runs![0]!.id)).toBeUndefined();
  });
});
