/** Helpers for the cleaning op tests: build a context, read a column back as plain values. */
import { inferSchema } from '../data/infer-type';
import { cellValue, tableFromRows, type Table } from '../data/table';
import type { CleanContext, OpDefinition, OpResult } from './op';

export function ctxOf(names: string[], rows: (number | string | null)[][]): CleanContext {
  const table = tableFromRows(names, rows);
  return { table, schema: inferSchema(table) };
}

export function columnValues(table: Table, name: string): (number | string | null)[] {
  const col = table.columns.find((c) => c.name === name);
  if (!col) throw new Error(`no column ${name}`);
  return Array.from({ length: table.rowCount }, (_, i) => cellValue(col, i));
}

/** validate → fit → apply, throwing on a validation problem (tests of the happy path). */
export function runOp<P, F>(op: OpDefinition<P, F>, params: NoInfer<P>, ctx: CleanContext): OpResult & { fitted: F } {
  const bad = op.validate(params, ctx);
  if (bad) throw new Error(bad.message);
  const fitted = (op.fit ? op.fit(params, ctx) : undefined) as F;
  return { ...op.apply(params, fitted, ctx), fitted };
}
