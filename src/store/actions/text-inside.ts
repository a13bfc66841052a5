/**
 * Inside a text classifier (issue 16 §3): the visualiser for one typed text (attention of each
 * Transformer block and the class lens) and the embedding view (the test split's pooled vectors
 * in 2-D, coloured by class). Encoding happens in the data worker, the model runs in the training
 * worker; the main thread only joins the answers. Nothing is saved in the project.
 */
import { effectiveType } from '../../core/data/schema';
import type { EmbeddingView, TextInspectResult } from '../../core/jobs/inspect';
import type { Result } from '../../core/util/result';
import type { Deps, StudioStore } from '../store';
import { runMatchesEncoders } from './bundle';

const fail = (message: string, hint?: string) => ({ ok: false as const, error: { message, ...(hint ? { hint } : {}) } });

export function createTextInsideActions(store: StudioStore, deps: Deps) {
  const get = store.getState;

  function ready(runId: string) {
    const { doc } = get();
    const run = doc.runs?.find((r) => r.id === runId);
    const fitted = doc.features?.artifact?.fitted;
    if (!run?.model || run.model.type !== 'tfjs' || !fitted || !doc.dataset) return fail('This run has no neural text model to look inside.', 'Train a Transformer or another text model.');
    if (!runMatchesEncoders(run, doc)) return fail('This run was trained with other encode settings than the current ones.', 'Train it again with the current settings.');
    if (fitted.text?.representation !== 'tokens') return fail('This model reads a bag of words, not a token sequence.', 'Read the text as a token sequence in the Encode step.');
    const labels = fitted.target.kind === 'classification' ? fitted.target.classes : [];
    return { ok: true as const, value: { doc, run, model: run.model, fitted, labels } };
  }

  async function inspectText(runId: string, record: Record<string, string>): Promise<Result<TextInspectResult>> {
    const r = ready(runId);
    if (!r.ok) return r;
    const { doc, model, fitted, labels } = r.value;
    const rawSchema = doc.schema.map((c) => ({ name: c.name, inferred: effectiveType(c) }));
    const ex = await deps.data.run({ type: 'text-examples', fitted, source: { kind: 'records', records: [record], rawSchema: rawSchema as never, recipe: doc.recipe }, like: doc.dataset!.datasetId });
    if (!ex.ok) return ex;
    const { x, tokens } = ex.value;
    if (!x.some((v) => v > 0)) return fail('Type some text to look inside the model.', 'Any sentence will do.');
    const out = await deps.train.textInspect({ type: 'text-inspect', model, x });
    if (!out.ok) return out;
    const v = out.value;
    const T = v.positions.length;
    const attention = new Float32Array(v.attention.length * v.nHead * T * T);
    v.attention.forEach((a, l) => attention.set(a, l * v.nHead * T * T));
    return { ok: true, value: { tokens: v.positions.map((p) => tokens[0]![p]!), nLayer: v.attention.length, nHead: v.nHead, attention, lens: v.lens.map((p) => Array.from(p)), labels } };
  }

  async function textEmbeddings(runId: string): Promise<Result<EmbeddingView>> {
    const r = ready(runId);
    if (!r.ok) return r;
    const { doc, run, model, fitted, labels } = r.value;
    if (!run.test || !doc.clean) return fail('This run has no test rows to place.', 'Train it again.');
    const table = { datasetId: doc.dataset!.datasetId, stage: 'clean' as const, recipeKey: doc.clean.recipeKey };
    const ex = await deps.data.run({ type: 'text-examples', fitted, source: { kind: 'rows', rows: Array.from(run.test.rows) }, table });
    if (!ex.ok) return ex;
    const { x, n, features, texts, y } = ex.value;
    const out = await deps.train.textEmbeddings({ type: 'text-embeddings', model, x, n, features });
    if (!out.ok) return out;
    const { coords, explained, dim } = out.value;
    const groups = labels.length ? labels : ['example'];
    return {
      ok: true,
      value: {
        points: texts.map((text, i) => ({ x: coords[i * 2]!, y: coords[i * 2 + 1] ?? 0, text, group: groups[y[i]!] ?? groups[0]!, value: y[i]! })),
        groups: groups.filter((g) => y.some((c) => groups[c] === g)),
        explained,
        what: `the ${dim}-number vector the head reads, for ${n} test texts${n < run.test.rows.length ? ` of ${run.test.rows.length}` : ''}, coloured by their true class`,
      },
    };
  }

  return { inspectText, textEmbeddings };
}
