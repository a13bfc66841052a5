/**
 * A fine-tune's checkpoint as bytes (issue 11 §3: resume after a reload): one safetensors file with
 *   model.<name>              what trains (every weight for full fine-tuning, the adapters for LoRA)
 *   optim.exp_avg.<name>      Adam first moments
 *   optim.exp_avg_sq.<name>   Adam second moments
 * and in __metadata__ the step, the trainable's dropout-rng state and the caller's other rng states
 * (the batch sampler's). The frozen base of a LoRA run is not in it: it is the stored model files.
 * Restoring into a fresh run of the same settings on the same base continues it exactly.
 */
import * as tf from '@tensorflow/tfjs';
import type { FineTuneRun } from './finetune';
import { readSafetensors, toFloat32, writeSafetensors, type StTensorInput } from './safetensors';

export const FINETUNE_CHECKPOINT_FORMAT = 'ml-studio-finetune-checkpoint';

type Settable = { setRngState?: (state: number) => void };

export async function saveFineTuneCheckpoint(run: FineTuneRun, rngStates: Record<string, number>): Promise<Uint8Array> {
  const params = [...run.trainable.params];
  const state = await run.trainer.getState();
  const tensors: [string, StTensorInput][] = [];
  for (const [name, v] of params) tensors.push([`model.${name}`, { data: (await v.data()) as Float32Array, shape: v.shape }]);
  for (const [name, v] of params) tensors.push([`optim.exp_avg.${name}`, { data: state.expAvg.get(name)!, shape: v.shape }]);
  for (const [name, v] of params) tensors.push([`optim.exp_avg_sq.${name}`, { data: state.expAvgSq.get(name)!, shape: v.shape }]);
  return writeSafetensors(tensors, {
    format: FINETUNE_CHECKPOINT_FORMAT,
    method: run.lora ? 'lora' : 'full',
    step: String(state.step),
    modelRng: String(run.trainable.rngState()),
    rngStates: JSON.stringify(rngStates),
  });
}

/** Puts a checkpoint's weights, moments, step and rng states into a fresh run; returns the caller's rng states. */
export function restoreFineTune(run: FineTuneRun, bytes: Uint8Array): { step: number; rngStates: Record<string, number> } {
  const file = readSafetensors(bytes);
  const meta = file.metadata;
  if (meta.get('format') !== FINETUNE_CHECKPOINT_FORMAT) throw new Error('Not an ML Studio fine-tune checkpoint');
  if (meta.get('method') !== (run.lora ? 'lora' : 'full')) throw new Error(`The checkpoint is of a ${meta.get('method')} fine-tune`);
  const part = (prefix: string) => {
    const out = new Map<string, Float32Array>();
    for (const [name, v] of run.trainable.params) {
      const t = file.tensors.get(prefix + name);
      if (!t || t.shape.join(',') !== v.shape.join(',')) throw new Error(`Checkpoint: ${prefix + name} is missing or has the wrong shape`);
      out.set(name, toFloat32(t));
    }
    return out;
  };
  const weights = part('model.');
  const step = Number(meta.get('step'));
  if (!Number.isInteger(step) || step < 0) throw new Error('Checkpoint: invalid step');
  run.trainer.setState({ step, expAvg: part('optim.exp_avg.'), expAvgSq: part('optim.exp_avg_sq.') });
  for (const [name, v] of run.trainable.params) {
    const t = tf.tensor(weights.get(name)!, v.shape);
    v.assign(t);
    t.dispose();
  }
  const modelRng = Number(meta.get('modelRng'));
  if (Number.isInteger(modelRng)) (run.trainable as Settable).setRngState?.(modelRng);
  return { step, rngStates: JSON.parse(meta.get('rngStates') ?? '{}') as Record<string, number> };
}
