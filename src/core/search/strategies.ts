/**
 * Search strategies: each proposes the next configuration from the observations so far.
 * Grid enumerates a fixed lattice, random draws along each scale, TPE (tpe.ts) models good and
 * bad regions. All are seeded; none keeps hidden state beyond its position and its rng.
 */
import { createRng } from '../util/rng';
import { fromUnit, pointKey, samplePoint, type Observation, type Point, type SearchSpace } from './space';
import { suggestTpe, type TpeOptions } from './tpe';

export type StrategyId = 'grid' | 'random' | 'bayes';

export interface Strategy {
  /** The next configuration, or undefined when the strategy has nothing left (a finished grid). */
  suggest(observations: readonly Observation[]): Point | undefined;
}

/**
 * Every combination of `steps` values per numeric parameter (evenly spaced along its scale,
 * ends included; ints deduplicated) and every choice of each categorical one. The first
 * parameter varies slowest.
 */
export function gridPoints(space: SearchSpace, steps: number): Point[] {
  const axes = space.map((p) => {
    if (p.kind === 'categorical') return [...p.choices];
    const n = Math.max(1, Math.floor(steps));
    const values = Array.from({ length: n }, (_, i) => fromUnit(p, n === 1 ? 0.5 : i / (n - 1)));
    return [...new Set(values)];
  });
  let points: Point[] = [{}];
  space.forEach((p, i) => {
    points = points.flatMap((pt) => axes[i]!.map((v) => ({ ...pt, [p.key]: v })));
  });
  return space.length ? points : [];
}

export function gridStrategy(space: SearchSpace, steps: number): Strategy {
  const points = gridPoints(space, steps);
  let next = 0;
  return { suggest: () => points[next++] };
}

/** Uniform draws along each scale; a configuration already drawn is redrawn (up to 50 times). */
export function randomStrategy(space: SearchSpace, seed: number): Strategy {
  const rng = createRng(seed);
  const seen = new Set<string>();
  return {
    suggest() {
      let p = samplePoint(space, rng);
      for (let i = 0; i < 50 && seen.has(pointKey(space, p)); i++) p = samplePoint(space, rng);
      seen.add(pointKey(space, p));
      return p;
    },
  };
}

/** Tree-structured Parzen estimator (Bergstra et al. 2011); random for the first `startup` trials. */
export function tpeStrategy(space: SearchSpace, seed: number, options: Partial<TpeOptions> = {}): Strategy {
  const rng = createRng(seed);
  return { suggest: (obs) => suggestTpe(space, obs, rng, options) };
}

export function makeStrategy(id: StrategyId, space: SearchSpace, seed: number, gridSteps = 4): Strategy {
  if (id === 'grid') return gridStrategy(space, gridSteps);
  if (id === 'random') return randomStrategy(space, seed);
  return tpeStrategy(space, seed);
}
