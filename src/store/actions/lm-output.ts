/**
 * What a language model makes: generated text (streamed, stoppable), the studio bundle or a
 * Hugging Face zip, and an imported model to continue training or generate with.
 */
import { fineTuneSettings } from '../../core/jobs';
import { importedTraining, type LmDoc, type LmRun } from '../lm-doc';
import { fail, lmClient, lmOf, patchLm, patchT, type LmContext } from './lm-context';
import { lmChoosePreset } from './lm-model';
import { stampMarkdown } from '../../core/bundle/stamp';
import { lmExportStamp } from '../lm-stamp';
import { watchedGeneration } from './generate-fallback';

/** The model the playground and export use: the current run's, else the imported one. */
function modelRunId(ctx: LmContext) {
  const l = lmOf(ctx);
  return l.run?.checkpointStep !== undefined ? l.run.id : l.imported?.runId;
}

export async function lmGenerate(ctx: LmContext) {
  const c = lmClient(ctx);
  const runId = modelRunId(ctx);
  if (!c || !runId || ctx.store.getState().lm?.gen?.running) return;
  const l = lmOf(ctx);
  const { prompt, ...settings } = l.generate;
  let text = '';
  patchT(ctx, { gen: { text: '', running: true }, problem: undefined });
  // A GPU lost mid-generation: the fresh worker reads the run's checkpoint on WebAssembly and
  // generates again (generate-fallback.ts); the view's "Run on" stays.
  const { result: res, notice } = await watchedGeneration(
    (fallback) => {
      text = '';
      const handle = c.generate({ runId, backend: fallback ?? l.backend, prompt, settings }, (piece) => {
        text += piece;
        patchT(ctx, { gen: { ...ctx.store.getState().lm?.gen, text, running: true } });
      });
      patchT(ctx, { gen: { ...ctx.store.getState().lm?.gen, text: '', running: true, handle } });
      return handle.result;
    },
    (lost) => patchT(ctx, { gen: { ...ctx.store.getState().lm?.gen, text: '', running: true, notice: lost } }),
  );
  patchT(ctx, { gen: { text, running: false, ...(res.ok ? { tokensPerSec: res.value.tokensPerSec } : {}), ...(res.ok && notice ? { notice } : {}) } });
  if (!res.ok) fail(ctx, res.error);
}

export function lmStopGenerate(ctx: LmContext) {
  ctx.store.getState().lm?.gen?.handle?.stop();
}

export function lmSetGenerate(ctx: LmContext, patch: Partial<LmDoc['generate']>) {
  patchLm(ctx, (l) => ({ generate: { ...l.generate, ...patch } }));
}

/** The studio bundle or the Hugging Face zip as bytes with a file name (the view downloads it). */
export async function lmExport(ctx: LmContext, format: 'studio' | 'hf'): Promise<{ bytes: Uint8Array; fileName: string } | undefined> {
  const c = lmClient(ctx);
  const runId = modelRunId(ctx);
  if (!c || !runId) return undefined;
  const l = lmOf(ctx);
  const run = l.run?.id === runId ? l.run : undefined;
  const config = run?.config ?? l.imported?.config;
  const name = (l.source?.kind === 'sample' ? l.source.name : l.corpus?.names[0]?.replace(/\.txt$/i, '')) ?? 'model';
  const stamp = lmExportStamp(l, run);
  const readme = modelCard(name, l, run) + (stamp ? `\n${stampMarkdown(stamp)}` : '');
  patchT(ctx, { busy: 'export', problem: undefined });
  const res = await c.exportZip({
    runId,
    format,
    manifest: { name, createdBy: 'ML Studio', corpus: l.corpus ? { names: l.corpus.names, tokens: l.corpus.tokens, valFraction: l.valFraction } : null, tokenizer: l.corpus?.tokenizerKind, settings: run?.settings ?? null },
    log: run ? { settings: run.settings, config: run.config, losses: run.losses, evals: run.evals, samples: run.samples } : null,
    readme,
    ...(stamp ? { stamp } : {}),
  });
  patchT(ctx, { busy: undefined });
  if (!res.ok) return void fail(ctx, res.error);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
  return { bytes: res.value, fileName: `${slug}-gpt${config ? `-${config.nLayer}l${config.nEmbd}d` : ''}${format === 'hf' ? '-hf' : ''}.zip` };
}

export async function lmImport(ctx: LmContext, file: File) {
  const c = lmClient(ctx);
  if (!c || ctx.store.getState().lm?.live) return;
  const runId = ctx.deps.newId();
  patchT(ctx, { busy: 'import', problem: undefined });
  const res = await c.importZip({ runId, file, fileName: file.name });
  patchT(ctx, { busy: undefined });
  if (!res.ok) return fail(ctx, res.error);
  const v = res.value;
  const training = importedTraining(v.log);
  const l = lmOf(ctx);
  await c.forget([runId, ...(l.run ? [l.run.id] : [])]);
  patchLm(ctx, {
    imported: { runId, fileName: file.name, config: v.config, step: v.step, format: v.format, tokenizerKind: v.tokenizerKind, vocabSize: v.vocabSize, ...(v.stamp ? { stamp: v.stamp } : {}), ...(training ? { training } : {}) },
    useImported: true,
    preset: 'fine-tune',
    model: { ...l.model, blockSize: v.config.blockSize, nLayer: v.config.nLayer, nHead: v.config.nHead, nEmbd: v.config.nEmbd, bias: v.config.bias, dropout: 0 },
    settings: fineTuneSettings(l.settings),
    // The old corpus was tokenized with another tokenizer: load the new text.
    corpus: undefined,
    source: undefined,
  });
  patchT(ctx, { files: undefined });
}

/** Back to a new model of one's own (the imported one stays available). */
export function lmUseNewModel(ctx: LmContext) {
  patchLm(ctx, { useImported: false, corpus: undefined, source: undefined });
  lmChoosePreset(ctx, 'nanogpt-cpu');
}

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
