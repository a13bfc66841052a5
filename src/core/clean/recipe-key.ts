import type { ColumnSchema } from '../data/schema';
import type { Recipe } from './recipe';
import { stableKey } from '../util/hash';

/**
 * The key of the cleaning step's inputs: dataset, type overrides and the enabled steps' ops and
 * params (not their fitted statistics). A clean artifact whose key differs is out of date.
 */
export function recipeKey(datasetId: string, schema: ColumnSchema[], recipe: Recipe): string {
  const steps = recipe.steps.map(({ op, params, enabled }) => ({ op, params, enabled }));
  return stableKey({ datasetId, types: schema.map((c) => [c.name, c.override ?? null]), steps });
}
