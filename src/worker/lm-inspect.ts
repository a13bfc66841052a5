/**
 * The LM worker's "inside the model" jobs: `inspect` (the Transformer visualiser for one text:
 * attention per layer and head, the top 20 next tokens at each position, the logit lens) and
 * `lm-embeddings` (the token-embedding table projected to 2-D with PCA, coloured by how often
 * each token occurs in the run's corpus). Both read the model the worker already holds.
 */
import { inspectionReport } from '../core/lm/inspect-report';
import { disposeInternals, lmInternals, tokenEmbeddings, type LmInternalsSource } from '../core/lm/inspect';
import type { GptModel } from '../core/lm/gpt';
import { pca } from '../core/explain/pca';
import { frequencyBands, FREQUENCY_BANDS, type EmbeddingView, type LmInspectResult } from '../core/jobs/inspect';
import type { LmRequest } from './lm-protocol';
import { Failure, modelOf, useBackend, type LmSession } from './lm-session';

/** At most this many tokens are inspected (a 64 × 64 map per head is already dense on a phone). */
export const MAX_INSPECT_TOKENS = 64;
/** At most this many tokens are drawn (the most frequent, for a large vocabulary). */
export const MAX_EMBEDDING_POINTS = 1500;

async function readyModel(session: LmSession, runId: string, backend: Extract<LmRequest, { type: 'inspect' }>['backend']) {
  await useBackend(session, session.backend?.choice ?? backend);
  if (session.current?.runId === runId && session.current.busy) throw new Failure({ message: 'The model is training.', hint: 'Pause or stop training, then look inside.' });
  return modelOf(session, runId);
}

export async function runInspect(session: LmSession, req: Extract<LmRequest, { type: 'inspect' }>): Promise<LmInspectResult> {
  const m = await readyModel(session, req.runId, req.backend);
  const all = m.tokenizer.ids(req.text);
  if (all.length === 0) throw new Failure({ message: 'Type some text to look inside the model.', hint: 'A sentence from the corpus is a good start.' });
  return inspectIds(m.model, all, m.model.config.blockSize, (id) => m.tokenizer.decode([id]));
}

/**
 * The visualiser's answer for the last tokens of `all` (at most MAX_INSPECT_TOKENS and the
 * context): top-20 next tokens, the lens tables, the text of every id shown. Shared by the
 * trained LM and the pretrained model (pretrained-jobs.ts).
 */
export async function inspectIds(model: GptModel | LmInternalsSource, all: readonly number[], context: number, decode: (id: number) => string): Promise<LmInspectResult> {
  const ids = all.slice(-Math.min(MAX_INSPECT_TOKENS, context));
  const internals = lmInternals(model, ids);
  try {
    const report = await inspectionReport(ids, internals);
    const used = new Set<number>(ids);
    for (const row of [report.next, ...report.lens]) for (const top of row) for (const t of top) used.add(t.id);
    const labels: [number, string][] = [...used].sort((a, b) => a - b).map((id) => [id, decode(id)]);
    return { ...report, labels, dropped: all.length - ids.length };
  } finally {
    disposeInternals(internals);
  }
}

export async function runLmEmbeddings(session: LmSession, req: Extract<LmRequest, { type: 'lm-embeddings' }>): Promise<EmbeddingView> {
  const m = await readyModel(session, req.runId, req.backend);
  const table = tokenEmbeddings(m.model);
  const [V, C] = table.shape;
  const values = await table.data<'float32'>();
  const stored = m.corpusId ? await session.storage.getCorpus(m.corpusId) : undefined;
  const counts = new Float64Array(V);
  if (stored) for (const id of stored.ids) if (id < V) counts[id]! += 1;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const chosen = order.slice(0, MAX_EMBEDDING_POINTS).sort((a, b) => a - b);
  const rows = new Float64Array(chosen.length * C);
  chosen.forEach((id, i) => rows.set(values.subarray(id * C, (id + 1) * C), i * C));
  const r = pca(rows, chosen.length, C);
  const bands = stored ? frequencyBands(counts) : undefined;
  const points = chosen.map((id, i) => ({
    x: r.coords[i * 2]!,
    y: r.coords[i * 2 + 1] ?? 0,
    text: m.tokenizer.decode([id]),
    group: bands ? bands[id]! : 'token',
    value: counts[id]!,
  }));
  const groups = bands ? FREQUENCY_BANDS.filter((g) => points.some((p) => p.group === g)) : ['token'];
  return {
    points,
    groups,
    explained: [r.explained[0] ?? 0, r.explained[1] ?? 0],
    what: `token embeddings (wte), ${chosen.length} of ${V} tokens${stored ? ', coloured by frequency in the corpus' : ' (no corpus stored: frequencies unknown)'}`,
  };
}
