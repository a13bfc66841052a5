/** The fairness workflow on real in-process workers: audit, per-group thresholds, reweighing, saved and restored. */
import { describe, expect, it } from 'vitest';
import { makeStudio, NO_PERSISTENCE } from './test-studio';
import { createRng } from '../core/util/rng';
import { newProject, restoreProject } from './project';
import { readBundle } from '../core/bundle';
import fc from 'fast-check';
import { restoreFairness } from './fairness-doc';

/** 600 people; "hired" depends on skill and, unfairly, on group (group b needs more skill). "group" is not a feature, "proxy" leaks it. */
function csv(): string {
  const rng = createRng(11);
  const lines = ['skill,proxy,group,hired'];
  for (let i = 0; i < 600; i++) {
    const g = i % 3 === 0 ? 'b' : 'a';
    const skill = rng.next() * 10;
    const proxy = (g === 'b' ? 1 : 0) + rng.next() * 0.8;
    const hired = skill - (g === 'b' ? 2.5 : 0) + rng.next() * 2 > 5 ? 'yes' : 'no';
    lines.push(`${skill.toFixed(2)},${proxy.toFixed(2)},${g},${hired}`);
  }
  return lines.join('\n');
}

async function trained(family = 'decision-tree') {
  const s = makeStudio({ persistence: NO_PERSISTENCE });
  await s.actions.restore();
  await s.actions.loadFile(new Blob([csv()]), 'people.csv');
  await s.actions.setTarget('hired');
  await s.actions.ensureFeatures();
  const spec = s.store.getState().doc.features!.spec;
  await s.actions.encode({ ...spec, columns: spec.columns.map((c) => (c.name === 'group' ? { ...c, include: false } : c)) });
  s.actions.chooseModel(family);
  s.actions.setTraining({ backend: 'cpu', hp: { epochs: 40, learningRate: 0.05 } });
  await s.actions.startTraining();
  return s;
}

describe('fairness audit', () => {
  it('audits a run by a column that is not a feature; the numbers are the test rows’ own', async () => {
    const s = await trained();
    const run = s.store.getState().doc.runs![0]!;
    expect(run.status).toBe('done');
    s.actions.setFairness({ columns: ['group'], positive: 'yes' });
    const rec = (await s.actions.auditRun(run.id))!;
    expect(rec.positiveLabel).toBe('yes');
    const a = rec.audit;
    if (a.kind !== 'classification') throw new Error('classification expected');
    expect(a.groups.map((g) => g.group)).toEqual(['a', 'b']);
    expect(a.groups[0]!.count + a.groups[1]!.count).toBe(run.test!.rows.length);
    // Recomputed here from the run's own test predictions and the table's group column (row i of the CSV).
    const groupOf = csv().split('\n').slice(1).map((l) => l.split(',')[2]);
    const yes = (run.metrics as { classNames: string[] }).classNames.indexOf('yes');
    for (const g of a.groups) {
      const idx = Array.from(run.test!.rows.keys()).filter((i) => groupOf[run.test!.rows[i]!] === g.group);
      const selected = idx.filter((i) => run.test!.predictions[i * 2 + yes]! > run.test!.predictions[i * 2 + 1 - yes]!).length;
      expect(g.count).toBe(idx.length);
      expect(g.selectionRate).toBeCloseTo(selected / idx.length, 12);
    }
    // The model learned the unfairness through the proxy: group b is selected less often.
    expect(a.groups[1]!.selectionRate!).toBeLessThan(a.groups[0]!.selectionRate!);
    expect(a.gaps.demographicParityDifference.value!).toBeGreaterThan(0.1);
    // Saved in the project and restored from it.
    const back = restoreProject(structuredClone(s.store.getState().doc))!;
    expect(back.fairness!.audits[0]!.audit).toEqual(a);
    // And in the exported bundle's model card.
    const bundle = readBundle(s.actions.exportBundle(run.id)!.bytes);
    if (!bundle.ok) throw new Error(bundle.error.message);
    expect(bundle.value.modelCard).toContain('## Fairness audits');
    expect(bundle.value.modelCard).toContain(`| b | ${a.groups[1]!.count} |`);
  });

  it('a damaged fairness part is dropped on restore, a damaged audit within it too', () => {
    expect(restoreProject({ ...newProject(), fairness: 'x' })!.fairness).toBeUndefined();
    const f = restoreProject({ ...newProject(), fairness: { columns: ['sex'], audits: [{ id: 'a' }], swaps: 3 } })!.fairness!;
    expect(f.columns).toEqual(['sex']);
    expect(f.audits).toEqual([]);
    expect(f.swaps).toEqual([]);
    expect(f.pairs.length).toBeGreaterThan(5);
    // Any JSON at all: restored or dropped, never a throw, and what comes back has the right shape.
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (junk, audit) => {
        for (const v of [junk, { columns: junk, pairs: junk, audits: [audit, junk], swaps: [junk] }]) {
          const r = restoreFairness(v);
          if (r) expect(Array.isArray(r.columns) && Array.isArray(r.pairs) && Array.isArray(r.audits) && Array.isArray(r.swaps)).toBe(true);
          for (const x of r?.audits ?? []) expect(x.audit.overall.group).toEqual(expect.any(String));
          for (const x of r?.swaps ?? []) for (const e of x.examples) expect(e.swapped).toEqual(expect.any(String));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('per-group thresholds chosen on validation narrow the selection-rate gap on test', async () => {
    // Logistic regression: probabilities spread over (0, 1). A deep tree's are mostly 0 or 1, and no threshold falls between.
    const s = await trained('logistic-regression');
    const run = s.store.getState().doc.runs![0]!;
    s.actions.setFairness({ columns: ['group'], positive: 'yes' });
    const after = (await s.actions.applyThresholds(run.id, 'selection-rate'))!;
    const before = s.store.getState().doc.fairness!.audits.find((x) => x.id === after.before)!;
    expect(after.mitigation?.kind).toBe('thresholds');
    const gap = (r: typeof after) => (r.audit.kind === 'classification' ? r.audit.gaps.demographicParityDifference.value! : NaN);
    expect(gap(after)).toBeLessThan(gap(before));
  });

  it('reweighing trains a new run with the same settings and weighed rows, audited as the after', async () => {
    const s = await trained();
    const run = s.store.getState().doc.runs![0]!;
    s.actions.setFairness({ columns: ['group'], positive: 'yes' });
    const after = (await s.actions.trainReweighed(run.id))!;
    const runs = s.store.getState().doc.runs!;
    expect(runs).toHaveLength(2);
    expect(runs[1]!.reweighed).toEqual(['group']);
    expect(runs[1]!.family).toBe(run.family);
    expect(after.runId).toBe(runs[1]!.id);
    expect(after.mitigation).toEqual({ kind: 'reweigh', columns: ['group'] });
    // The weights changed the model: other test predictions.
    expect(Array.from(runs[1]!.test!.predictions)).not.toEqual(Array.from(run.test!.predictions));
  });
});

describe('counterfactual swaps', () => {
  it('re-predicts the test texts with the terms exchanged; a model that learned "she" flips', async () => {
    const s = makeStudio({ persistence: NO_PERSISTENCE });
    await s.actions.restore();
    const rng = createRng(4);
    const filler = ['wrote', 'the', 'report', 'called', 'today', 'about', 'meeting', 'plan', 'budget', 'team'];
    const lines = Array.from({ length: 240 }, (_, i) => {
      const who = i % 2 ? 'she' : 'he';
      const words = Array.from({ length: 6 }, () => filler[Math.floor(rng.next() * filler.length)]!);
      return `${who === 'she' ? 'pos' : 'neg'}\t${i % 4 < 2 ? who[0]!.toUpperCase() + who.slice(1) : who} ${words.join(' ')}`;
    });
    await s.actions.pasteTexts(lines.join('\n'));
    await s.actions.setTarget('label');
    await s.actions.ensureFeatures();
    s.actions.chooseModel('logistic-regression');
    s.actions.setTraining({ backend: 'cpu', hp: { epochs: 30, learningRate: 0.1 } });
    await s.actions.startTraining();
    const run = s.store.getState().doc.runs![0]!;
    expect(run.status).toBe('done');
    const report = (await s.actions.runSwaps(run.id, [['he', 'she']]))!;
    expect(report.texts).toBe(run.test!.rows.length);
    expect(report.changed).toBe(report.texts); // every text has "he" or "she"
    expect(report.flips).toBeGreaterThan(report.changed * 0.8);
    expect(report.examples.filter((e) => e.before !== e.after).length).toBe(Math.min(report.flips, 50));
    const e = report.examples[0]!;
    expect(e.swapped.split(' ')[0]).toBe({ he: 'she', she: 'he', He: 'She', She: 'He' }[e.original.split(' ')[0]!]);
    expect(e.swapped.split(' ').slice(1)).toEqual(e.original.split(' ').slice(1));
    expect(report.maxChange).toBeGreaterThanOrEqual(report.meanChange);
    expect(Math.abs(e.pAfter - e.pBefore)).toBeLessThanOrEqual(report.maxChange + 1e-12);
    // A list without the model's terms changes nothing.
    const none = (await s.actions.runSwaps(run.id, [['king', 'queen']]))!;
    expect([none.changed, none.flips]).toEqual([0, 0]);
    // Saved and restored with the project.
    expect(restoreProject(structuredClone(s.store.getState().doc))!.fairness!.swaps).toEqual([none]);
  });
});
