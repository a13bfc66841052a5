/**
 * Workflows of the language-model view: corpus → tokenizer → model → training (live logs,
 * evaluations, sample timeline, checkpoints, resume) → generation → export/import.
 * Saved settings and logs are in `doc.lm`; the live handles and the newest loss points are in
 * the transient `lm` state. A run that was training when the page closed (or the worker crashed)
 * is `interrupted` and resumes from its last checkpoint.
 */
import type { Problem } from '../../core/util/result';
import type { BackendChoice } from '../../core/jobs';
import type { LmGenerateHandle, LmTrainHandle } from '../../worker/lm-client';
import { fineTuneSettings, type CorpusFile, type LmTokenizerChoice, type LmTrainSettings, type TrainStart } from '../../core/jobs';
import { LM_PRESETS, defaultLmDoc, lmConfig, probeKey, restoreLm, thin, type LmDoc, type LmModelSettings, type LmPresetId, type LmRun } from '../lm-doc';
import type { Deps, StudioStore } from '../store';
import type { SampleInfo } from './data';

export interface LmTransient {
  job?: { label: string; done: number; total: number };
  /** The files of the current corpus, kept in memory to re-tokenize with other settings. */
  files?: CorpusFile[];
  live?: { runId: string; handle: LmTrainHandle; points: [number, number][]; tokensPerSec?: number; lr?: number };
  gen?: { text: string; running: boolean; handle?: LmGenerateHandle; tokensPerSec?: number };
  probing?: boolean;
  busy?: 'export' | 'import';
  problem?: Problem;
}

const UI_FLUSH_MS = 400;
const NOT_AVAILABLE: Problem = { message: 'Language models are not available here.', hint: 'This studio was started without its language-model worker.' };

/** `saveNow` writes the project at once (autosave's flush): a checkpoint step must not wait for the debounce. */
export function createLmActions(store: StudioStore, deps: Deps, saveNow: () => Promise<void> = async () => {}) {
  const get = store.getState;
  const set = store.setState;
  const lm = (): LmDoc => restoreLm(get().doc.lm) ?? defaultLmDoc();
  const patchLm = (patch: Partial<LmDoc> | ((l: LmDoc) => Partial<LmDoc>)) =>
    set((s) => {
      const cur = restoreLm(s.doc.lm) ?? defaultLmDoc();
      return { doc: { ...s.doc, lm: { ...cur, ...(typeof patch === 'function' ? patch(cur) : patch) } } };
    });
  /**
   * Patches the current run, or only the run `id` when given: nothing when there is no such run
   * (a stopped run's late events after "New project" or after a new run started).
   */
  const patchRun = (patch: Partial<LmRun> | ((r: LmRun) => Partial<LmRun>), id?: string) => {
    const run = get().doc.lm?.run;
    if (run && (id === undefined || run.id === id)) patchLm((l) => ({ run: { ...l.run!, ...(typeof patch === 'function' ? patch(l.run!) : patch) } }));
  };
  const patchT = (patch: Partial<LmTransient>) => set((s) => ({ lm: { ...s.lm, ...patch } }));
  const fail = (problem: Problem) => patchT({ problem, job: undefined });
  const client = () => {
    if (!deps.lm) fail(NOT_AVAILABLE);
    return deps.lm;
  };
  let crashResumes = 0;

  function openLm(open = true) {
    patchLm({ open });
  }

  async function prepare(files: CorpusFile[], source: LmDoc['source']) {
    const c = client();
    if (!c || get().lm?.live) return;
    const l = lm();
    const corpusId = deps.newId();
    patchT({ files, problem: undefined, job: { label: 'Reading the text', done: 0, total: 1 } });
    const tokenizer = l.useImported && l.imported ? { type: 'run' as const, runId: l.imported.runId } : { type: 'train' as const, choice: l.tokenizer };
    const res = await c.prepare({ corpusId, files, tokenizer, valFraction: l.valFraction }, (label, done, total) => patchT({ job: { label, done, total } }));
    if (!res.ok) return fail(res.error);
    patchT({ job: undefined });
    patchLm({ corpus: res.value, ...(source ? { source } : {}) });
  }

  async function lmLoadFiles(files: readonly File[]) {
    const texts = files.filter((f) => f.name.toLowerCase().endsWith('.txt') || f.type.startsWith('text/'));
    if (texts.length === 0) return fail({ message: 'Choose one or more .txt files.', hint: 'A language model learns from plain text: a book, your notes, song lyrics…' });
    await prepare(texts.map((f) => ({ name: f.name, blob: f })), { kind: 'files' });
  }

  async function lmUseSample(sample: Pick<SampleInfo, 'file' | 'name'>) {
    openLm(true);
    patchT({ problem: undefined, job: { label: `Fetching ${sample.name}`, done: 0, total: 1 } });
    let blob: Blob;
    try {
      blob = await deps.fetchBlob(`samples/${sample.file}`);
    } catch {
      return fail({ message: `The sample "${sample.name}" could not be loaded.`, hint: 'Reload the page and try again.' });
    }
    await prepare([{ name: sample.file, blob }], { kind: 'sample', file: sample.file, name: sample.name });
  }

  /** Re-reads the current text with new tokenizer or split settings (the files in memory, or the sample again). */
  async function retokenize() {
    const files = get().lm?.files;
    const source = lm().source;
    if (files) return prepare(files, source);
    if (source?.kind === 'sample') return lmUseSample(source);
  }

  async function lmSetTokenizer(choice: LmTokenizerChoice) {
    patchLm({ tokenizer: choice });
    await retokenize();
  }

  async function lmSetValFraction(valFraction: number) {
    patchLm({ valFraction: Math.min(0.5, Math.max(0.01, valFraction)) });
    await retokenize();
  }

  function lmChoosePreset(id: LmPresetId) {
    const p = LM_PRESETS.find((x) => x.id === id)?.preset;
    patchLm(p ? { preset: id, model: { ...p.model }, settings: { ...p.train } } : { preset: id });
  }

  const lmSetModel = (patch: Partial<LmModelSettings>) => patchLm((l) => ({ preset: 'custom', model: { ...l.model, ...patch } }));
  const lmSetSettings = (patch: Partial<LmTrainSettings>) => patchLm((l) => ({ settings: { ...l.settings, ...patch } }));
  const lmSetBackend = (backend: BackendChoice) => patchLm({ backend });
  const lmSetGenerate = (patch: Partial<LmDoc['generate']>) => patchLm((l) => ({ generate: { ...l.generate, ...patch } }));

  async function lmProbe() {
    const c = client();
    const l = lm();
    const config = lmConfig(l);
    if (!c || !config || get().lm?.live || get().lm?.probing) return;
    patchT({ probing: true, problem: undefined });
    const res = await c.probe({ backend: l.backend, config, settings: l.settings }, (label, done, total) => patchT({ job: { label, done, total } }));
    patchT({ probing: false, job: undefined });
    if (!res.ok) return fail(res.error);
    patchLm({ probe: { key: probeKey(config, l.settings, l.backend), backend: res.value.backend.name, workers: res.value.backend.workers, msPerStep: res.value.msPerStep, tokensPerSec: res.value.tokensPerSec } });
  }

  /** Moves the live loss points into the saved run (at evaluations and at the end: not every step). */
  function flushPoints() {
    const live = get().lm?.live;
    if (!live || live.points.length === 0) return;
    const points = live.points;
    patchT({ live: { ...live, points: [] } });
    patchRun((r) => ({ losses: thin([...r.losses, ...points]) }));
  }

  async function runTraining(start: TrainStart, note?: string) {
    const c = client();
    const l = lm();
    const run = l.run;
    if (!c || !run || get().lm?.live) return;
    // Events of this run only touch this run (a new project or a new run may have replaced it).
    const patchMine = (patch: Parameters<typeof patchRun>[0]) => patchRun(patch, run.id);
    patchT({ problem: undefined });
    patchMine({ status: 'running', problem: note });
    const pending: [number, number][] = [];
    let speed: { tokensPerSec: number; lr: number } | undefined;
    const flushUi = () => {
      const live = get().lm?.live;
      if (!live || (pending.length === 0 && !speed)) return;
      patchT({ live: { ...live, points: [...live.points, ...pending.splice(0)], ...speed } });
    };
    const timer = setInterval(flushUi, UI_FLUSH_MS);
    const handle = c.train(
      { runId: run.id, corpusId: run.corpusId, backend: l.backend, config: run.config, settings: run.settings, start },
      {
        backend: (info) => patchMine({ backend: info.name, workers: info.workers }),
        steps: (points, tokensPerSec, lr) => {
          pending.push(...points);
          speed = { tokensPerSec, lr };
        },
        eval: (point, sample) => {
          flushUi();
          flushPoints();
          patchMine((r) => ({ step: point.step, tokensPerSec: point.tokensPerSec, evals: [...r.evals, point], samples: [...r.samples, { step: point.step, text: sample }] }));
        },
        checkpoint: (step) => {
          // Saved at once: a reload right after must offer to resume from this step, not an older one.
          patchMine({ checkpointStep: step });
          void saveNow();
        },
      },
    );
    patchT({ live: { runId: run.id, handle, points: [] } });
    const res = await handle.result;
    clearInterval(timer);
    if (get().lm?.live?.runId !== run.id) return; // replaced (New project) while it ended
    flushUi();
    flushPoints();
    patchT({ live: undefined });
    if (!res.ok) {
      if (res.error.code === 'worker-crashed' && lm().run?.checkpointStep !== undefined && crashResumes < 2) {
        crashResumes++;
        const at = lm().run!.checkpointStep!;
        patchMine((r) => ({ losses: r.losses.filter(([s]) => s <= at), evals: r.evals.filter((e) => e.step <= at), samples: r.samples.filter((e) => e.step <= at) }));
        return runTraining({ kind: 'resume' }, `The worker stopped unexpectedly; training resumed from the last checkpoint (step ${at}).`);
      }
      patchMine({ status: res.error.code === 'worker-crashed' ? 'interrupted' : 'failed', problem: [res.error.message, res.error.hint].filter(Boolean).join(' ') });
      return;
    }
    const o = res.value;
    patchMine({ step: o.step, status: o.stoppedBy === 'nan' ? 'failed' : o.stoppedBy === 'user' ? 'stopped' : 'done', ...(o.message ? { problem: o.message } : {}) });
  }

  async function lmStartTraining() {
    const c = client();
    const l = lm();
    const config = lmConfig(l);
    if (!c || !config || !l.corpus || get().lm?.live) return;
    const id = deps.newId();
    const continues = l.useImported && l.imported ? l.imported : undefined;
    const run: LmRun = { id, corpusId: l.corpus.corpusId, config, settings: l.settings, startedAt: Date.now(), status: 'running', step: 0, losses: [], evals: [], samples: [], ...(continues ? { continues: continues.fileName } : {}) };
    patchLm({ run });
    crashResumes = 0;
    // Only this run's checkpoints (and the imported model's) are kept.
    await c.forget([id, ...(l.imported ? [l.imported.runId] : [])]);
    await runTraining(continues ? { kind: 'weights', fromRunId: continues.runId } : { kind: 'fresh' });
  }

  async function lmResumeTraining() {
    const run = lm().run;
    if (!run || run.checkpointStep === undefined || get().lm?.live) return;
    crashResumes = 0;
    // The chart continues from the checkpoint: later points were not saved with the model.
    patchRun((r) => ({ losses: r.losses.filter(([s]) => s <= run.checkpointStep!), evals: r.evals.filter((e) => e.step <= run.checkpointStep!), samples: r.samples.filter((e) => e.step <= run.checkpointStep!) }));
    await runTraining({ kind: 'resume' });
  }

  /** More steps for a finished or stopped run (raises its step budget). */
  async function lmTrainMore(extra: number) {
    const run = lm().run;
    if (!run || get().lm?.live) return;
    patchRun({ settings: { ...run.settings, maxIters: run.step + extra, lrDecayIters: Math.max(run.settings.lrDecayIters, run.step + extra) } });
    await lmResumeTraining();
  }

  function lmPause() {
    const live = get().lm?.live;
    if (!live) return;
    live.handle.pause();
    patchRun({ status: 'paused' });
  }

  function lmResumeLive() {
    const live = get().lm?.live;
    if (!live) return;
    live.handle.resume();
    patchRun({ status: 'running' });
  }

  const lmStop = () => get().lm?.live?.handle.stop();

  /** The model the playground and export use: the current run's, else the imported one. */
  const modelRunId = () => {
    const l = lm();
    return l.run?.checkpointStep !== undefined ? l.run.id : l.imported?.runId;
  };

  async function lmGenerate() {
    const c = client();
    const runId = modelRunId();
    if (!c || !runId || get().lm?.gen?.running) return;
    const l = lm();
    const { prompt, ...settings } = l.generate;
    let text = '';
    const handle = c.generate({ runId, backend: l.backend, prompt, settings }, (piece) => {
      text += piece;
      patchT({ gen: { ...get().lm?.gen, text, running: true } });
    });
    patchT({ gen: { text: '', running: true, handle }, problem: undefined });
    const res = await handle.result;
    patchT({ gen: { text, running: false, ...(res.ok ? { tokensPerSec: res.value.tokensPerSec } : {}) } });
    if (!res.ok) fail(res.error);
  }

  const lmStopGenerate = () => get().lm?.gen?.handle?.stop();

  /** The studio bundle or the Hugging Face zip as bytes with a file name (the view downloads it). */
  async function lmExport(format: 'studio' | 'hf'): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
    const c = client();
    const runId = modelRunId();
    if (!c || !runId) return undefined;
    const l = lm();
    const run = l.run?.id === runId ? l.run : undefined;
    const config = run?.config ?? l.imported?.config;
    const name = (l.source?.kind === 'sample' ? l.source.name : l.corpus?.names[0]?.replace(/\.txt$/i, '')) ?? 'model';
    const readme = modelCard(name, l, run);
    patchT({ busy: 'export', problem: undefined });
    const res = await c.exportZip({
      runId,
      format,
      manifest: { name, createdBy: 'ML Studio', corpus: l.corpus ? { names: l.corpus.names, tokens: l.corpus.tokens, valFraction: l.valFraction } : null, tokenizer: l.corpus?.tokenizerKind, settings: run?.settings ?? null },
      log: run ? { settings: run.settings, config: run.config, losses: run.losses, evals: run.evals, samples: run.samples } : null,
      readme,
    });
    patchT({ busy: undefined });
    if (!res.ok) return void fail(res.error);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
    return { bytes: res.value, fileName: `${slug}-gpt${config ? `-${config.nLayer}l${config.nEmbd}d` : ''}${format === 'hf' ? '-hf' : ''}.zip` };
  }

  async function lmImport(file: File) {
    const c = client();
    if (!c || get().lm?.live) return;
    const runId = deps.newId();
    patchT({ busy: 'import', problem: undefined });
    const res = await c.importZip({ runId, file, fileName: file.name });
    patchT({ busy: undefined });
    if (!res.ok) return fail(res.error);
    const v = res.value;
    const l = lm();
    await c.forget([runId, ...(l.run ? [l.run.id] : [])]);
    patchLm({
      imported: { runId, fileName: file.name, config: v.config, step: v.step, format: v.format, tokenizerKind: v.tokenizerKind, vocabSize: v.vocabSize },
      useImported: true,
      preset: 'fine-tune',
      model: { ...l.model, blockSize: v.config.blockSize, nLayer: v.config.nLayer, nHead: v.config.nHead, nEmbd: v.config.nEmbd, bias: v.config.bias, dropout: 0 },
      settings: fineTuneSettings(l.settings),
      // The old corpus was tokenized with another tokenizer: load the new text.
      corpus: undefined,
      source: undefined,
    });
    patchT({ files: undefined });
  }

  /** Back to a new model of one's own (the imported one stays available). */
  function lmUseNewModel() {
    patchLm({ useImported: false, corpus: undefined, source: undefined });
    lmChoosePreset('nanogpt-cpu');
  }

  deps.lm?.onCrash(() => patchT({ gen: undefined, probing: false, job: undefined }));

  const lmDismissProblem = () => patchT({ problem: undefined });

  return {
    openLm, lmLoadFiles, lmUseSample, lmSetTokenizer, lmSetValFraction, lmChoosePreset, lmSetModel, lmSetSettings, lmSetBackend, lmSetGenerate, lmProbe,
    lmStartTraining, lmResumeTraining, lmTrainMore, lmPause, lmResumeLive, lmStop, lmGenerate, lmStopGenerate, lmExport, lmImport, lmUseNewModel, lmDismissProblem,
  };
}

export type LmActions = ReturnType<typeof createLmActions>;

function modelCard(name: string, l: LmDoc, run: LmRun | undefined): string {
  const c = run?.config ?? l.imported?.config;
  const last = run?.evals.at(-1);
  return [
    `# ${name} — a small GPT trained in ML Studio`,
    '',
    'A GPT-2-style decoder (nanoGPT conventions) trained entirely in a web browser.',
    '',
    c ? `- Size: ${c.nLayer} layers, ${c.nHead} heads, ${c.nEmbd} dimensions, context ${c.blockSize} tokens, vocabulary ${c.vocabSize}` : '',
    l.corpus ? `- Text: ${l.corpus.names.join(', ')} (${l.corpus.tokens.toLocaleString('en-US')} ${l.corpus.tokenizerKind === 'char' ? 'characters' : 'BPE tokens'}; the last ${Math.round(l.valFraction * 100)} % held out for validation)` : '',
    run ? `- Trained for ${run.step} steps (batch ${run.settings.batchSize}, learning rate ${run.settings.learningRate} → ${run.settings.minLr}, AdamW, seed ${run.settings.seed})${run.backend ? ` on ${run.backend}` : ''}` : '',
    last ? `- Validation loss ${last.valLoss.toFixed(3)} (perplexity ${last.perplexity.toFixed(2)}, ${last.bitsPerChar.toFixed(3)} bits per character)` : '',
    '',
    'Files: `model.safetensors` (weights, Hugging Face GPT-2 names), `tokenizer.json` (Hugging Face tokenizers).',
    'A small model trained on one text repeats its style and makes up words; do not use its output as fact.',
    '',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
