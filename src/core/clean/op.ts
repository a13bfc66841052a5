/**
 * The contract every cleaning op implements (architecture rule 6: one file per op + one registry line).
 * Params and fitted statistics are plain JSON (no typed arrays, no NaN/Infinity: null instead), so a
 * recipe can be saved, exported in a bundle and replayed before every prediction.
 */
import type { ColumnSchema } from '../data/schema';
import type { Table } from '../data/table';
import type { Problem } from '../util/result';

export interface CleanContext {
  table: Table;
  schema: ColumnSchema[];
}

export interface OpResult {
  table: Table;
  schema: ColumnSchema[];
  changed: { rows?: number; cells?: number; columns?: number };
  problems: Problem[];
  /**
   * Up to 3 texts the step changed, so a student sees what it did ("before → after"); a row filter
   * gives the texts it removed, with after ''. Absent for ops that do not touch text.
   */
  examples?: TextExample[];
  /**
   * Row filters: which input rows were kept (1) or removed (0), so cross-validation can tell which
   * raw row each cleaned row came from. Absent for ops that keep every row.
   */
  kept?: Uint8Array;
}

export interface TextExample {
  before: string;
  after: string;
}

export interface OpDefinition<P, F = undefined> {
  type: string;
  label: string;
  /** One sentence a student understands. */
  summary: string;
  /**
   * True if it removes rows: such steps are skipped in predict mode (one row in, one row out).
   * A function when it depends on the params (outliers: 'remove' filters, 'clip' does not).
   */
  rowFilter: boolean | ((params: P) => boolean);
  defaultParams(ctx: CleanContext): P;
  /** e.g. "Impute Age with the median". */
  describe(params: P): string;
  /** A problem (e.g. a column that no longer exists) makes the recipe skip and report the step. */
  validate(params: P, ctx: CleanContext): Problem | null;
  /** Statistics learned once on the training data (median, IQR bounds, mode). */
  fit?(params: P, ctx: CleanContext): F;
  apply(params: P, fitted: F, ctx: CleanContext): OpResult;
}

export const defineOp = <P, F = undefined>(def: OpDefinition<P, F>) => def;

/** An op with its params/fitted types erased, as the registry and the recipe runner hold it. */
export type AnyOp = OpDefinition<unknown, unknown>;

export const eraseOp = <P, F>(def: OpDefinition<P, F>): AnyOp => def as unknown as AnyOp;

export function removesRows<P>(def: OpDefinition<P, unknown>, params: P): boolean {
  return typeof def.rowFilter === 'function' ? def.rowFilter(params) : def.rowFilter;
}
