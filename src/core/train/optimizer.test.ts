import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedRowWeights, batchLoss, batchTargets, rowLosses } from './loss';
import { suggestedRate } from './messages';
import { applyUpdate, createOptimizer, l2Penalty, scheduledRate } from './optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let uid = 0;
/** A 2×2 kernel and a bias with fixed gradients g (loss = Σ w·g_w + Σ b·g_b). */
function setup(w0: number[], b0: number[]) {
  const w = tf.variable(tf.tensor2d(w0, [2, 2]), true, `opt-test-w-${uid}`);
  const b = tf.variable(tf.tensor1d(b0), true, `opt-test-b-${uid++}`);
  return { w, b, vars: [w, b] };
}
const G = [0.5, -1, 2, -0.25];
const GB = [-3];

function step(optimizer: tf.Optimizer, hp: Parameters<typeof applyUpdate>[1], vars: tf.Variable[]): void {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.add(tf.sum(tf.mul(vars[0]!, tf.tensor2d(G, [2, 2]))), tf.sum(tf.mul(vars[1]!, tf.tensor1d(GB)))) as tf.Scalar, vars);
    applyUpdate(optimizer, hp, vars, grads);
  });
}

describe('learning-rate warmup', () => {
  it('is Hugging Face’s linear schedule: 0 → lr over the warmup, then down to 0; none without a warmup', () => {
    const hp = { learningRate: 1e-4, warmupFraction: 0.1 };
    // 100 steps, 10 of warmup: lr·s/10, then lr·(100 − s)/90.
    expect(scheduledRate(hp, 0, 100)).toBe(0);
    expect(scheduledRate(hp, 5, 100)).toBeCloseTo(5e-5, 12);
    expect(scheduledRate(hp, 10, 100)).toBeCloseTo(1e-4, 12);
    expect(scheduledRate(hp, 55, 100)).toBeCloseTo(5e-5, 12);
    expect(scheduledRate(hp, 99, 100)).toBeCloseTo(1e-4 / 90, 12);
    expect(scheduledRate({ learningRate: 1e-3 }, 0, 100)).toBe(1e-3);
    expect(scheduledRate({ learningRate: 1e-3, warmupFraction: 0 }, 50, 100)).toBe(1e-3);
  });
});

describe('AdamW (decoupled weight decay)', () => {
  it('matches two hand-computed PyTorch AdamW steps; the bias does not decay', () => {
    const lr = 0.1;
    const wd = 0.5;
    const hp = { optimizer: 'adamw', learningRate: lr, weightDecay: wd } as const;
    const w0 = [1, -2, 0.5, 3];
    const { w, b, vars } = setup(w0, [0.5]);
    const opt = createOptimizer(hp);
    // With a constant gradient Adam's bias-corrected moments are m̂ = g and v̂ = g² at every step,
    // so each step is w ← w·(1 − lr·wd) − lr·g/(|g| + ε), ε = 1e-8 (PyTorch's AdamW).
    let expW = w0;
    let expB = 0.5;
    for (let s = 0; s < 2; s++) {
      step(opt, hp, vars);
      expW = expW.map((v, i) => v * (1 - lr * wd) - (lr * G[i]!) / (Math.abs(G[i]!) + 1e-8));
      expB = expB - (lr * GB[0]!) / (Math.abs(GB[0]!) + 1e-8);
      const got = w.dataSync();
      expW.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
      expect(b.dataSync()[0]).toBeCloseTo(expB, 5);
    }
    // Step 1 by hand for w[0]: 1·(1 − 0.05) − 0.1 = 0.85; step 2: 0.85·0.95 − 0.1 = 0.7075.
    expect(w.dataSync()[0]).toBeCloseTo(0.7075, 5);
    opt.dispose();
    w.dispose();
    b.dispose();
  });

  it('plain adam with weightDecay 0: the first step is lr·sign(g)', () => {
    const hp = { optimizer: 'adam', learningRate: 0.1, weightDecay: 0 } as const;
    const { w, b, vars } = setup([1, 1, 1, 1], [0]);
    const opt = createOptimizer(hp);
    step(opt, hp, vars);
    expect([...w.dataSync()].map((v) => Number(v.toFixed(5)))).toEqual([0.9, 1.1, 0.9, 1.1]);
    opt.dispose();
    w.dispose();
    b.dispose();
  });

  it('sgd with weight decay adds wd·w to the kernel gradient only (coupled L2)', () => {
    const hp = { optimizer: 'sgd', learningRate: 0.1, weightDecay: 0.5 } as const;
    const w0 = [1, -2, 0.5, 3];
    const { w, b, vars } = setup(w0, [0.5]);
    const opt = createOptimizer(hp);
    step(opt, hp, vars);
    const got = w.dataSync();
    w0.forEach((v, i) => expect(got[i]).toBeCloseTo(v - 0.1 * (G[i]! + 0.5 * v), 6));
    expect(b.dataSync()[0]).toBeCloseTo(0.5 - 0.1 * GB[0]!, 6);
    opt.dispose();
    w.dispose();
    b.dispose();
  });
});

describe('losses', () => {
  it('softmax cross-entropy from logits, stable for large logits', () => {
    const out = tf.tensor2d([1, 2, 3, 1000, 0, 0], [2, 3]);
    const t = tf.tensor2d(batchTargets('classification', [2, 1], 3, [0, 1], 0, 2), [2, 3]);
    const rows = rowLosses('classification', out, t).dataSync();
    // ln(e¹ + e² + e³) − 3 = 0.4076059644; second row: ≈ 1000 − 0 (no overflow)
    expect(rows[0]).toBeCloseTo(0.4076059644, 5);
    expect(rows[1]).toBeCloseTo(1000, 2);
    const w = tf.tensor1d([2, 0.5]);
    // Keras class_weight semantics: mean of w·loss = (2·0.4076 + 0.5·1000)/2
    expect(batchLoss('classification', out, t, w).dataSync()[0]).toBeCloseTo((2 * 0.4076059644 + 500) / 2, 2);
    tf.dispose([out, t, w]);
  });

  it('squared error for regression', () => {
    const out = tf.tensor2d([1, 2], [2, 1]);
    const t = tf.tensor2d(batchTargets('regression', [3, 2.5], 1, [0, 1], 0, 2), [2, 1]);
    expect([...rowLosses('regression', out, t).dataSync()]).toEqual([4, 0.25]);
    expect(batchLoss('regression', out, t, null).dataSync()[0]).toBeCloseTo(2.125, 6);
    tf.dispose([out, t]);
  });

  it('balanced class weights as scikit-learn: n / (K · count)', () => {
    // y = [0,0,0,1]: w0 = 4/(2·3) = 2/3, w1 = 4/(2·1) = 2
    const w = balancedRowWeights([0, 0, 0, 1], 2);
    expect(w[0]).toBeCloseTo(2 / 3, 6);
    expect(w[3]).toBeCloseTo(2, 6);
  });

  it('L2 penalty is l2 · Σ w²', () => {
    const k = tf.variable(tf.tensor2d([1, 2, 3, 4], [2, 2]), false, 'l2-test-kernel');
    expect(l2Penalty([{ kernel: k, l2: 0.1 }])!.dataSync()[0]).toBeCloseTo(3, 5);
    expect(l2Penalty([])).toBeNull();
    k.dispose();
  });

  it('suggests a learning rate to try after a NaN', () => {
    expect(suggestedRate({ optimizer: 'sgd', learningRate: 10 })).toBe(0.01);
    expect(suggestedRate({ optimizer: 'adam', learningRate: 10 })).toBe(0.001);
    expect(suggestedRate({ optimizer: 'adam', learningRate: 0.001 })).toBe(0.0001);
  });
});
