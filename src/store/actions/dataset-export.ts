/** Dataset export: the data worker builds the .zip (files per split + stamp); this names and returns it. */
import { DEFAULT_TRAINING, type DatasetExportOptions, type DatasetExportResult } from '../../core/jobs';
import { recipeSha256 } from '../../core/bundle/stamp';
import type { Result } from '../../core/util/result';
import { STUDIO_VERSION } from '../studio-version';
import { cleanRef, type ModelingContext } from './modeling-context';
import { runMatchesEncoders } from './bundle';

export async function exportDatasetFile(ctx: ModelingContext, options: DatasetExportOptions): Promise<Result<DatasetExportResult & { fileName: string }>> {
  const { doc } = ctx.store.getState();
  const table = cleanRef(ctx);
  const spec = doc.features?.spec;
  if (!table || !spec || !doc.dataset) return { ok: false, error: { message: 'Load data and choose a target first.' } };
  // The seed and backend of the latest run on these settings, when there is one (else the training settings').
  const run = (doc.runs ?? []).filter((r) => r.stamp && runMatchesEncoders(r, doc)).at(-1);
  const res = await ctx.deps.data.run({
    type: 'export-dataset',
    table,
    spec,
    ...(doc.features?.artifact ? { fitted: doc.features.artifact.fitted } : {}),
    options,
    stamp: {
      studioVersion: STUDIO_VERSION,
      seed: run?.hp.seed ?? (doc.training ?? DEFAULT_TRAINING).hp.seed,
      recipeSha256: recipeSha256(doc.recipe, spec, doc.schema),
      backend: run?.stamp?.backend ?? null,
      createdAt: new Date().toISOString(),
    },
  });
  if (!res.ok) return res;
  const base = doc.dataset.fileName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-');
  return { ok: true, value: { ...res.value, fileName: `${base}-${options.stage}-${options.format}.zip` } };
}
