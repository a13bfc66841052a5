/**
 * Semantic column types: what a column *means*, independent of how it is stored.
 * Inferred from the data (infer-type.ts) and overridable by the user.
 */
export const COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'date', 'text', 'identifier'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type TaskKind = 'classification' | 'regression';

export interface ColumnSchema {
  name: string;
  inferred: ColumnType;
  /** The user's choice, when they overrode the inferred type. */
  override?: ColumnType;
}

export const effectiveType = (c: ColumnSchema): ColumnType => c.override ?? c.inferred;
