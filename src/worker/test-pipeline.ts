/**
 * Test helper for the data worker's Node tests: a CSV taken through ingest → clean (empty recipe)
 * → feature defaults → encode on an in-process client, and the `training-data` job's matrices
 * received on a port, as the training worker would get them. Only tests import it.
 */
import { createInProcessClient, memoryTableStore } from './in-process-client';
import type { Recipe } from '../core/clean/recipe';
import type { ColumnSchema } from '../core/data/schema';
import type { DataRequest } from './protocol';
import type { PortedData } from './train-protocol';

export const EMPTY_RECIPE: Recipe = { format: 'ml-studio-recipe', version: 1, steps: [] };

export async function encodedCsv(text: string, schema: Pick<ColumnSchema, 'name' | 'inferred'>[], target: string, store = memoryTableStore()) {
  const client = createInProcessClient(store);
  await client.run({ type: 'ingest', datasetId: 'd1', file: new Blob([text], { type: 'text/csv' }), options: { fileName: 'a.csv' } });
  const clean = await client.run({ type: 'clean', datasetId: 'd1', schema, recipe: EMPTY_RECIPE, refit: true });
  if (!clean.ok) throw new Error(clean.error.message);
  const table = { datasetId: 'd1', stage: 'clean' as const, recipeKey: clean.value.recipeKey };
  const spec = await client.run({ type: 'feature-defaults', table, schema, target, task: 'classification' });
  if (!spec.ok) throw new Error(spec.error.message);
  const enc = await client.run({ type: 'encode', table, schema, spec: spec.value });
  if (!enc.ok) throw new Error(enc.error.message);
  return { client, table, spec: spec.value, fitted: enc.value.fitted, sizes: enc.value.sizes };
}

type TrainingDataExtras = Omit<Extract<DataRequest, { type: 'training-data' }>, 'type' | 'jobId' | 'table' | 'spec' | 'fitted' | 'port'>;

/** Runs `training-data` and waits for its matrices on the port. */
export async function portedTrainingData(ctx: Awaited<ReturnType<typeof encodedCsv>>, extras: TrainingDataExtras = {}) {
  const { port1, port2 } = new MessageChannel();
  const arriving = new Promise<PortedData>((resolve) => {
    port2.onmessage = (e: MessageEvent<PortedData>) => {
      port2.close();
      resolve(e.data);
    };
  });
  const res = await ctx.client.run({ type: 'training-data', table: ctx.table, spec: ctx.spec, fitted: ctx.fitted, port: port1, ...extras });
  const msg = await arriving;
  if (!res.ok || !msg.ok) throw new Error('training data failed');
  return { res: res.value, data: msg.data };
}
