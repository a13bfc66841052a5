/**
 * Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl 2011, as in hyperopt):
 * split the observations into the best γ and the rest, model each with a Parzen estimator
 * (truncated Gaussians on [0, 1] per numeric parameter, smoothed counts per categorical one, a
 * flat prior added to both), draw candidates from the good model and keep the one with the
 * highest l(x)/g(x). Parameters are modelled independently, as hyperopt does.
 */
import type { Rng } from '../util/rng';
import { fromUnit, samplePoint, toUnit, type NumericParam, type Observation, type Point, type SearchSpace } from './space';

export interface TpeOptions {
  /** Random trials before the model is used. */
  startup: number;
  /** Share of observations in the "good" group (at most 25 of them). */
  gamma: number;
  /** Candidates drawn from the good model per suggestion. */
  candidates: number;
  /**
   * Share of suggestions drawn at random after the startup. TPE models parameters one by one and
   * is greedy: a categorical choice that never scored among the best stays unlikely; a few random
   * draws keep looking (hyperopt's "mix" of tpe and rand).
   */
  explore: number;
}

export const TPE_DEFAULTS: TpeOptions = { startup: 10, gamma: 0.25, candidates: 24, explore: 0.2 };

interface Parzen {
  mus: number[];
  sigmas: number[];
  weights: number[];
}

const SQRT2 = Math.SQRT2;
/** Abramowitz–Stegun 7.1.26 (error < 1.5e-7), enough for kernel masses. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const cdf = (z: number) => 0.5 * (1 + erf(z / SQRT2));

/** Kernels at the observed unit positions plus a flat-ish prior (mean ½, width 1), hyperopt's bandwidths. */
function parzen(values: number[]): Parzen {
  const all = [...values, 0.5].map((v, i) => ({ v, prior: i === values.length }));
  const sorted = [...all].sort((a, b) => a.v - b.v);
  const minSigma = 1 / Math.min(100, all.length + 1);
  const mus: number[] = [];
  const sigmas: number[] = [];
  sorted.forEach((k, i) => {
    const left = i > 0 ? k.v - sorted[i - 1]!.v : k.v;
    const right = i < sorted.length - 1 ? sorted[i + 1]!.v - k.v : 1 - k.v;
    mus.push(k.v);
    sigmas.push(k.prior ? 1 : Math.min(1, Math.max(minSigma, left, right)));
  });
  return { mus, sigmas, weights: mus.map(() => 1 / mus.length) };
}

function logDensity(pz: Parzen, x: number): number {
  let d = 0;
  for (let i = 0; i < pz.mus.length; i++) {
    const mu = pz.mus[i]!;
    const s = pz.sigmas[i]!;
    const mass = cdf((1 - mu) / s) - cdf(-mu / s);
    const z = (x - mu) / s;
    d += (pz.weights[i]! * Math.exp(-0.5 * z * z)) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  }
  return Math.log(Math.max(d, 1e-300));
}

function sampleParzen(pz: Parzen, rng: Rng): number {
  const i = rng.int(pz.mus.length);
  for (let tries = 0; tries < 30; tries++) {
    // Box–Muller; rejection keeps the draw inside [0, 1] (a truncated Gaussian).
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const x = pz.mus[i]! + pz.sigmas[i]! * z;
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, pz.mus[i]!));
}

/** The observations the model learns from: those of the largest budget with enough of them (as BOHB), else all. */
function usable(obs: readonly Observation[], need: number): readonly Observation[] {
  const budgets = [...new Set(obs.map((o) => o.budget ?? Infinity))].sort((a, b) => b - a);
  for (const b of budgets) {
    const group = obs.filter((o) => (o.budget ?? Infinity) === b);
    if (group.length >= need) return group;
  }
  return obs;
}

export function suggestTpe(space: SearchSpace, observations: readonly Observation[], rng: Rng, options: Partial<TpeOptions> = {}): Point {
  const opt = { ...TPE_DEFAULTS, ...options };
  const finite = observations.filter((o) => Number.isFinite(o.score));
  if (finite.length < opt.startup || rng.next() < opt.explore) return samplePoint(space, rng);
  const obs = [...usable(finite, Math.max(space.length + 2, Math.ceil(opt.startup / 2)))].sort((a, b) => b.score - a.score);
  const nGood = Math.min(25, Math.max(1, Math.ceil(opt.gamma * obs.length)));
  const good = obs.slice(0, nGood);
  const bad = obs.slice(nGood);
  const models = space.map((p) => {
    if (p.kind === 'categorical') {
      const probs = (group: readonly Observation[]) => {
        // One prior observation per choice: a choice never seen among the good keeps a fair chance.
        const counts = p.choices.map((c) => 1 + group.filter((o) => o.point[p.key] === c).length);
        const total = counts.reduce((a, b) => a + b, 0);
        return counts.map((c) => c / total);
      };
      return { kind: 'categorical' as const, l: probs(good), g: probs(bad) };
    }
    const unit = (group: readonly Observation[]) => group.map((o) => toUnit(p, Number(o.point[p.key])));
    return { kind: 'numeric' as const, l: parzen(unit(good)), g: parzen(unit(bad)) };
  });
  let best: Point | undefined;
  let bestScore = -Infinity;
  for (let c = 0; c < opt.candidates; c++) {
    const point: Point = {};
    let score = 0;
    space.forEach((p, i) => {
      const m = models[i]!;
      if (m.kind === 'categorical' && p.kind === 'categorical') {
        let r = rng.next();
        let k = 0;
        while (k < m.l.length - 1 && r >= m.l[k]!) r -= m.l[k++]!;
        point[p.key] = p.choices[k]!;
        score += Math.log(m.l[k]!) - Math.log(m.g[k]!);
      } else if (m.kind === 'numeric') {
        const num = p as NumericParam;
        const u = sampleParzen(m.l, rng);
        const v = fromUnit(num, u);
        point[p.key] = v;
        // Scored where the value really is (an int is rounded), so l and g see what runs.
        const at = toUnit(num, v);
        score += logDensity(m.l, at) - logDensity(m.g, at);
      }
    });
    if (score > bestScore) {
      bestScore = score;
      best = point;
    }
  }
  return best ?? samplePoint(space, rng);
}
