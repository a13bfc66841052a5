/**
 * Inside the language model (issue 16 §3): the Transformer visualiser for one text and the token
 * embeddings in 2-D, both computed in the LM worker. Results are returned to the view (transient:
 * they are cheap to recompute and large), never saved in the project.
 */
import type { Result } from '../../core/util/result';
import type { EmbeddingView, LmInspectResult } from '../../core/jobs/inspect';
import { lmClient, lmOf, type LmContext } from './lm-context';

const NO_MODEL = { ok: false as const, error: { message: 'There is no model to look inside yet.', hint: 'Train a model (or import one) first.' } };

/** The model the playground uses: the current run's, else the imported one. */
function modelRunId(ctx: LmContext) {
  const l = lmOf(ctx);
  return l.run?.checkpointStep !== undefined ? l.run.id : l.imported?.runId;
}

export async function lmInspect(ctx: LmContext, text: string): Promise<Result<LmInspectResult>> {
  const c = lmClient(ctx);
  const runId = modelRunId(ctx);
  if (!c || !runId) return NO_MODEL;
  return c.inspect({ runId, backend: lmOf(ctx).backend, text });
}

export async function lmEmbeddings(ctx: LmContext): Promise<Result<EmbeddingView>> {
  const c = lmClient(ctx);
  const runId = modelRunId(ctx);
  if (!c || !runId) return NO_MODEL;
  return c.embeddings({ runId, backend: lmOf(ctx).backend });
}
