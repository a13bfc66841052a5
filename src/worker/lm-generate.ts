/**
 * The LM worker's jobs on a trained model: `generate` (streamed tokens, stoppable), `export` (the
 * studio bundle or a Hugging Face zip) and `import` (a zip becomes a stored checkpoint).
 */
import { generate, saveCheckpoint } from '../core/lm';
import { streamDecoder } from '../core/lm/stream-decoder';
import { readLmZip, writeHfZip, writeStudioLmBundle } from './lm-bundle';
import type { LmRequest, LmResults } from './lm-protocol';
import { Failure, modelOf, useBackend, type LmSession } from './lm-session';
import { gpuLossGuard } from './gpu-loss';

export async function runGenerate(session: LmSession, req: Extract<LmRequest, { type: 'generate' }>): Promise<LmResults['generate']> {
  await useBackend(session, session.backend?.choice ?? req.backend);
  if (session.current?.runId === req.runId && session.current.busy) throw new Failure({ message: 'The model is training.', hint: 'Pause or stop training, then generate.' });
  const m = await modelOf(session, req.runId);
  const ids = m.tokenizer.ids(req.prompt);
  if (ids.length === 0) throw new Failure({ message: 'Type a prompt: the model continues your text.', hint: 'Any few characters will do, even a single letter.' });
  const abort = new AbortController();
  session.aborts.set(req.jobId, abort);
  // A GPU lost mid-generation leaves the next read-back waiting forever (WebGL) or failing
  // (WebGPU): the job ends at once with the loss, and the page generates again on WebAssembly in a
  // fresh worker (store/actions/generate-fallback.ts).
  const guard = gpuLossGuard(session.backends.lost?.(), (p) => new Failure(p), () => abort.abort());
  const decoder = streamDecoder(m.tokenizer, (text) => !guard.lost && session.emit({ type: 'token', jobId: req.jobId, text }));
  const { maxNewTokens, temperature, topK, topP, seed } = req.settings;
  const t0 = performance.now();
  try {
    const out = await guard.run(generate(m.model, ids, { maxNewTokens, temperature, topK, topP, seed, signal: abort.signal }, (id) => decoder.push(id)));
    return { text: decoder.text(), tokens: out.length, tokensPerSec: (out.length * 1000) / Math.max(1, performance.now() - t0) };
  } finally {
    session.aborts.delete(req.jobId);
  }
}

export async function runExport(session: LmSession, req: Extract<LmRequest, { type: 'export' }>): Promise<Uint8Array> {
  await useBackend(session, session.backend?.choice ?? 'auto');
  if (session.current?.runId === req.runId && session.current.busy) throw new Failure({ message: 'The model is training.', hint: 'Pause or stop training, then export.' });
  const m = await modelOf(session, req.runId);
  return req.format === 'studio'
    ? writeStudioLmBundle(m.model, m.tokenizerJson, { ...req.manifest, step: m.step }, req.log, req.readme, req.stamp)
    : writeHfZip(m.model, m.tokenizerJson, req.readme, req.stamp);
}

export async function runImport(session: LmSession, req: Extract<LmRequest, { type: 'import' }>): Promise<LmResults['import']> {
  await useBackend(session, session.backend?.choice ?? 'auto');
  const read = readLmZip(new Uint8Array(await req.file.arrayBuffer()));
  try {
    const bytes = await saveCheckpoint(read.model, null);
    await session.storage.putCheckpoint({ runId: req.runId, corpusId: '', step: read.step, savedAt: Date.now(), bytes, tokenizer: read.tokenizerJson });
    return { config: read.model.config, step: read.step, tokenizerKind: read.tokenizer.kind, vocabSize: read.tokenizer.vocab.size, format: read.format, ...(read.log !== undefined ? { log: read.log } : {}), ...(read.stamp ? { stamp: read.stamp } : {}) };
  } finally {
    read.model.dispose();
  }
}
