/**
 * The training worker's "inside a text classifier" jobs: `text-inspect` (attention of each
 * Transformer block and the class lens for one row of token ids) and `text-embeddings` (the
 * pooled representation the head reads, for up to a few hundred rows, projected to 2-D by PCA).
 */
import { tryModelFromParts } from '../core/bundle/tfjs-io';
import { pca } from '../core/explain/pca';
import type { ProjectedRows, TextInternalsResult } from '../core/jobs/inspect';
import { pooledRepresentation, textInternals } from '../core/models/text-inspect';
import { ProblemError } from '../core/train/predict';
import type { ModelArtifact } from './train-protocol';

async function load(model: ModelArtifact) {
  if (model.type !== 'tfjs') throw new ProblemError({ message: 'Only neural text models have insides to show.', hint: 'Train a Transformer or another text model.' });
  const m = await tryModelFromParts(model.modelJson as Record<string, unknown>, model.weights);
  if (!m.ok) throw new ProblemError(m.error);
  return m.value;
}

export async function textInspect(model: ModelArtifact, ids: Float32Array): Promise<TextInternalsResult> {
  const m = await load(model);
  try {
    return await textInternals(m, ids);
  } finally {
    m.dispose();
  }
}

export async function textEmbeddings(model: ModelArtifact, x: Float32Array, n: number, features: number): Promise<ProjectedRows> {
  const m = await load(model);
  try {
    const { values, dim } = await pooledRepresentation(m, x, n, features);
    const r = pca(values, n, dim);
    return { coords: r.coords, explained: [r.explained[0] ?? 0, r.explained[1] ?? 0], dim };
  } finally {
    m.dispose();
  }
}
