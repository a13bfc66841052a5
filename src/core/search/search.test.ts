import { describe, expect, test } from 'vitest';
import { createRng } from '../util/rng';
import { bestTrial, checkSpace, fromUnit, gridPoints, halvingRungs, promote, randomStrategy, runSearch, samplePoint, toUnit, tpeStrategy, type SearchSpace, type SearchTrial, type Strategy } from '.';
import { branin, BRANIN_SPACE, hartmann3, HARTMANN3_SPACE, trialsToTarget } from './test-functions';

describe('grid', () => {
  test('enumerates every combination, first parameter slowest, ends included', () => {
    const space: SearchSpace = [
      { kind: 'float', key: 'lr', low: 0.001, high: 0.1, log: true },
      { kind: 'categorical', key: 'act', choices: ['relu', 'tanh'] },
    ];
    const pts = gridPoints(space, 3);
    expect(pts).toHaveLength(6);
    expect(pts.map((p) => p.act)).toEqual(['relu', 'tanh', 'relu', 'tanh', 'relu', 'tanh']);
    const lrs = pts.filter((_, i) => i % 2 === 0).map((p) => p.lr as number);
    expect(lrs[0]).toBeCloseTo(0.001, 12);
    expect(lrs[1]).toBeCloseTo(0.01, 12); // the middle of a log range is the geometric mean
    expect(lrs[2]).toBeCloseTo(0.1, 12);
  });

  test('an int range with fewer values than steps gives each value once', () => {
    const pts = gridPoints([{ kind: 'int', key: 'depth', low: 2, high: 4, log: false }], 6);
    expect(pts.map((p) => p.depth)).toEqual([2, 3, 4]);
  });
});

describe('random', () => {
  const space: SearchSpace = [
    { kind: 'float', key: 'lr', low: 1e-4, high: 1, log: true },
    { kind: 'int', key: 'depth', low: 1, high: 10, log: false },
    { kind: 'categorical', key: 'act', choices: ['relu', 'tanh', 'gelu'] },
  ];

  test('is reproducible from its seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 20 }, ((s) => () => s.suggest([])!)(randomStrategy(space, seed)));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  test('stays within bounds and is uniform along the log scale', () => {
    const rng = createRng(3);
    const lrs: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const p = samplePoint(space, rng);
      const lr = p.lr as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(p.depth)).toBe(true);
      expect(p.depth as number).toBeGreaterThanOrEqual(1);
      expect(p.depth as number).toBeLessThanOrEqual(10);
      expect(['relu', 'tanh', 'gelu']).toContain(p.act);
      lrs.push(lr);
    }
    // Each decade of [1e-4, 1] gets about a quarter of the draws (a linear scale would put 90 % in the last one).
    for (let d = -4; d < 0; d++) {
      const share = lrs.filter((v) => v >= 10 ** d && v < 10 ** (d + 1)).length / lrs.length;
      expect(share).toBeGreaterThan(0.2);
      expect(share).toBeLessThan(0.3);
    }
  });

  test('unit positions round-trip on linear and log scales', () => {
    const p = { kind: 'float' as const, key: 'a', low: 0.01, high: 100, log: true };
    expect(toUnit(p, 1)).toBeCloseTo(0.5, 12);
    expect(fromUnit(p, toUnit(p, 3.7))).toBeCloseTo(3.7, 9);
    expect(checkSpace([{ kind: 'float', key: 'l2', low: 0, high: 1, log: true }])).toMatch(/above 0/);
  });
});

describe('TPE finds the optimum of known functions in fewer trials than random search', () => {
  const SEEDS = 20;
  const compare = (make: (s: number) => [Strategy, Strategy], f: (p: Record<string, number | string>) => number, target: number, cap: number) => {
    const tpe: number[] = [];
    const rnd: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const [t, r] = make(seed);
      tpe.push(trialsToTarget(t, f, target, cap));
      rnd.push(trialsToTarget(r, f, target, cap));
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    return { tpe: mean(tpe), random: mean(rnd) };
  };

  test('Branin (minimum 0.3979): f ≤ 1', () => {
    const r = compare((s) => [tpeStrategy(BRANIN_SPACE, s), randomStrategy(BRANIN_SPACE, s)], (p) => branin(p.x as number, p.y as number), 1, 300);
    expect(r.tpe).toBeLessThan(r.random * 0.7);
  });

  test('Hartmann 3-D (minimum −3.8628): f ≤ −3.6', () => {
    const r = compare((s) => [tpeStrategy(HARTMANN3_SPACE, s), randomStrategy(HARTMANN3_SPACE, s)], (p) => hartmann3([p.x1 as number, p.x2 as number, p.x3 as number]), -3.6, 400);
    expect(r.tpe).toBeLessThan(r.random * 0.7);
  });
});

describe('successive halving', () => {
  test('9 configurations, η = 3, budgets 1…9: rungs of 9, 3 and 1', () => {
    expect(halvingRungs(9, 1, 9, 3)).toEqual([
      { budget: 1, size: 9 },
      { budget: 3, size: 3 },
      { budget: 9, size: 1 },
    ]);
    // 27 rounds at most and at least 3: 27 → 9 → 3 configurations at 3, 9, 27 rounds.
    expect(halvingRungs(27, 3, 27, 3)).toEqual([
      { budget: 3, size: 27 },
      { budget: 9, size: 9 },
      { budget: 27, size: 3 },
    ]);
  });

  test('keeps the top 1/η, NaN last', () => {
    expect(promote([0.5, 0.9, NaN, 0.7, 0.1, 0.8, 0.2, 0.3, 0.6], 3)).toEqual([1, 5, 3]);
    expect(promote([0.2, 0.4], 3)).toEqual([1]);
  });

  test('the search runs the rungs with growing budgets and prunes the rest', async () => {
    // Score = quality × budget share: the same configurations win at every rung.
    const quality = [0.5, 0.9, 0.1, 0.7, 0.3, 0.8, 0.2, 0.4, 0.6];
    let i = 0;
    const strategy: Strategy = { suggest: () => ({ q: quality[i++]! }) };
    const calls: [number, number | undefined][] = [];
    const seen = new Map<number, SearchTrial>();
    const trials = await runSearch(
      { space: [{ kind: 'float', key: 'q', low: 0, high: 1, log: false }], strategy, maxTrials: 9, parallel: 2, halving: { minBudget: 1, maxBudget: 9, eta: 3 } },
      {
        evaluate: async (p, budget) => {
          calls.push([p.q as number, budget]);
          return { score: (p.q as number) * (budget ?? 9) };
        },
        update: (t) => seen.set(t.id, t),
        stopped: () => false,
        waitWhilePaused: async () => {},
        now: () => 0,
      },
    );
    expect(calls.filter(([, b]) => b === 1)).toHaveLength(9);
    expect(calls.filter(([, b]) => b === 3).map(([q]) => q).sort()).toEqual([0.7, 0.8, 0.9]);
    expect(calls.filter(([, b]) => b === 9).map(([q]) => q)).toEqual([0.9]);
    expect(trials.filter((t) => t.status === 'pruned')).toHaveLength(8);
    expect(bestTrial(trials)?.point.q).toBe(0.9);
    expect(seen.get(2)?.rungs.map((r) => r.budget)).toEqual([1, 3, 9]);
  });
});

describe('runSearch', () => {
  const space: SearchSpace = [{ kind: 'float', key: 'x', low: 0, high: 1, log: false }];
  test('stops starting trials when stopped, and keeps the trials so far', async () => {
    let n = 0;
    const trials = await runSearch(
      { space, strategy: randomStrategy(space, 1), maxTrials: 50, parallel: 1 },
      { evaluate: async (p) => ({ score: p.x as number }), update: () => {}, stopped: () => ++n > 5, waitWhilePaused: async () => {}, now: () => 0 },
    );
    expect(trials.length).toBeGreaterThan(0);
    expect(trials.length).toBeLessThan(50);
    expect(trials.every((t) => t.status === 'done')).toBe(true);
  });

  test('runs up to `parallel` evaluations at once and respects maxTrials', async () => {
    let running = 0;
    let peak = 0;
    const trials = await runSearch(
      { space, strategy: randomStrategy(space, 2), maxTrials: 7, parallel: 3 },
      {
        evaluate: async (p) => {
          peak = Math.max(peak, ++running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          return { score: p.x as number };
        },
        update: () => {},
        stopped: () => false,
        waitWhilePaused: async () => {},
        now: () => 0,
      },
    );
    expect(trials).toHaveLength(7);
    expect(peak).toBe(3);
  });

  test('a failing evaluation marks its trial failed and the search goes on', async () => {
    let k = 0;
    const trials = await runSearch(
      { space, strategy: { suggest: () => ({ x: k++ }) }, maxTrials: 3, parallel: 1 },
      {
        evaluate: async (p) => {
          if (p.x === 0) throw new Error('boom');
          return { score: 1 };
        },
        update: () => {},
        stopped: () => false,
        waitWhilePaused: async () => {},
        now: () => 0,
      },
    );
    expect(trials.map((t) => t.status)).toEqual(['failed', 'done', 'done']);
  });
});
