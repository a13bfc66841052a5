/** Workflows that cross steps: loading data, restoring a project, keeping the cleaned table current. */
import { forgetBertFolder } from '../bert-encoder';
import type { IngestOptions } from '../../core/data/ingest';
import { isTextFile, noTextFiles, type TextMode } from '../../core/data/text-ingest';
import type { TextProfile } from '../../core/data/text-profile';
import type { Result } from '../../core/util/result';
import type { DatasetInfo, TextFileRef } from '../../core/jobs';
import type { ColumnType } from '../../core/data/schema';
import { recipeKey } from '../../core/clean/recipe-key';
import type { Recipe } from '../../core/clean/recipe';
import type { TaskKind } from '../../core/data/schema';
import type { Deps, StudioStore } from '../store';
import { initialState } from '../store';
import { newProject, readSavedProject, type ProjectDoc } from '../project';
import type { StepId } from '../pipeline';
import { cutOffUpload, noteId, noteNames } from '../upload-doc';
import { restoreLm } from '../lm-doc';
import { keepUnreadable, loadUnreadable } from '../unreadable';
import { tableKind } from '../../core/data/memory-fit';
import { checkFit } from './load-fit';
import { cutOffRuns } from '../run-doc';
import { catchUpCutOffRuns } from './training';

/** What a built-in sample is: a table, a table of texts with labels, or a plain-text corpus (for language models). */
export type SampleKind = 'table' | 'text' | 'corpus' | 'pairs';

export interface SampleInfo {
  id: string;
  name: string;
  file: string;
  /** Absent in manifests written before text samples existed: a table. */
  kind?: SampleKind;
  /** Tables and text samples name their target and task; a corpus has none. */
  target?: string;
  task?: TaskKind;
}

export function createDataActions(store: StudioStore, deps: Deps) {
  const set = store.setState;
  const get = store.getState;
  const patchDoc = (patch: Partial<ProjectDoc>) => set((s) => ({ doc: { ...s.doc, ...patch } }));
  /** Clears the upload note of the read that wrote under `id` (another read may have noted itself since). */
  const endNote = (id: string) => {
    const note = get().doc.upload;
    if (note && noteId(note) === id) patchDoc({ upload: undefined });
  };
  let cleanSeq = 0;

  /** `target`: the column a sample proposes, set with the dataset (saved with it at once: a reload right after keeps it). */
  async function loadFile(file: File | Blob, fileName: string, options: Partial<IngestOptions> = {}, target?: string) {
    const opts: IngestOptions = { ...options, fileName };
    const fit = checkFit(fileName, file.size, options.format ?? tableKind(fileName));
    if (fit.refuse) {
      set({ problem: { ...fit.refuse, fileName } });
      return false;
    }
    set({ lastFile: file, lastFileName: fileName, problem: undefined, job: { kind: 'ingest', done: 0, total: file.size, label: `Reading ${fileName}`, unit: 'bytes' } });
    const datasetId = deps.newId();
    patchDoc({ upload: { fileName, datasetId } }); // saved: a reload before the end finds it (upload-doc.ts)
    const res = await deps.data.run(
      { type: 'ingest', datasetId, file, options: opts },
      { onProgress: (p) => set({ job: { kind: 'ingest', ...p } }) },
    );
    set({ job: undefined });
    endNote(datasetId);
    if (!res.ok) {
      set({ problem: { ...res.error, fileName } });
      return false;
    }
    await adopt(fit.warn(res.value), datasetId, fileName, opts, target);
    return true;
  }

  /** Makes a freshly ingested dataset the project's dataset (the previous one is dropped). */
  async function adopt(info: DatasetInfo, datasetId: string, fileName: string, opts: IngestOptions, proposed?: string) {
    const previous = get().doc.dataset?.datasetId;
    const names = new Set(info.schema.map((c) => c.name));
    const target = proposed !== undefined && names.has(proposed) ? { column: proposed } : get().doc.target;
    patchDoc({
      dataset: { datasetId, fileName, options: opts, report: info.report, rawProfile: info.profile, inferredSchema: info.schema },
      schema: info.schema,
      target: target && names.has(target.column) ? target : undefined,
      clean: undefined,
      step: 'upload',
    });
    set({ targetSummary: undefined });
    if (previous && previous !== datasetId) void deps.data.run({ type: 'drop', datasetId: previous });
    await runClean({ refit: true });
  }

  /**
   * Several .txt files or a folder were chosen or dropped: keep them until the user says whether
   * each file or each line is one example (the upload step's dialog), or refuse at once when none
   * is a .txt file.
   */
  function offerTexts(files: TextFileRef[]) {
    const name = textSetName(files.map((f) => f.path));
    if (!files.some((f) => isTextFile(f.path))) {
      set({ problem: { ...noTextFiles(files.map((f) => f.path)), fileName: name } });
      return;
    }
    set({ problem: undefined, pendingTexts: { files, name } });
  }

  const cancelTexts = () => set({ pendingTexts: undefined });

  /** Reads the offered text files in the worker, one example per file or per line. */
  async function loadTexts(mode: Exclude<TextMode, 'pasted'>) {
    const pending = get().pendingTexts;
    if (!pending) return false;
    set({ pendingTexts: undefined });
    return ingestTexts(pending.files, mode, pending.name);
  }

  /** Pasted lines, one example per line, each optionally `label<TAB>text`. */
  async function pasteTexts(text: string) {
    return ingestTexts([{ path: 'pasted.txt', file: new Blob([text], { type: 'text/plain' }) }], 'pasted', 'pasted text');
  }

  async function ingestTexts(files: TextFileRef[], mode: TextMode, name: string) {
    const total = files.reduce((n, f) => n + f.file.size, 0);
    const fit = checkFit(files.length === 1 && mode !== 'pasted' ? files[0]!.path.split(/[\\/]/).at(-1)! : name, total, 'texts');
    if (fit.refuse) {
      set({ problem: { ...fit.refuse, fileName: name } });
      return false;
    }
    set({ lastFile: undefined, lastFileName: undefined, problem: undefined, job: { kind: 'ingest', done: 0, total, label: `Reading ${name}`, unit: 'bytes' } });
    const datasetId = deps.newId();
    patchDoc({ upload: { kind: 'texts', fileName: name, datasetId, ...noteNames(files.map((f) => f.path)) } }); // as in loadFile
    const res = await deps.data.run({ type: 'ingest-texts', datasetId, files, mode, fileName: name }, { onProgress: (p) => set({ job: { kind: 'ingest', ...p } }) });
    set({ job: undefined });
    endNote(datasetId);
    if (!res.ok) {
      set({ problem: { ...res.error, fileName: name } });
      return false;
    }
    await adopt(fit.warn(res.value), datasetId, name, { fileName: name });
    const cols = get().doc.schema.map((c) => c.name);
    if (cols.includes('label')) await setTarget('label');
    return true;
  }

  /** The text profile of a column of the raw dataset (the upload step's cards ask for it when shown). */
  async function textProfile(column: string, labelColumn?: string): Promise<Result<TextProfile> | undefined> {
    const dataset = get().doc.dataset;
    if (!dataset) return undefined;
    return deps.data.run({ type: 'text-profile', table: { datasetId: dataset.datasetId, stage: 'raw' }, column, ...(labelColumn !== undefined ? { labelColumn } : {}) });
  }

  async function loadSample(sample: SampleInfo) {
    if (sample.kind === 'corpus') {
      set({ problem: { message: `"${sample.name}" is a text corpus for language models, not a table.`, hint: 'Open it in the Language model view (in the header) to train a GPT on it; here, choose a table or text sample.', code: 'corpus-sample' } });
      return;
    }
    set({ problem: undefined, job: { kind: 'ingest', done: 0, total: 1, label: `Fetching ${sample.name}` } });
    let blob: Blob;
    try {
      blob = await deps.fetchBlob(`samples/${sample.file}`);
    } catch {
      set({ job: undefined, problem: { message: `The sample "${sample.name}" could not be loaded.`, hint: 'Reload the page and try again.' } });
      return;
    }
    if ((await loadFile(blob, sample.file, {}, sample.target)) && sample.target && get().doc.target?.column === sample.target) await refreshTarget();
  }

  /** Re-reads the last file with changed options (delimiter, header, encoding, skipping bad rows). */
  async function reread(options: Partial<IngestOptions>) {
    const { lastFile, lastFileName, doc } = get();
    if (!lastFile || !lastFileName) return;
    const base = doc.dataset && doc.dataset.fileName === lastFileName ? doc.dataset.options : {};
    await loadFile(lastFile, lastFileName, { ...base, ...options });
  }

  /** Applies the recipe in the worker; stale results (an edit came in meanwhile) are dropped. */
  async function runClean({ refit = false } = {}) {
    const { doc } = get();
    if (!doc.dataset) return;
    const seq = ++cleanSeq;
    set({ cleaning: true });
    const res = await deps.data.run({ type: 'clean', datasetId: doc.dataset.datasetId, schema: doc.schema, recipe: doc.recipe, refit });
    if (seq !== cleanSeq) return;
    set({ cleaning: false });
    if (!res.ok) {
      set({ problem: res.error });
      return;
    }
    // Keep the fitted statistics the worker learned, but only if the recipe did not change meanwhile.
    const current = get().doc;
    if (current.dataset && recipeKey(current.dataset.datasetId, current.schema, current.recipe) === res.value.recipeKey) {
      patchDoc({ clean: res.value, recipe: res.value.recipe });
    }
    await refreshTarget();
  }

  async function refreshTarget() {
    const { doc } = get();
    const clean = doc.clean;
    if (!doc.target || !clean) return set({ targetSummary: undefined });
    const col = clean.schema.find((c) => c.name === doc.target!.column);
    if (!col) return set({ targetSummary: undefined });
    const type = col.override ?? col.inferred;
    const key = `${clean.recipeKey}:${col.name}:${type}`;
    if (get().targetSummary?.key === key) return;
    const res = await deps.data.run({ type: 'target', table: { datasetId: doc.dataset!.datasetId, stage: 'clean', recipeKey: clean.recipeKey }, column: col.name, columnType: type });
    if (res.ok) set({ targetSummary: { key, summary: res.value } });
  }

  async function setTarget(column: string | undefined) {
    patchDoc({ target: column ? { column } : undefined });
    set({ targetSummary: undefined });
    await refreshTarget();
  }

  function setTaskOverride(task: TaskKind | undefined) {
    const t = get().doc.target;
    if (t) patchDoc({ target: task ? { ...t, taskOverride: task } : { column: t.column } });
  }

  async function setColumnType(name: string, type: ColumnType | undefined) {
    const schema = get().doc.schema.map((c) => (c.name === name ? { name: c.name, inferred: c.inferred, ...(type && type !== c.inferred ? { override: type } : {}) } : c));
    patchDoc({ schema });
    const dataset = get().doc.dataset;
    if (!dataset) return;
    // The raw profile reflects the chosen types (a numeric column profiled as categories, say).
    const res = await deps.data.run({ type: 'profile', table: { datasetId: dataset.datasetId, stage: 'raw' }, schema });
    if (res.ok && get().doc.dataset?.datasetId === dataset.datasetId) patchDoc({ dataset: { ...dataset, rawProfile: res.value } });
    await runClean({ refit: true });
  }

  function goToStep(step: StepId) {
    patchDoc({ step });
  }

  async function restore() {
    let raw: unknown;
    try {
      raw = await deps.persistence.load();
    } catch {
      return set({ restoring: false, unrestored: { reason: 'Your saved project could not be read from this device’s storage.', raw: undefined } });
    }
    const read = readSavedProject(raw);
    // A record that is not a project, or is from a newer version, starts a new project; the record is kept for download (unreadable.ts).
    if (!read.ok) {
      set({ restoring: false, unrestored: { reason: read.reason, raw } });
      return keepUnreadable(deps.persistence, { reason: read.reason, raw });
    }
    const earlier = await loadUnreadable(deps.persistence);
    if (earlier) set({ unrestored: earlier });
    const saved = read.doc;
    if (!saved) return set({ restoring: false });
    set({ doc: saved });
    if (saved.dataset) {
      set({ job: { kind: 'restore', done: 0, total: 1, label: 'Restoring your dataset' } });
      const res = await deps.data.run({ type: 'restore', datasetId: saved.dataset.datasetId });
      set({ job: undefined });
      if (!res.ok || !res.value.found) {
        patchDoc({ dataset: undefined, clean: undefined });
        set({ problem: { message: 'Your saved dataset could not be found on this device.', hint: 'Your settings and recipe are kept; load the file again.' } });
      } else {
        // The fitted recipe replays as stored: no refit after a reload.
        await runClean();
      }
    }
    set({ restoring: false });
    // Runs cut off while training: their stored checkpoints can be newer than the saved project.
    const cut = cutOffRuns((raw as { runs?: unknown }).runs);
    if (cut.length) await catchUpCutOffRuns({ store, deps }, cut);
    const note = saved.upload;
    if (note?.kind === 'corpus') {
      // A corpus stored just before the page closed: only the one the project names stays.
      void deps.lm?.keepCorpus(restoreLm(saved.lm)?.corpus?.corpusId);
      if (!get().lm?.problem) set((s) => ({ lm: { ...s.lm, problem: cutOffUpload(note) } }));
    } else if (note) {
      void deps.data.run({ type: 'drop', datasetId: note.datasetId }); // a table written just before the page closed
      if (!get().problem) set({ problem: cutOffUpload(note) });
    }
    if (note) patchDoc({ upload: undefined }); // after restoring: this change is saved
  }

  async function startNewProject() {
    // Jobs still going in the workers (training, a language-model run or generation) stop first:
    // their events must not land in the new project.
    const s = get();
    s.live?.handle.stop();
    s.lm?.live?.handle.stop();
    s.lm?.gen?.handle?.stop();
    const id = s.doc.dataset?.datasetId;
    if (id) await deps.data.run({ type: 'drop', datasetId: id });
    await deps.persistence.clear();
    // The dropped BERT folder belongs to the old project's Model step (its stored copy is cleared above).
    forgetBertFolder();
    set({ ...initialState(), restoring: false, doc: newProject() });
  }

  /** After a worker crash the table cache is gone: reload it from IndexedDB and re-clean. */
  deps.data.onCrash(() => {
    const id = get().doc.dataset?.datasetId;
    if (!id) return;
    void deps.data.run({ type: 'restore', datasetId: id }).then(() => runClean());
  });

  const dismissProblem = () => set({ problem: undefined });
  const dismissUnrestored = () => {
    set({ unrestored: undefined });
    void keepUnreadable(deps.persistence, undefined);
  };

  return { dismissProblem, dismissUnrestored, loadFile, loadSample, offerTexts, cancelTexts, loadTexts, pasteTexts, textProfile, reread, runClean, setTarget, setTaskOverride, setColumnType, goToStep, restore, startNewProject };
}

export type DataActions = ReturnType<typeof createDataActions>;

/** A name for a set of text files: their shared top folder, the one file's name, or a count. */
export function textSetName(paths: readonly string[]): string {
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0]! : '')));
  if (tops.size === 1 && !tops.has('')) return `${[...tops][0]!}/`;
  if (paths.length === 1) return paths[0]!.split('/').at(-1)!;
  return `${paths.length.toLocaleString('en-US')} text files`;
}
export type { Recipe };
