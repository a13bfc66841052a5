/** Expected failures are values (architecture rule 10): a message a student understands. */
export type Result<T, E = Problem> = { ok: true; value: T } | { ok: false; error: E };

/** A user-facing problem: what went wrong, where, and how to fix it. */
export interface Problem {
  /** Short headline, e.g. "Row 17 has 5 fields, the header has 4". */
  message: string;
  /** Where it is, when known (1-based row numbers as a spreadsheet shows them, column names). */
  where?: { row?: number; column?: string };
  /** What the user can do about it. */
  hint?: string;
  /** Machine-readable kind, when the UI offers a fix (e.g. 'ragged-rows' → "Skip N rows"). */
  code?: string;
  /** How many rows/cells the problem affects, when counted. */
  count?: number;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = Problem>(error: E): Result<never, E> => ({ ok: false, error });
export const problem = (message: string, hint?: string, where?: Problem['where']): Problem => ({
  message,
  ...(hint !== undefined ? { hint } : {}),
  ...(where !== undefined ? { where } : {}),
});
