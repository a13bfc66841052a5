/**
 * A recipe: the ordered cleaning steps, as plain JSON. Running it in 'fit' mode learns statistics
 * (medians, bounds …) where a step has none yet and stores them in the step; 'predict' mode replays
 * the stored statistics and skips steps that remove rows, so one row in is always one row out.
 */
import type { ColumnSchema } from '../data/schema';
import type { Table } from '../data/table';
import { problem, type Problem } from '../util/result';
import { removesRows, type OpResult } from './op';
import { getOp } from './registry';

export type { CleanContext, OpDefinition, OpResult, TextExample } from './op';
export { defineOp } from './op';

export interface RecipeStep {
  id: string;
  op: string;
  params: unknown;
  enabled: boolean;
  /** Statistics learned in 'fit' mode; JSON (null, never NaN/Infinity or typed arrays). */
  fitted?: unknown;
}

export interface Recipe {
  format: 'ml-studio-recipe';
  version: 1;
  steps: RecipeStep[];
}

export interface StepReport {
  id: string;
  changed: OpResult['changed'];
  problems: Problem[];
  rowsAfter: number;
  /** Before/after texts of a text step (see OpResult.examples). */
  examples?: OpResult['examples'];
  /** Disabled, invalid, unknown, or a row filter in predict mode. */
  skipped?: boolean;
}

export interface RunOptions {
  /** Fit mode only: learn statistics again even where a step has some. */
  refit?: boolean;
  mode?: 'fit' | 'predict';
}

export interface RunResult {
  table: Table;
  schema: ColumnSchema[];
  /** The recipe with fitted statistics filled in (a new object; the input is not mutated). */
  recipe: Recipe;
  reports: StepReport[];
}

export const emptyRecipe = (): Recipe => ({ format: 'ml-studio-recipe', version: 1, steps: [] });

export function runRecipe(table: Table, schema: ColumnSchema[], recipe: Recipe, opts: RunOptions = {}): RunResult {
  const mode = opts.mode ?? 'fit';
  let ctx = { table, schema };
  const steps: RecipeStep[] = [];
  const reports: StepReport[] = [];
  const skip = (step: RecipeStep, problems: Problem[] = []) => {
    steps.push(step);
    reports.push({ id: step.id, changed: {}, problems, rowsAfter: ctx.table.rowCount, skipped: true });
  };
  for (const step of recipe.steps) {
    if (!step.enabled) {
      skip(step);
      continue;
    }
    const op = getOp(step.op);
    if (!op) {
      skip(step, [{ ...problem(`Unknown cleaning step "${step.op}"`, 'It may come from a newer version of the studio.'), code: 'unknown-op' }]);
      continue;
    }
    if (mode === 'predict' && removesRows(op, step.params)) {
      skip(step);
      continue;
    }
    const invalid = op.validate(step.params, ctx);
    if (invalid) {
      skip(step, [invalid]);
      continue;
    }
    let fitted = step.fitted;
    if (op.fit) {
      if (mode === 'fit' && (opts.refit || fitted === undefined)) fitted = op.fit(step.params, ctx);
      else if (fitted === undefined) {
        skip(step, [
          { ...problem(`"${op.describe(step.params)}" has not learned its statistics yet`, 'Run the recipe on the training data first.'), code: 'not-fitted' },
        ]);
        continue;
      }
    }
    const result = op.apply(step.params, fitted, ctx);
    ctx = { table: result.table, schema: result.schema };
    steps.push(op.fit ? { ...step, fitted } : step);
    const report: StepReport = { id: step.id, changed: result.changed, problems: result.problems, rowsAfter: result.table.rowCount };
    if (result.examples && result.examples.length > 0) report.examples = result.examples;
    reports.push(report);
  }
  return { table: ctx.table, schema: ctx.schema, recipe: { ...recipe, steps }, reports };
}
