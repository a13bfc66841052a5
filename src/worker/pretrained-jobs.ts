/**
 * The LM worker's pretrained-model jobs (core/jobs/pretrained.ts). An inspected model waits as
 * `pending` (read whole and checked: a failure leaves the current one and the project untouched);
 * load makes it `current` and stores its files (pretrained-storage.ts), which `restore` reads back
 * after a reload; generate streams tokens from the current one and stops on request.
 */
import { zipSync } from 'fflate';
import { exportHf } from '../core/lm/hf';
import { llamaHfFiles, llamaLlama2cFile } from '../core/lm/llama-export';
import { MAX_MODEL_BYTES } from '../core/lm/llama-config';
import type { LoadedPretrained } from '../core/lm/pretrained';
import { generatePretrained } from '../core/lm/pretrained-generate';
import { storageFault, type PretrainedRequest, type PretrainedResults } from '../core/jobs/pretrained';
import type { LmSession } from './lm-session';
import { inspectIds } from './lm-inspect';
import type { LmInspectResult } from '../core/jobs/inspect';
import type { GptModel } from '../core/lm/gpt';
import type { LmInternalsSource } from '../core/lm/inspect';
import { Failure, useBackend } from './lm-session';
import { fineTunePretrained } from './pretrained-finetune';
import { restorePretrained } from './pretrained-restore';
import { drop, failure, readHeld, stateOf } from './pretrained-state';
import { gpuLossGuard } from './gpu-loss';

/** Greedy steps from BOS for ~200 ms (at least 4): tokens/s of the forward pass on this device. */
async function speedProbe(m: LoadedPretrained): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  let token = m.tokenizer.bosId;
  const limit = Math.min(64, m.model.contextLength - 1);
  while (n < limit && (n < 4 || performance.now() - t0 < 200)) {
    const logits = await m.model.step(token, n);
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    token = best;
    n++;
  }
  return (n * 1000) / Math.max(0.001, performance.now() - t0);
}

async function inspect(session: LmSession, req: Extract<PretrainedRequest, { type: 'pretrained-inspect' }>): Promise<PretrainedResults['pretrained-inspect']> {
  const total = req.files.reduce((n, f) => n + f.blob.size, 0);
  if (total > MAX_MODEL_BYTES) throw new Failure({ message: `The dropped files hold ${(total / 2 ** 30).toFixed(2)} GiB; the studio loads models up to ${(MAX_MODEL_BYTES / 2 ** 30).toFixed(1)} GiB.`, hint: 'Pick a smaller checkpoint; nothing was loaded.' });
  // tfjs (GPT-2 family) needs the backend started; Llama runs on typed arrays and does not.
  await useBackend(session, session.backend?.choice ?? 'auto');
  const files = new Map<string, Uint8Array>();
  let done = 0;
  for (const f of req.files) {
    files.set(f.name, new Uint8Array(await f.blob.arrayBuffer()));
    done += f.blob.size;
    session.emit({ type: 'progress', jobId: req.jobId, label: `Reading ${f.name}`, done, total });
  }
  const read = readHeld(files);
  const state = stateOf(session);
  drop(state.pending);
  state.pending = read;
  return { card: read.card, probeTokensPerSec: await speedProbe(read), files: [...files.keys()] };
}

/** Makes the inspected model current and stores its files (replacing any older model and its fine-tune). */
async function load(session: LmSession): Promise<PretrainedResults['pretrained-load']> {
  const state = stateOf(session);
  if (!state.pending) throw new Failure({ message: 'Drop a checkpoint first: there is nothing to load.' });
  drop(state.current);
  state.current = state.pending;
  state.pending = undefined;
  const store = session.storage.pretrained;
  try {
    await store.delete('finetune');
    await store.put({ kind: 'model', files: [...state.current.files], savedAt: Date.now() });
    return { card: state.current.card };
  } catch (e) {
    // The model stays loaded in this tab; the page tells the user it will not survive a reload.
    await store.delete('model').catch(() => undefined);
    return { card: state.current.card, notStored: storageFault(e) };
  }
}

async function generate(session: LmSession, req: Extract<PretrainedRequest, { type: 'pretrained-generate' }>): Promise<PretrainedResults['pretrained-generate']> {
  const m = stateOf(session).current;
  if (!m) throw new Failure({ message: 'No pretrained model is loaded in this tab.', hint: 'Drop the checkpoint again.' });
  const ids = m.tokenizer.encode(req.prompt);
  if (ids.length >= m.model.contextLength) throw new Failure({ message: `The prompt has ${ids.length} tokens; this model reads at most ${m.model.contextLength - 1}.`, hint: 'Shorten the prompt.' });
  const abort = new AbortController();
  session.aborts.set(req.jobId, abort);
  const s = req.settings;
  const t0 = performance.now();
  // A GPU lost mid-generation (a GPT-2 on WebGL/WebGPU would wait on its read-back forever) ends
  // the job at once with the loss; the page replaces this worker and generates again on
  // WebAssembly (store/actions/generate-fallback.ts). No backend started yet: nothing to lose.
  const guard = gpuLossGuard(session.backend ? session.backends.lost?.() : undefined, (p) => new Failure(p), () => abort.abort());
  try {
    const out = await guard.run(generatePretrained(m.model, m.tokenizer, ids, { maxNewTokens: s.maxNewTokens, temperature: s.temperature, topK: s.topK, topP: s.topP, seed: s.seed, signal: abort.signal, ...(s.stop ? { stop: s.stop } : {}) }, (text) => !guard.lost && session.emit({ type: 'token', jobId: req.jobId, text })));
    return { text: out.text, tokens: out.ids.length, tokensPerSec: (out.ids.length * 1000) / Math.max(1, performance.now() - t0), stoppedBy: out.stoppedBy };
  } catch (e) {
    throw failure(e);
  } finally {
    session.aborts.delete(req.jobId);
  }
}

async function exportZip(session: LmSession, req: Extract<PretrainedRequest, { type: 'pretrained-export' }>): Promise<Uint8Array> {
  const m = stateOf(session).current;
  if (!m) throw new Failure({ message: 'No pretrained model is loaded in this tab.', hint: 'Drop the checkpoint again.' });
  const out: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  const gpt = (m.model as { model?: GptModel }).model;
  if (req.format === 'peft') {
    const adapter = m.tuned?.adapter;
    if (!adapter) throw new Failure({ message: 'There is no LoRA adapter to export.', hint: 'Fine-tune the model with LoRA first.' });
    out['adapter_config.json'] = new TextEncoder().encode(JSON.stringify(adapter.config, null, 2));
    out['adapter_model.safetensors'] = [adapter.safetensors, { level: 0 }];
  } else if (m.llama) {
    const { config, weights } = m.llama;
    if (req.format === 'llama2c') out['model.bin'] = [llamaLlama2cFile(config, weights), { level: 0 }];
    else for (const [n, b] of llamaHfFiles(config, weights)) out[n] = [b, { level: 0 }];
  } else if (req.format === 'hf' && gpt) {
    const files = await exportHf(gpt);
    out['config.json'] = new TextEncoder().encode(files['config.json']);
    out['model.safetensors'] = [files['model.safetensors'], { level: 0 }];
  } else throw new Failure({ message: 'llama2.c export writes Llama models; this one is a GPT-2.', hint: 'Export the Hugging Face folder instead.' });
  for (const [n, b] of m.tokenizerFiles) out[n] = b;
  return zipSync(out);
}

/** The model the visualiser reads: a Llama reports its own internals; a GPT-2 is wrapped (its `model` is the GptModel). */
function internalsOf(m: LoadedPretrained): GptModel | LmInternalsSource {
  const x = m.model as Partial<LmInternalsSource> & { model?: GptModel };
  if (typeof x.internals === 'function') return x as LmInternalsSource;
  if (x.model?.params) return x.model;
  throw new Failure({ message: 'This model cannot show its internals.' });
}

async function lookInside(session: LmSession, req: Extract<PretrainedRequest, { type: 'pretrained-look-inside' }>): Promise<LmInspectResult> {
  const m = stateOf(session).current;
  if (!m) throw new Failure({ message: 'No pretrained model is loaded in this tab.', hint: 'Drop the checkpoint again.' });
  const ids = m.tokenizer.encode(req.text);
  if (ids.length === 0) throw new Failure({ message: 'Type some text to look inside the model.', hint: 'A sentence like the ones it was trained on is a good start.' });
  // The GPT-2 path runs on tfjs: make sure the backend is up.
  await useBackend(session, session.backend?.choice ?? 'auto');
  return inspectIds(internalsOf(m), ids, m.model.contextLength, (id) => m.tokenizer.decode([id]));
}

export async function runPretrained(session: LmSession, req: PretrainedRequest): Promise<PretrainedResults[PretrainedRequest['type']]> {
  switch (req.type) {
    case 'pretrained-inspect':
      return inspect(session, req);
    case 'pretrained-load':
      return load(session);
    case 'pretrained-restore':
      return restorePretrained(session, req.backend);
    case 'pretrained-generate':
      return generate(session, req);
    case 'pretrained-export':
      return exportZip(session, req);
    case 'pretrained-look-inside':
      return lookInside(session, req);
    case 'pretrained-finetune':
      return fineTunePretrained(session, req);
  }
}
