/** The language model's text: files or a built-in sample, tokenized in the LM worker; re-read with new tokenizer or split settings. */
import type { CorpusFile, LmTokenizerChoice } from '../../core/jobs';
import type { LmDoc } from '../lm-doc';
import type { SampleInfo } from './data';
import { checkFit } from './load-fit';
import { fail, lmClient, lmOf, patchLm, patchT, type LmContext } from './lm-context';
import { defaultLmDoc, restoreLm } from '../lm-doc';
import type { ProjectDoc } from '../project';
import { noteId, noteNames } from '../upload-doc';

export function openLm(ctx: LmContext, open = true) {
  patchLm(ctx, { open });
}

async function prepare(ctx: LmContext, files: CorpusFile[], source: LmDoc['source']) {
  const c = lmClient(ctx);
  if (!c || ctx.store.getState().lm?.live) return;
  const size = files.reduce((n, f) => n + f.blob.size, 0);
  const fit = checkFit(files.length === 1 ? files[0]!.name : `${files.length} files`, size, 'corpus');
  if (fit.refuse) return fail(ctx, fit.refuse);
  const l = lmOf(ctx);
  const corpusId = ctx.deps.newId();
  patchT(ctx, { files, problem: undefined, job: { label: 'Reading the text', done: 0, total: 1 } });
  const names = files.map((f) => f.name);
  // Saved: a reload before the end finds it (upload-doc.ts), drops what the worker stored and says so.
  patchDoc(ctx, { upload: { kind: 'corpus', fileName: names.length === 1 ? names[0]! : `${names.length} files`, corpusId, ...noteNames(names) } });
  const tokenizer = l.useImported && l.imported ? { type: 'run' as const, runId: l.imported.runId } : { type: 'train' as const, choice: l.tokenizer };
  const res = await c.prepare({ corpusId, files, tokenizer, valFraction: l.valFraction }, (label, done, total) => patchT(ctx, { job: { label, done, total } }));
  const note = ctx.store.getState().doc.upload;
  const upload = note && noteId(note) === corpusId ? undefined : note;
  if (!res.ok) {
    patchDoc(ctx, { upload });
    return fail(ctx, res.error);
  }
  patchT(ctx, { job: undefined });
  // The corpus and the note's end in one change: autosave writes it at once (persist.ts).
  ctx.store.setState((s) => ({ doc: { ...s.doc, upload, lm: { ...(restoreLm(s.doc.lm) ?? defaultLmDoc()), corpus: res.value, ...(source ? { source } : {}) } } }));
  // The corpus before this one is dropped once the project saved names the new one.
  await ctx.saveNow();
  if (lmOf(ctx).corpus?.corpusId === corpusId) await c.keepCorpus(corpusId);
}

function patchDoc(ctx: LmContext, patch: Partial<ProjectDoc>) {
  ctx.store.setState((s) => ({ doc: { ...s.doc, ...patch } }));
}

export async function lmLoadFiles(ctx: LmContext, files: readonly File[]) {
  const texts = files.filter((f) => f.name.toLowerCase().endsWith('.txt') || f.type.startsWith('text/'));
  if (texts.length === 0) return fail(ctx, { message: 'Choose one or more .txt files.', hint: 'A language model learns from plain text: a book, your notes, song lyrics…' });
  await prepare(ctx, texts.map((f) => ({ name: f.name, blob: f })), { kind: 'files' });
}

export async function lmUseSample(ctx: LmContext, sample: Pick<SampleInfo, 'file' | 'name'>) {
  openLm(ctx, true);
  patchT(ctx, { problem: undefined, job: { label: `Fetching ${sample.name}`, done: 0, total: 1 } });
  let blob: Blob;
  try {
    blob = await ctx.deps.fetchBlob(`samples/${sample.file}`);
  } catch {
    return fail(ctx, { message: `The sample "${sample.name}" could not be loaded.`, hint: 'Reload the page and try again.' });
  }
  await prepare(ctx, [{ name: sample.file, blob }], { kind: 'sample', file: sample.file, name: sample.name });
}

/** Re-reads the current text with new tokenizer or split settings (the files in memory, or the sample again). */
async function retokenize(ctx: LmContext) {
  const files = ctx.store.getState().lm?.files;
  const source = lmOf(ctx).source;
  if (files) return prepare(ctx, files, source);
  if (source?.kind === 'sample') return lmUseSample(ctx, source);
}

export async function lmSetTokenizer(ctx: LmContext, choice: LmTokenizerChoice) {
  patchLm(ctx, { tokenizer: choice });
  await retokenize(ctx);
}

export async function lmSetValFraction(ctx: LmContext, valFraction: number) {
  patchLm(ctx, { valFraction: Math.min(0.5, Math.max(0.01, valFraction)) });
  await retokenize(ctx);
}
