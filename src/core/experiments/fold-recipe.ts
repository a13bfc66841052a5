/**
 * The clean recipe refitted inside one cross-validation fold (no leakage). Row filters define
 * which rows the dataset has, so they keep the result they had on the whole data (the folds are
 * drawn from the cleaned table's training rows); every step that learns statistics (impute by the
 * mean, outlier bounds for clipping, …) learns them again from the fold's training rows only, and
 * those statistics are applied to all rows, the fold's validation rows included.
 */
import type { ColumnSchema } from '../data/schema';
import { filterRows, type Table } from '../data/table';
import { removesRows } from '../clean/op';
import { getOp } from '../clean/registry';
import { runRecipe, type Recipe, type RecipeStep } from '../clean/recipe';

/**
 * The raw row each row of the cleaned table comes from: the recipe replayed in fit mode with its
 * stored statistics (the cleaned table's own run), following the row filters' `kept` masks.
 * Undefined when a row filter does not say which rows it kept.
 */
export function cleanedRowSources(raw: Table, schema: ColumnSchema[], recipe: Recipe): Uint32Array | undefined {
  let source = Uint32Array.from({ length: raw.rowCount }, (_, i) => i);
  let ctx = { table: raw, schema };
  for (const step of recipe.steps) {
    const one = runRecipe(ctx.table, ctx.schema, { ...recipe, steps: [step] }, { mode: 'fit' });
    if (one.table.rowCount !== ctx.table.rowCount) {
      const kept = keptBy(one.recipe.steps[0]!, ctx); // with the statistics this replay used
      if (!kept) return undefined;
      source = source.filter((_, i) => kept[i]);
    }
    ctx = { table: one.table, schema: one.schema };
  }
  return source;
}

function keptBy(step: RecipeStep, ctx: { table: Table; schema: ColumnSchema[] }): Uint8Array | undefined {
  const op = getOp(step.op);
  if (!op) return undefined;
  return op.apply(step.params, step.fitted, ctx).kept;
}

export interface FoldClean {
  /** The same rows as the cleaned table, cleaned with statistics learned on `fitRows` only. */
  table: Table;
  schema: ColumnSchema[];
  /** The recipe with the fold's statistics (what a model trained in this fold would replay). */
  recipe: Recipe;
}

/**
 * The cleaned table again, its fitted steps refitted on `fitRows` (row indices of the cleaned
 * table: the fold's training part). `sources` = cleanedRowSources(raw, schema, recipe).
 */
export function refitRecipeOnRows(raw: Table, schema: ColumnSchema[], recipe: Recipe, sources: Uint32Array, fitRows: Uint32Array): FoldClean {
  const keepRaw = new Uint8Array(raw.rowCount);
  for (const r of sources) keepRaw[r] = 1;
  const fitMask = new Uint8Array(sources.length);
  for (const r of fitRows) fitMask[r] = 1;
  let ctx = { table: filterRows(raw, keepRaw), schema };
  const steps: RecipeStep[] = [];
  for (const step of recipe.steps) {
    const op = getOp(step.op);
    // Row filters already ran (keepRaw); disabled or unknown steps are left as runRecipe leaves them.
    if (!step.enabled || !op || removesRows(op, step.params)) {
      steps.push(step);
      continue;
    }
    if (op.validate(step.params, ctx)) {
      steps.push(step);
      continue;
    }
    const fitted = op.fit ? op.fit(step.params, { table: filterRows(ctx.table, fitMask), schema: ctx.schema }) : undefined;
    const result = op.apply(step.params, fitted, ctx);
    ctx = { table: result.table, schema: result.schema };
    steps.push(op.fit ? { ...step, fitted } : step);
  }
  return { table: ctx.table, schema: ctx.schema, recipe: { ...recipe, steps } };
}
