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
