/**
 * Workflows of the modeling steps: feature settings and encoding, model choice, training runs
 * with live logs, predictions for one raw row.
 */
import type { FeatureSpec } from '../../core/features';
import { familyLearningRate, getModelInfo, MODEL_CATALOG, type ModelParams } from '../../core/models/catalog';
import type { BatchLog, EpochLog, Hyperparams } from '../../core/train/types';

const UI_FLUSH_MS = 400;
import type { BackendChoice } from '../../core/jobs';
import type { Deps, StudioStore } from '../store';
import type { ProjectDoc } from '../project';
import { chosenTask } from '../selectors';
import { encodeKey } from '../../core/jobs';
import { REFERENCE_MLP, referenceData } from '../../worker/speed-probe';
import { DEFAULT_TRAINING, RUNS_WITH_ARTIFACTS, type RunRecord } from '../modeling';

export function createModelActions(store: StudioStore, deps: Deps) {
  const get = store.getState;
  const set = store.setState;
  const patchDoc = (patch: Partial<ProjectDoc>) => set((s) => ({ doc: { ...s.doc, ...patch } }));
  const cleanRef = () => {
    const { dataset, clean } = get().doc;
    return dataset && clean ? { datasetId: dataset.datasetId, stage: 'clean' as const, recipeKey: clean.recipeKey } : undefined;
  };
  /** Patches run `id`; nothing when the project no longer has it (a stopped run's late events after "New project"). */
  const patchRun = (id: string, patch: Partial<RunRecord> | ((r: RunRecord) => Partial<RunRecord>)) => {
    const runs = get().doc.runs ?? [];
    if (runs.some((r) => r.id === id)) patchDoc({ runs: runs.map((r) => (r.id === id ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)) });
  };

  /** Default feature settings for the current target, unless the user already has settings for it. */
  async function ensureFeatures() {
    const { doc } = get();
    const table = cleanRef();
    const task = chosenTask(get());
    if (!table || !doc.target || !task || !doc.clean) return;
    const spec = doc.features?.spec;
    if (spec && spec.target === doc.target.column && spec.task === task) {
      if (doc.features?.artifact?.key !== encodeKey(doc.clean.recipeKey, spec)) await encode(spec);
      return;
    }
    const res = await deps.data.run({ type: 'feature-defaults', table, schema: doc.clean.schema, target: doc.target.column, task });
    if (res.ok) await encode(res.value);
  }

  async function encode(spec: FeatureSpec) {
    const table = cleanRef();
    const clean = get().doc.clean;
    if (!table || !clean) return;
    patchDoc({ features: { spec, ...(get().doc.features?.artifact ? { artifact: get().doc.features!.artifact } : {}) } });
    set({ encoding: true });
    const res = await deps.data.run({ type: 'encode', table, schema: clean.schema, spec });
    set({ encoding: false });
    if (get().doc.features?.spec !== spec) return; // a newer edit is on its way
    if (!res.ok) return set({ problem: res.error });
    patchDoc({ features: { spec, artifact: res.value } });
  }

  function chooseModel(family: string) {
    const fam = getModelInfo(family);
    if (!fam) return;
    // The family's suggested learning rate replaces the previous family's suggestion (or the
    // default), never a rate the user typed.
    const before = getModelInfo(get().doc.model?.family ?? '');
    const training = get().doc.training ?? DEFAULT_TRAINING;
    const untouched = training.hp.learningRate === familyLearningRate(before);
    patchDoc({
      model: { family, params: { ...fam.defaultParams } },
      ...(untouched ? { training: { ...training, hp: { ...training.hp, learningRate: familyLearningRate(fam) } } } : {}),
    });
  }

  function setModelParams(params: ModelParams) {
    const m = get().doc.model;
    if (m) patchDoc({ model: { ...m, params } });
  }

  function setTraining(patch: { backend?: BackendChoice; hp?: Partial<Hyperparams> }) {
    const t = get().doc.training ?? DEFAULT_TRAINING;
    patchDoc({ training: { backend: patch.backend ?? t.backend, hp: { ...t.hp, ...patch.hp } } });
  }

  async function probeDevice() {
    if (get().device) return;
    const res = await deps.train.probe();
    if (res.ok) set({ device: { report: res.value.device, auto: res.value.auto } });
  }

  async function startTraining() {
    // The speed test's jobs share the training worker and start their own backend: let them end
    // first, or the run could find its backend switched under it.
    await measuring;
    const { doc, live } = get();
    const table = cleanRef();
    const artifact = doc.features?.artifact;
    if (live || !table || !artifact || !doc.features || !doc.model) return;
    const training = doc.training ?? DEFAULT_TRAINING;
    const wants = artifact.fitted.text?.representation === 'tokens' ? 'tokens' : 'vector';
    const fam = getModelInfo(doc.model.family);
    if (!fam || (fam.input ?? 'vector') !== wants) {
      return set({
        problem: {
          message: wants === 'tokens' ? 'This model cannot read a token sequence' : 'This model needs a token sequence',
          hint: wants === 'tokens' ? 'Choose a text model in the Model step, or use a bag of words in the Encode step.' : 'Choose another model in the Model step, or read the text as a token sequence in the Encode step.',
        },
      });
    }
    const prepared = await deps.data.run({ type: 'training-data', table, spec: doc.features.spec, fitted: artifact.fitted });
    if (!prepared.ok) return set({ problem: prepared.error });
    const { data, testRows } = prepared.value;
    const fitted = artifact.fitted;
    if (fitted.target.kind === 'classification') data.labels = fitted.target.classes;
    const testY = data.test.y.slice(); // the original is transferred to the worker
    const runs = doc.runs ?? [];
    const run: RunRecord = {
      id: deps.newId(),
      number: (runs.at(-1)?.number ?? 0) + 1,
      startedAt: Date.now(),
      inputsKey: artifact.key,
      family: doc.model.family,
      params: doc.model.params,
      hp: training.hp,
      epochs: [],
      status: 'running',
    };
    patchDoc({ runs: [...runs, run], step: 'train' });
    // Logs are buffered and flushed to the store at most every UI_FLUSH_MS: re-rendering charts
    // for every log would block the main thread while the worker keeps both cores busy.
    const pending: { epochs: EpochLog[]; batches: BatchLog[] } = { epochs: [], batches: [] };
    const flush = () => {
      const { epochs, batches } = pending;
      if (epochs.length) patchRun(run.id, (r) => ({ epochs: [...r.epochs, ...epochs] }));
      if (batches.length) set((s) => (s.live ? { live: { ...s.live, batches: [...s.live.batches, ...batches].slice(-600) } } : {}));
      pending.epochs = [];
      pending.batches = [];
    };
    const timer = setInterval(flush, UI_FLUSH_MS);
    const handle = deps.train.train(
      { type: 'train', backend: training.backend, family: run.family, params: run.params, hp: run.hp, data },
      {
        backend: (info) => patchRun(run.id, { backend: info }),
        epoch: (log) => pending.epochs.push(log),
        batch: (log) => pending.batches.push(log),
      },
    );
    set({ live: { runId: run.id, handle, batches: [], startedAt: performance.now(), pausedMs: 0 } });
    const res = await handle.result;
    clearInterval(timer);
    flush();
    if (!res.ok) {
      set({ live: undefined });
      return patchRun(run.id, { status: 'failed', problem: [res.error.message, res.error.hint].filter(Boolean).join(' ') });
    }
    if (!get().doc.runs?.some((r) => r.id === run.id)) return set({ live: undefined }); // the project was replaced
    const { model, testPredictions, metrics, backend, ...outcome } = res.value;
    const finished: Partial<RunRecord> = { status: outcome.stoppedBy === 'nan' ? 'failed' : 'done', outcome, metrics, model, backend, test: { rows: testRows, y: testY, predictions: testPredictions }, ...(outcome.message ? { problem: outcome.message } : {}) };
    // One store update for the whole ending (one render, one save). Old runs keep their settings,
    // curves and metrics; their weights and predictions are dropped.
    const all = (get().doc.runs ?? []).map((r) => (r.id === run.id ? { ...r, ...finished } : r));
    const keep = new Set(all.filter((r) => r.model).slice(-RUNS_WITH_ARTIFACTS).map((r) => r.id));
    set((s) => ({ live: undefined, doc: { ...s.doc, runs: all.map((r) => (keep.has(r.id) ? r : (({ model: _m, test: _t, ...rest }) => rest)(r))) } }));
  }

  /**
   * A few seconds of speed test (the reference MLP, then each tree family) so model cards can
   * estimate training time before any run.
   */
  let measuring: Promise<void> | undefined;
  /** One speed test at a time: the Model step asks on every visit. */
  function measureSpeed(): Promise<void> {
    if (get().speed || get().live) return Promise.resolve();
    measuring ??= runSpeedTest().finally(() => (measuring = undefined));
    return measuring;
  }

  async function runSpeedTest() {
    const rows = 1024;
    const seconds: number[] = [];
    const backend = (get().doc.training ?? DEFAULT_TRAINING).backend;
    const handle = deps.train.train(
      { type: 'train', backend, ...REFERENCE_MLP, hp: { ...DEFAULT_TRAINING.hp, epochs: 3, batchSize: 32, earlyStopping: { enabled: false, patience: 1, restoreBest: false } }, data: referenceData(rows) },
      { epoch: (log) => seconds.push(log.seconds) },
    );
    const res = await handle.result;
    const timed = seconds.slice(1).reduce((a, b) => a + b, 0);
    if (!res.ok || timed <= 0) return;
    // Neural cards can estimate now; tree cards follow as each family is timed.
    set({ speed: { backend: res.value.backend.name, samplesPerSecond: (rows * (seconds.length - 1)) / timed, trees: {} } });
    // Trees: each tree family with its default settings on the same kind of data, timed in the
    // worker; a card scales its family's time by the work of the user's rows and settings.
    for (const fam of MODEL_CATALOG) {
      if (fam.kind !== 'tree') continue;
      const data = referenceData(1500);
      const work = fam.work(fam.defaultParams, data.train.n, data.features, data.classes);
      const out = await deps.train.train({ type: 'train', backend, family: fam.id, params: fam.defaultParams, hp: DEFAULT_TRAINING.hp, data }, {}).result;
      if (out.ok && out.value.seconds > 0) set((st) => (st.speed ? { speed: { ...st.speed, trees: { ...st.speed.trees, [fam.id]: { seconds: out.value.seconds, work } } } } : {}));
    }
  }

  function pauseTraining() {
    const live = get().live;
    if (!live) return;
    live.handle.pause();
    patchRun(live.runId, { status: 'paused' });
  }

  function resumeTraining() {
    const live = get().live;
    if (!live) return;
    live.handle.resume();
    patchRun(live.runId, { status: 'running' });
  }

  function stopTraining() {
    get().live?.handle.stop();
  }

  return { measureSpeed, ensureFeatures, encode, chooseModel, setModelParams, setTraining, probeDevice, startTraining, pauseTraining, resumeTraining, stopTraining };
}

export type ModelActions = ReturnType<typeof createModelActions>;
