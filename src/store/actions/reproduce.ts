/**
 * "Reproduce": train again with the same recipe, feature spec, seed, settings and backend as a
 * run of this project or an imported bundle, then record whether the data hash, the recipe hash
 * and the metrics match (exactly on CPU/WASM/trees, within GPU_TOLERANCE on WebGL/WebGPU).
 */
import { metricsMaxDiff, metricsVerdict, reproduceTolerance, type BackendName, type Hyperparams } from '../../core/jobs';
import type { ReproStamp } from '../../core/bundle/stamp';
import type { ModelParams } from '../../core/models/catalog';
import type { ModelingContext } from './modeling-context';
import { patchRun } from './modeling-context';
import { startTraining } from './training';
import { runMatchesEncoders } from './bundle';

interface Original {
  of: string;
  family: string;
  params: ModelParams;
  hp: Hyperparams;
  backend?: BackendName;
  metrics: unknown;
  stamp?: ReproStamp;
}

async function reproduce(ctx: ModelingContext, o: Original): Promise<string | undefined> {
  const id = await startTraining(ctx, { family: o.family, params: o.params, hp: o.hp, ...(o.backend ? { backend: o.backend } : {}) });
  const run = ctx.store.getState().doc.runs?.find((r) => r.id === id);
  if (!id || !run || run.status !== 'done' || !run.metrics) return id;
  const maxDiff = metricsMaxDiff(JSON.parse(JSON.stringify(o.metrics)), JSON.parse(JSON.stringify(run.metrics)));
  const tolerance = reproduceTolerance(run.stamp?.backend ?? o.stamp?.backend);
  patchRun(ctx, id, {
    reproduction: {
      of: o.of,
      dataMatches: !!o.stamp && run.stamp?.dataSha256 === o.stamp.dataSha256,
      recipeMatches: !!o.stamp && run.stamp?.recipeSha256 === o.stamp.recipeSha256,
      metrics: metricsVerdict(maxDiff, tolerance),
      maxDiff,
      tolerance,
    },
  });
  return id;
}

export async function reproduceRun(ctx: ModelingContext, runId: string): Promise<string | undefined> {
  const { doc } = ctx.store.getState();
  const run = doc.runs?.find((r) => r.id === runId);
  if (!run?.metrics) return undefined;
  if (!runMatchesEncoders(run, doc)) {
    ctx.store.setState({ problem: { message: `Run #${run.number} was trained with other encode settings than the current ones.`, hint: 'Go back to the settings it used, then reproduce it.' } });
    return undefined;
  }
  return reproduce(ctx, { of: `run #${run.number}`, family: run.family, params: run.params, hp: run.hp, ...(run.backend ? { backend: run.backend.name } : {}), metrics: run.metrics, ...(run.stamp ? { stamp: run.stamp } : {}) });
}

/** The imported bundle's training, on this project's data (its stamp says whether the data and recipe are the same). */
export async function reproduceImported(ctx: ModelingContext): Promise<string | undefined> {
  const imported = ctx.store.getState().doc.imported;
  const training = imported?.contents.training as { hp?: Hyperparams; params?: ModelParams; backend?: BackendName | null } | undefined;
  if (!imported || !training?.hp || !training.params) {
    ctx.store.setState({ problem: { message: 'This bundle does not carry its full training settings, so it cannot be reproduced.', hint: 'Export it again from a current ML Studio.' } });
    return undefined;
  }
  if (!ctx.store.getState().doc.features?.artifact) {
    ctx.store.setState({ problem: { message: 'Load and encode the training data first.', hint: 'Reproducing trains again on this project’s data with the bundle’s settings.' } });
    return undefined;
  }
  const c = imported.contents;
  return reproduce(ctx, {
    of: imported.fileName,
    family: c.meta.modelFamily,
    params: training.params,
    hp: training.hp,
    ...(training.backend ? { backend: training.backend } : {}),
    metrics: c.metrics,
    ...(c.stamp ? { stamp: c.stamp } : {}),
  });
}
