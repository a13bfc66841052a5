/**
 * A search space: numeric parameters (linear or log scale, int or float) and categorical ones.
 * Strategies work in the unit cube: each numeric parameter maps to [0, 1] (log scale: in log
 * space), so one kernel width suits a learning rate from 1e-4 to 1 as well as a depth from 1 to 10.
 */
import type { Rng } from '../util/rng';

export type NumericParam = { kind: 'float' | 'int'; key: string; low: number; high: number; log: boolean };
export type CategoricalParam = { kind: 'categorical'; key: string; choices: readonly (string | number)[] };
export type SearchParam = NumericParam | CategoricalParam;
export type SearchSpace = readonly SearchParam[];

/** One configuration: a value per parameter key. */
export type Point = Record<string, number | string>;

/** A scored configuration; higher scores are better (minimise f by scoring −f). */
export interface Observation {
  point: Point;
  score: number;
  /** The budget (epochs, rounds) it was scored with; absent = the full budget. */
  budget?: number;
}

/** A problem with the space, or undefined when it is usable. */
export function checkSpace(space: SearchSpace): string | undefined {
  if (space.length === 0) return 'Choose at least one parameter to vary.';
  for (const p of space) {
    if (p.kind === 'categorical') {
      if (p.choices.length === 0) return `${p.key}: choose at least one value.`;
    } else {
      if (!Number.isFinite(p.low) || !Number.isFinite(p.high) || p.low > p.high) return `${p.key}: the range must go from a lower to a higher number.`;
      if (p.log && p.low <= 0) return `${p.key}: a log-scale range must start above 0.`;
    }
  }
  return undefined;
}

/** Position of v in [0, 1] along the parameter's scale. */
export function toUnit(p: NumericParam, v: number): number {
  if (p.high === p.low) return 0.5;
  const [a, b, x] = p.log ? [Math.log(p.low), Math.log(p.high), Math.log(v)] : [p.low, p.high, v];
  return Math.min(1, Math.max(0, (x - a) / (b - a)));
}

/** The value at unit position u (ints rounded, always within [low, high]). */
export function fromUnit(p: NumericParam, u: number): number {
  const c = Math.min(1, Math.max(0, u));
  const v = p.log ? Math.exp(Math.log(p.low) + c * (Math.log(p.high) - Math.log(p.low))) : p.low + c * (p.high - p.low);
  const clamped = Math.min(p.high, Math.max(p.low, v));
  return p.kind === 'int' ? Math.min(Math.floor(p.high), Math.max(Math.ceil(p.low), Math.round(clamped))) : clamped;
}

/** A point drawn uniformly along each parameter's scale. */
export function samplePoint(space: SearchSpace, rng: Rng): Point {
  const out: Point = {};
  for (const p of space) out[p.key] = p.kind === 'categorical' ? p.choices[rng.int(p.choices.length)]! : fromUnit(p, rng.next());
  return out;
}

/** A stable key of a point (to skip configurations already tried). */
export const pointKey = (space: SearchSpace, point: Point): string => space.map((p) => `${p.key}=${String(point[p.key])}`).join('&');
