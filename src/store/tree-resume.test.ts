import { describe, expect, it } from 'vitest';
import { loadTable, makeStudio, memoryPersistence } from './test-studio';
import { createInProcessClient, memoryTableStore } from '../worker/in-process-client';
import { createRng } from '../core/util/rng';
import { dyingTrainClient, freezingTrainClient, memoryCheckpoints } from './test-faults';
import { LIVE_SAVE_MS } from './persist';
import type { RunRecord } from './modeling';
import type { ProjectDoc } from './project';
import type { ModelParams } from '../core/models/types';

function csv(): string {
  const rng = createRng(21);
  const lines = ['a,b,c,label'];
  for (let i = 0; i < 300; i++) {
    const [a, b, c] = [rng.next() * 4 - 2, rng.next() * 4 - 2, rng.next()];
    const s = a + b * c + 0.4 * (rng.next() - 0.5);
    lines.push(`${a.toFixed(3)},${b.toFixed(3)},${c.toFixed(3)},${s < -0.5 ? 'low' : s < 0.6 ? 'mid' : 'high'}`);
  }
  return lines.join('\n');
}

const FAMILIES: [string, ModelParams][] = [
  ['gradient-boosting', { nEstimators: 24, learningRate: 0.1, maxDepth: 3, minSamplesLeaf: 1, subsample: 0.8 }],
  ['hist-gradient-boosting', { nEstimators: 24, learningRate: 0.1, maxLeafNodes: 8, minSamplesLeaf: 5, l2Regularization: 0, maxBins: 255 }],
  // One tree a round; half the columns per split, so the bootstrap and the splits both draw from the generator.
  ['random-forest', { nEstimators: 24, maxDepth: 8, minSamples: 2, maxFeatures: 0.5 }],
];

async function start(s: ReturnType<typeof makeStudio>, family: string, params: ModelParams) {
  await loadTable(s, csv());
  s.actions.chooseModel(family);
  s.actions.setModelParams(params);
  s.actions.setTraining({ backend: 'cpu', hp: { seed: 5 } });
  return s.actions.startTraining();
}

/** The run's rounds without their timings (the only thing a resumed run may differ in). */
const rounds = (r: RunRecord) => r.epochs.map(({ seconds: _s, ...e }) => e);

describe('resuming an interrupted boosting or random-forest run from its saved trees', () => {
  for (const [family, params] of FAMILIES) {
    it(`${family}: the worker killed after round 9, Resume after round 8 gives the uninterrupted run's model, tree by tree`, async () => {
      const whole = makeStudio();
      await start(whole, family, params);
      const reference = whole.store.getState().doc.runs![0]!;

      const s = makeStudio({ train: dyingTrainClient(9) });
      const id = (await start(s, family, params))!;
      const cut = s.store.getState().doc.runs![0]!;
      expect(cut).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 8 } });
      expect(cut.problem).toBe('Training was interrupted: the background worker stopped (the browser may have run out of memory). Its 9 finished rounds are kept in the curves. Resume goes on after round 8 with its saved trees, or train again.');

      expect(await s.actions.resumeInterrupted(id)).toBe(id);
      const runs = s.store.getState().doc.runs!;
      expect(runs).toHaveLength(1);
      const run = runs[0]!;
      expect(run.status).toBe('done');
      expect(run.checkpoint).toBeUndefined();
      expect(rounds(run)).toEqual(rounds(reference)); // round 9 trained twice: the same losses both times
      expect(run.model).toEqual(reference.model); // every tree, split and leaf value
      expect(Array.from(run.test!.predictions)).toEqual(Array.from(reference.test!.predictions));
    });
  }

  for (const [family, params] of [FAMILIES[0]!, FAMILIES[2]!]) it(`${family}: a reload mid-run: the autosaved project has the training run, which comes back interrupted and resumes to the same model`, async () => {
    const whole = makeStudio();
    await start(whole, family, params);
    const reference = whole.store.getState().doc.runs![0]!;

    const persistence = memoryPersistence();
    const checkpoints = memoryCheckpoints();
    const tables = memoryTableStore();
    const a = makeStudio({ train: freezingTrainClient(6), persistence, checkpoints, data: createInProcessClient(tables) });
    void start(a, family, params); // never ends: the tab goes away mid-run
    const savedRun = async () => ((await persistence.load()) as { runs?: RunRecord[] } | undefined)?.runs?.[0];
    const deadline = Date.now() + LIVE_SAVE_MS + 5000;
    while (Date.now() < deadline && (await savedRun())?.checkpoint?.epoch !== 5) await new Promise((r) => setTimeout(r, 50));
    expect(await savedRun()).toMatchObject({ status: 'running', checkpoint: { epoch: 5 } }); // saved while training
    expect(a.store.getState().live).toBeDefined();
    // The project is saved every few seconds, its checkpoint every second: the saved run may end
    // before its checkpoint. Resume takes the rounds in between from the checkpoint's own curve.
    const doc = (await persistence.load()) as ProjectDoc & { runs: RunRecord[] };
    await persistence.save({ ...doc, runs: [{ ...doc.runs[0]!, epochs: doc.runs[0]!.epochs.slice(0, 2), checkpoint: { epoch: 2 } }] });

    const b = makeStudio({ persistence, checkpoints, data: createInProcessClient(tables) }); // the reloaded page
    await b.actions.restore();
    const back = b.store.getState().doc.runs![0]!;
    // The saved run ended at round 2; the stored checkpoint (round 5) and its curve catch it up.
    expect(back).toMatchObject({ status: 'interrupted', checkpoint: { epoch: 5 } });
    expect(back.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(back.problem).toBe('Training was interrupted: the page was closed or reloaded while it trained. Its 5 finished rounds are kept in the curves. Resume goes on after round 5 with its saved trees, or train again.');
    await b.actions.resumeInterrupted(back.id);
    const run = b.store.getState().doc.runs![0]!;
    expect(run.status).toBe('done');
    expect(rounds(run)).toEqual(rounds(reference)); // none lost between the save and the checkpoint
    expect(run.model).toEqual(reference.model);
  }, 20_000);
});
