/**
 * Workflows of the sequence-to-sequence view: pairs (a sample, a table file, or two aligned .txt
 * files) → columns, tokenizers, model → training (live losses, validation points, checkpoints,
 * resume) → test results → playground → bundle export/import. Saved settings and results are in
 * `doc.seq2seq` (seq2seq-doc.ts); the live handle and newest loss points are transient (`s2s`).
 */
import { defaultS2sSettings, modelSettingsFromPreset, type BackendInfo, type S2sStoredPart, type S2sDataInfo, type S2sGenerateResult, type S2sGenerateSettings, type S2sProbeResult, type S2sSettings, type S2sSideTokenizer } from '../../core/jobs';
import type { Problem } from '../../core/util/result';
import type { S2sTrainHandle } from '../../worker/seq2seq-client';
import type { Deps, StudioStore } from '../store';
import { thin, type S2sDoc, type S2sRunDoc } from '../seq2seq-doc';
import { s2sReproduction } from '../../core/jobs/seq2seq-reproduce';
import { s2sRunStamp } from '../seq2seq-stamp';
import type { SampleInfo } from './data';
import { watchedGeneration } from './generate-fallback';

export interface S2sTransient {
  live?: { handle: S2sTrainHandle; points: [number, number][]; tokensPerSec: number; paused: boolean };
  backend?: BackendInfo;
  job?: { label: string; done: number; total: number };
  problem?: Problem;
  preview?: S2sDataInfo['preview'];
  streaming?: string;
  output?: S2sGenerateResult;
  generating?: boolean;
  /** Said beside the output: its GPU was lost and it was generated on WebAssembly (generate-fallback.ts). */
  genNotice?: string;
  /** A model is in the worker (trained or imported this session). */
  ready?: boolean;
  /** The latest speed probe, for the settings its key names (s2sProbeKey). */
  probe?: S2sProbeResult & { key: string };
  probing?: boolean;
  /** The trained model's side tokenizers, for the workbench view. */
  sides?: S2sSideTokenizer[];
  /** The stored pairs / model were looked for after the page loaded (s2sRestore). */
  restored?: boolean;
  /** Parts the worker could not store for a reload (storage full…), until a later write of the part works. */
  unsaved?: Partial<Record<S2sStoredPart, Problem>>;
}

/** What a speed probe depends on: the model, tokenizers, batch and lengths, and the backend. */
export const s2sProbeKey = (s: S2sSettings) => JSON.stringify([s.model, s.tokenizers, s.train.batchSize, s.maxSourceLen, s.maxTargetLen, s.backend, s.sourceColumn, s.targetColumn]);

type Sample = SampleInfo & { input?: string };

const GPU_BACKENDS = new Set(['webgl', 'webgpu']);

export function createSeq2seqActions(store: StudioStore, deps: Deps) {
  const get = () => store.getState();
  const docOf = (): S2sDoc => get().doc.seq2seq ?? { open: false, settings: defaultS2sSettings() };
  const patchDoc = (patch: Partial<S2sDoc>) => store.setState((s) => ({ doc: { ...s.doc, seq2seq: { ...docOf(), ...patch } } }));
  const patchRun = (patch: Partial<S2sRunDoc>) => patchDoc({ run: { ...(docOf().run ?? { status: 'training', losses: [], evals: [] }), ...patch } });
  const patchT = (patch: Partial<S2sTransient>) => store.setState((s) => ({ s2s: { ...s.s2s, ...patch } }));
  const client = () => deps.s2s;
  const fail = (problem: Problem) => patchT({ problem, job: undefined });

  // What the worker could not store is shown by the view (seq2seq-view.tsx) until it is stored.
  deps.s2s?.onStorage(({ part, problem }) => {
    const unsaved = { ...get().s2s?.unsaved };
    if (problem) unsaved[part] = problem;
    else delete unsaved[part];
    patchT({ unsaved });
  });

  function s2sDismissUnsaved(part: S2sStoredPart) {
    const unsaved = { ...get().s2s?.unsaved };
    delete unsaved[part];
    patchT({ unsaved });
  }

  function openSeq2seq(open = true) {
    patchDoc({ open });
  }

  async function afterLoad(res: Awaited<ReturnType<NonNullable<Deps['s2s']>['load']>>, source?: string, target?: string, sample?: string) {
    if (!res.ok) return fail(res.error);
    const info = res.value;
    const cols = info.columns;
    const settings = docOf().settings;
    const src = source && cols.includes(source) ? source : cols.includes(settings.sourceColumn) ? settings.sourceColumn : cols[0]!;
    const tgt = target && cols.includes(target) ? target : cols.includes(settings.targetColumn) && settings.targetColumn !== src ? settings.targetColumn : cols.find((c) => c !== src)!;
    patchDoc({ open: true, data: { fileName: info.fileName, columns: cols, rowCount: info.rowCount, ...(sample ? { sample } : {}) }, settings: { ...settings, sourceColumn: src, targetColumn: tgt } });
    patchT({ preview: info.preview, job: undefined, problem: undefined });
  }

  async function s2sLoadFile(file: Blob, fileName: string) {
    const c = client();
    if (!c) return;
    patchT({ problem: undefined, job: { label: `Reading ${fileName}`, done: 0, total: file.size } });
    await afterLoad(await c.load({ file, fileName }, (label, done, total) => patchT({ job: { label, done, total } })));
  }

  async function s2sLoadLines(source: File, target: File) {
    const c = client();
    if (!c) return;
    patchT({ problem: undefined, job: { label: 'Reading the two files', done: 0, total: 1 } });
    await afterLoad(await c.loadLines({ source, target, fileName: `${source.name} + ${target.name}` }), 'source', 'target');
  }

  async function s2sUseSample(sample: Sample) {
    openSeq2seq(true);
    patchT({ problem: undefined, job: { label: `Fetching ${sample.name}`, done: 0, total: 1 } });
    let blob: Blob;
    try {
      blob = await deps.fetchBlob(`samples/${sample.file}`);
    } catch {
      return fail({ message: `The sample "${sample.name}" could not be loaded.`, hint: 'Reload the page and try again.' });
    }
    const c = client();
    if (!c) return;
    await afterLoad(await c.load({ file: blob, fileName: sample.file }), sample.input, sample.target, sample.id);
  }

  function s2sSetSettings(patch: Partial<S2sSettings>) {
    patchDoc({ settings: { ...docOf().settings, ...patch } });
  }

  function s2sChoosePreset(id: 'tiny' | 'small') {
    s2sSetSettings({ model: modelSettingsFromPreset(id) });
  }

  /** Trains (or resumes) the run with the view's settings; `fallback`: on WebAssembly after its GPU was lost, saying so. */
  async function s2sTrain(resume = false, fallback?: { notice: string }): Promise<void> {
    const c = client();
    if (!c || get().s2s?.live) return;
    // The view's "Run on" stays as the user chose it; only this run goes on on WebAssembly.
    const settings: S2sSettings = fallback ? { ...docOf().settings, backend: 'wasm' } : docOf().settings;
    patchT({ problem: undefined, output: undefined });
    const handle = c.train(
      { settings, resume },
      {
        backend: (info) => patchT({ backend: info }),
        steps: (points, tokensPerSec) => {
          const live = get().s2s?.live;
          if (live) patchT({ live: { ...live, points: [...live.points, ...points], tokensPerSec } });
        },
        eval: (point) => patchRun({ evals: [...(docOf().run?.evals ?? []), point], losses: thin(mergeLosses(docOf().run?.losses ?? [], get().s2s?.live?.points ?? [])) }),
        checkpoint: (step) => patchRun({ checkpointStep: step }),
        progress: (label, done, total) => patchT({ job: { label, done, total } }),
      },
    );
    const prior = resume ? docOf().run : undefined;
    // The curve continues from the checkpoint: points after it (an interrupted run's) are trained again.
    const upTo = prior?.checkpointStep ?? Infinity;
    patchRun({ status: 'training', losses: (prior?.losses ?? []).filter(([st]) => st <= upTo), evals: (prior?.evals ?? []).filter((e) => e.step <= upTo), result: undefined, message: fallback?.notice });
    if (!resume) patchRun({ checkpointStep: undefined, settings, startedAt: Date.now(), resumed: undefined, reproduction: undefined });
    else patchRun({ resumed: true, reproduction: undefined });
    patchT({ live: { handle, points: [], tokensPerSec: 0, paused: false } });
    const res = await handle.result;
    const points = get().s2s?.live?.points ?? [];
    patchT({ live: undefined, job: undefined });
    if (!res.ok && res.error.code === 'gpu-lost' && !fallback && GPU_BACKENDS.has(get().s2s?.backend?.name ?? '')) return goOnAfterGpuLoss(c, points);
    if (!res.ok) {
      // A worker that died (its life lock, worker/life-lock.ts) interrupts the run rather than failing it.
      patchRun({ status: res.error.code === 'worker-crashed' ? 'interrupted' : 'failed', message: res.error.message });
      return fail(res.error);
    }
    const losses = thin(mergeLosses(docOf().run?.losses ?? [], points));
    // The tokenizers (JSON + per-text lengths) are large: shown by the workbench, not saved in the project.
    const { sides, ...result } = res.value;
    patchRun({ status: res.value.stopped ? 'stopped' : 'done', losses, evals: res.value.evals.length ? mergeEvals(docOf().run?.evals ?? [], res.value.evals) : docOf().run?.evals ?? [], result });
    patchDoc({ imported: undefined });
    patchT({ ready: true, sides });
  }

  /**
   * After the worker lost its GPU (seq2seq-client.ts replaced it; worker/gpu-loss.ts): the fresh
   * worker reads the stored pairs and checkpoint back (as after a reload) on WebAssembly, and the
   * run goes on from that checkpoint, or from its start before the first one. Pairs that were not
   * stored cannot go on: the run stops, saying how to train again.
   */
  async function goOnAfterGpuLoss(c: NonNullable<Deps['s2s']>, points: [number, number][]): Promise<void> {
    const what = get().s2s?.backend?.name === 'webgpu' ? 'WebGPU device' : 'WebGL context';
    const run = docOf().run;
    const lostAfter = Math.max(points.at(-1)?.[0] ?? 0, run?.losses.at(-1)?.[0] ?? 0);
    const at = run?.checkpointStep;
    patchRun({ losses: thin(mergeLosses(run?.losses ?? [], points)) });
    patchT({ job: { label: `The ${what} was lost: reading the saved pairs back on WebAssembly`, done: 0, total: 1 } });
    const back = await c.restore({ backend: 'wasm' });
    patchT({ job: undefined });
    if (!back.ok || !back.value.data) {
      const message = `The ${what} was lost after step ${lostAfter}, and training cannot go on: the pairs are not stored in this browser.`;
      patchRun({ status: 'interrupted', message });
      return fail({ message, hint: 'Load the pairs again, choose WebAssembly (CPU) under "Run on" and train again.' });
    }
    // The stored checkpoint is this run's when it is the step the run last reported saving.
    const from = at !== undefined && back.value.checkpointStep === at ? at : undefined;
    const notice =
      from !== undefined
        ? `The ${what} was lost after step ${lostAfter}; training continued on WebAssembly from the last checkpoint (step ${from}).`
        : `The ${what} was lost after step ${lostAfter}, before any checkpoint was saved; training started again on WebAssembly.`;
    return s2sTrain(from !== undefined, { notice });
  }

  // The live points are merged at each validation and at the end: one point per step, in step order.
  const mergeLosses = (a: [number, number][], b: [number, number][]): [number, number][] => [...new Map([...a, ...b])].sort((x, y) => x[0] - y[0]);

  const mergeEvals = (a: S2sRunDoc['evals'], b: S2sRunDoc['evals']) => {
    const steps = new Set(b.map((e) => e.step));
    return [...a.filter((e) => !steps.has(e.step)), ...b].sort((x, y) => x.step - y.step);
  };

  function control(action: 'pause' | 'resume' | 'stop') {
    const live = get().s2s?.live;
    if (!live) return;
    live.handle[action]();
    if (action !== 'stop') patchT({ live: { ...live, paused: action === 'pause' } });
  }

  async function s2sGenerate(text: string, settings: S2sGenerateSettings) {
    const c = client();
    if (!c || get().s2s?.generating) return;
    patchT({ generating: true, streaming: '', problem: undefined, genNotice: undefined });
    // A GPU lost mid-generation: the fresh worker reads the stored model back on WebAssembly (as
    // after a reload) and generates again; the settings' backend stays the user's.
    const { result: res, notice } = await watchedGeneration(
      async (fallback) => {
        if (fallback) {
          const back = await c.restore({ backend: fallback });
          if (!back.ok) return back;
          if (!back.value.model) return { ok: false, error: { message: 'the model is not stored in this browser', hint: 'Train it again (or import its bundle) with WebAssembly (CPU) under "Backend".' } };
        }
        return c.generate({ text, settings }, (t) => patchT({ streaming: t }));
      },
      (lost) => patchT({ genNotice: lost, streaming: '' }),
    );
    patchT({ generating: false, streaming: undefined, genNotice: res.ok ? notice : undefined });
    if (!res.ok) return fail(res.error);
    patchT({ output: res.value });
  }

  let restoring = false;
  /** After a reload: the pairs, the model and the checkpoint the worker stored, back in the worker (once per page). */
  async function s2sRestore() {
    const c = client();
    const d = get().doc.seq2seq;
    if (!c || restoring || get().s2s?.restored || get().s2s?.preview || get().s2s?.ready || get().s2s?.live) return;
    if (!d?.data && !d?.imported) return patchT({ restored: true });
    restoring = true;
    patchT({ job: { label: 'Reading the saved pairs and model', done: 0, total: 1 } });
    const res = await c.restore({ backend: d.settings.backend });
    restoring = false;
    patchT({ job: undefined, restored: true });
    if (!res.ok) return fail(res.error);
    const r = res.value;
    if (r.data && r.data.fileName === docOf().data?.fileName && !get().s2s?.preview) patchT({ preview: r.data.preview });
    if (r.model) patchT({ ready: true });
    if (r.checkpointStep !== undefined && docOf().run) patchRun({ checkpointStep: r.checkpointStep });
  }

  /** Trains the current run again from scratch (same pairs, settings, seed, backend, steps) and records how the two compare. */
  async function s2sReproduce() {
    const original = docOf().run;
    const stamp = original ? s2sRunStamp(original) : undefined;
    if (!original || !stamp || get().s2s?.live) return;
    const steps = original.result!.steps;
    const backend = (['cpu', 'wasm', 'webgl', 'webgpu'] as const).find((b) => b === original.result!.backend) ?? docOf().settings.backend;
    const ofLabel = `the run of ${new Date(original.startedAt!).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const log = { losses: original.losses, evals: original.evals };
    // The same trajectory: the cosine follows maxIters, so it is the steps the original trained.
    patchDoc({ settings: { ...original.settings!, train: { ...original.settings!.train, maxIters: steps }, backend } });
    await s2sTrain(false);
    const again = docOf().run;
    if (!again?.result || (again.status !== 'done' && again.status !== 'stopped')) return;
    patchRun({ reproduction: s2sReproduction({ stamp, log, ofLabel }, { stamp: s2sRunStamp(again), log: again, backend: again.result.backend }) });
  }

  /** Measures training speed with the current settings on the chosen backend (a throw-away model in the worker). */
  async function s2sProbe() {
    const c = client();
    if (!c || get().s2s?.probing || get().s2s?.live) return;
    const settings = docOf().settings;
    patchT({ probing: true, problem: undefined });
    const res = await c.probe({ settings }, (label, done, total) => patchT({ job: { label, done, total } }));
    patchT({ probing: false, job: undefined });
    if (!res.ok) return fail(res.error);
    patchT({ probe: { ...res.value, key: s2sProbeKey(settings) } });
  }

  /** format 'hf-t5': the Hugging Face T5ForConditionalGeneration folder as a zip. */
  async function s2sExport(format: 'studio' | 'hf-t5' = 'studio'): Promise<Uint8Array | undefined> {
    const c = client();
    if (!c) return undefined;
    const d = docOf();
    const stamp = d.run && !d.imported ? s2sRunStamp(d.run) : undefined;
    const res = await c.exportBundle({ info: { data: d.data?.fileName ?? null, test: d.run?.result?.test ?? null, ...(stamp ? { stamp } : {}) }, format });
    if (!res.ok) {
      fail(res.error);
      return undefined;
    }
    return res.value;
  }

  async function s2sImport(file: File) {
    const c = client();
    if (!c) return;
    patchT({ problem: undefined });
    const res = await c.importBundle({ file });
    if (!res.ok) return fail({ ...res.error, hint: res.error.hint ?? 'Choose a .zip exported from this view.' });
    patchDoc({ open: true, imported: { fileName: file.name, params: res.value.params } });
    patchT({ ready: true, output: undefined });
  }

  return {
    openSeq2seq,
    s2sDismissProblem: () => patchT({ problem: undefined }),
    s2sDismissUnsaved,
    s2sLoadFile,
    s2sLoadLines,
    s2sUseSample,
    s2sSetSettings,
    s2sChoosePreset,
    s2sTrain: (resume = false) => s2sTrain(resume),
    s2sPause: () => control('pause'),
    s2sResume: () => control('resume'),
    s2sStop: () => control('stop'),
    s2sGenerate,
    s2sExport,
    s2sImport,
    s2sProbe,
    s2sRestore,
    s2sReproduce,
  };
}
