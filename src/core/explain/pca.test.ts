import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { pca } from './pca';

const PY = '/usr/bin/python3';
const hasNumpy = spawnSync(PY, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

/** numpy's SVD of the centred data, with our sign convention (largest-magnitude loading positive). */
const NUMPY = `
import json, sys
import numpy as np
d = json.load(sys.stdin)
x = np.array(d['x'], dtype=np.float64).reshape(d['n'], d['d'])
c = x - x.mean(axis=0)
u, s, vt = np.linalg.svd(c, full_matrices=False)
vt = vt[:2]
for a in range(2):
    if vt[a, np.argmax(np.abs(vt[a]))] < 0: vt[a] = -vt[a]
var = (s[:2] ** 2) / (d['n'] - 1)
print(json.dumps({'axes': vt.ravel().tolist(), 'coords': (c @ vt.T).ravel().tolist(), 'explained': (var / ((s ** 2).sum() / (d['n'] - 1))).tolist()}))
`;

describe('pca', () => {
  it('finds the axes of hand-made data', () => {
    // Points on the line y = 2x (plus a small orthogonal wobble): the first axis is (1, 2)/√5.
    const pts = [-2, -1, 0, 1, 2].flatMap((t, i) => [t - (i % 2 ? 0.02 : -0.02) * 2, 2 * t + (i % 2 ? 0.02 : -0.02)]);
    const r = pca(pts, 5, 2);
    expect(r.axes[0]).toBeCloseTo(1 / Math.sqrt(5), 3);
    expect(r.axes[1]).toBeCloseTo(2 / Math.sqrt(5), 3);
    expect(r.explained[0]).toBeGreaterThan(0.999);
    // Axes are orthonormal.
    expect(r.axes[0]! * r.axes[2]! + r.axes[1]! * r.axes[3]!).toBeCloseTo(0, 9);
    expect(r.coords).toHaveLength(10);
  });

  it('gives every point 0 for constant data', () => {
    const r = pca([1, 2, 1, 2, 1, 2], 3, 2);
    expect([...r.coords].every((v) => v === 0)).toBe(true);
    expect(r.explained).toEqual([0, 0]);
  });

  it.skipIf(!hasNumpy)('matches numpy.linalg.svd on random correlated data (axes, coordinates, explained variance)', () => {
    const rng = createRng(42);
    const n = 300;
    const d = 12;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const a = rng.next() * 6 - 3;
      const b = rng.next() * 2 - 1;
      for (let j = 0; j < d; j++) x[i * d + j] = a * Math.cos(j) + b * Math.sin(2 * j) + 0.1 * (rng.next() - 0.5) + j;
    }
    const ours = pca(x, n, d);
    const run = spawnSync(PY, ['-c', NUMPY], { input: JSON.stringify({ x: [...x], n, d }), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const ref = JSON.parse(run.stdout) as { axes: number[]; coords: number[]; explained: number[] };
    const diff = (a: ArrayLike<number>, b: number[]) => Math.max(...b.map((v, i) => Math.abs(v - a[i]!)));
    console.log('pca vs numpy:', diff(ours.axes, ref.axes), diff(ours.coords, ref.coords), ours.explained, ref.explained);
    expect(diff(ours.axes, ref.axes)).toBeLessThan(1e-6);
    expect(diff(ours.coords, ref.coords)).toBeLessThan(1e-5);
    expect(diff(ours.explained, ref.explained)).toBeLessThan(1e-9);
  });

  if (!hasNumpy) it('skips the numpy comparison: /usr/bin/python3 has no numpy', () => expect(hasNumpy).toBe(false));
});
