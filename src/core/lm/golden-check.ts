/**
 * Shared by the golden tests (cpu and wasm backends): compares the studio's GPT with the PyTorch
 * reference on the committed fixture (fixtures/gpt-tiny, made by scripts/lm/make_golden.py from
 * shared/bench/gpt-reference/torch_logits.py): logits with both GELUs, the loss, and every gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importHf } from './hf';
import { createTrainer } from './trainer';
import { readSafetensors, toFloat32, toInt32 } from './safetensors';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'gpt-tiny');

export interface GoldenDiffs {
  logitsExact: number;
  logitsTanh: number;
  loss: number;
  /** Largest |grad − reference| over all parameters. */
  grad: number;
  gradCount: number;
  referenceLoss: number;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

export function goldenDiffs(): GoldenDiffs {
  const configText = readFileSync(path.join(dir, 'config.json'), 'utf8');
  const weights = readFileSync(path.join(dir, 'model.safetensors'));
  const expected = readSafetensors(readFileSync(path.join(dir, 'expected.safetensors')));
  const get = (k: string) => expected.tensors.get(k)!;
  const x = tf.tensor2d(toInt32(get('x')), get('x').shape as [number, number], 'int32');
  const y = tf.tensor2d(toInt32(get('y')), get('y').shape as [number, number], 'int32');

  const exact = importHf(configText, weights);
  const tanh = importHf({ ...(JSON.parse(configText) as object), activation_function: 'gelu_new' }, weights);
  const logitsExact = exact.forward(x);
  const logitsTanh = tanh.forward(x);
  const { value, grads } = tf.variableGrads(() => exact.loss(x, y), [...exact.params.values()]);
  let grad = 0;
  let gradCount = 0;
  const byVarName = new Map([...exact.params].map(([name, v]) => [v.name, name]));
  for (const [varName, g] of Object.entries(grads)) {
    const ref = toFloat32(get(`grad.${byVarName.get(varName)!}`));
    grad = Math.max(grad, maxAbsDiff(g.dataSync(), ref));
    gradCount++;
  }
  const out: GoldenDiffs = {
    logitsExact: maxAbsDiff(logitsExact.dataSync(), toFloat32(get('logits_gelu'))),
    logitsTanh: maxAbsDiff(logitsTanh.dataSync(), toFloat32(get('logits_gelu_new'))),
    loss: Math.abs(value.dataSync()[0]! - toFloat32(get('loss'))[0]!),
    grad,
    gradCount,
    referenceLoss: toFloat32(get('loss'))[0]!,
  };
  tf.dispose([x, y, logitsExact, logitsTanh, value, ...Object.values(grads)]);
  exact.dispose();
  tanh.dispose();
  return out;
}

export interface GoldenTrainDiffs {
  losses: number;
  gradNorms: number;
  /** Largest |weight − reference| after three AdamW steps. */
  weights: number;
}

/** Three trainer steps against three torch.optim.AdamW steps set up as torch_gpt.py (see make_golden.py). */
export async function goldenTrainDiffs(): Promise<GoldenTrainDiffs> {
  const expected = readSafetensors(readFileSync(path.join(dir, 'expected.safetensors')));
  const get = (k: string) => expected.tensors.get(k)!;
  const t = JSON.parse(expected.metadata.get('train')!) as { lr: number; min_lr: number; warmup: number; decay_iters: number; wd: number; clip: number; betas: [number, number] };
  const model = importHf(readFileSync(path.join(dir, 'config.json'), 'utf8'), readFileSync(path.join(dir, 'model.safetensors')));
  const trainer = createTrainer(model, {
    learningRate: t.lr, minLr: t.min_lr, warmupIters: t.warmup, lrDecayIters: t.decay_iters,
    beta1: t.betas[0], beta2: t.betas[1], weightDecay: t.wd, gradClip: t.clip,
  });
  const x = tf.tensor2d(toInt32(get('x')), get('x').shape as [number, number], 'int32');
  const y = tf.tensor2d(toInt32(get('y')), get('y').shape as [number, number], 'int32');
  const losses: number[] = [];
  const norms: number[] = [];
  for (let i = 0; i < 3; i++) {
    losses.push(await trainer.stepAsync(x, y));
    norms.push((await trainer.lastGradNorm())!);
  }
  let weights = 0;
  // The key bias (c_attn.bias[C:2C]) has a gradient of exactly zero in exact arithmetic (softmax ignores
  // a constant added to every score of a row); both sides see float noise of ~1e-9 there, which Adam
  // normalises into ±lr-sized steps of arbitrary sign. Those C entries per layer are left out.
  const C = model.config.nEmbd;
  for (const [name, v] of model.params) {
    const ours = v.dataSync();
    const ref = toFloat32(get(`trained.${name}`));
    for (let i = 0; i < ours.length; i++) {
      if (name.endsWith('attn.c_attn.bias') && i >= C && i < 2 * C) continue;
      weights = Math.max(weights, Math.abs(ours[i]! - ref[i]!));
    }
  }
  const out = { losses: maxAbsDiff(losses, toFloat32(get('train_losses'))), gradNorms: maxAbsDiff(norms, toFloat32(get('train_grad_norms'))), weights };
  tf.dispose([x, y]);
  trainer.dispose();
  model.dispose();
  return out;
}
