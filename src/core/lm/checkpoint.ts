/**
 * Training checkpoints as bytes: one safetensors file holding
 *   model.<name>              the weights (GPT-2 names, [in, out] layout)
 *   optim.exp_avg.<name>      Adam first moments
 *   optim.exp_avg_sq.<name>   Adam second moments
 * and in __metadata__ (strings): format "ml-studio-gpt-checkpoint", version "1", config and
 * trainConfig (JSON), step, the model's dropout-rng state, and any other rng states the caller
 * keeps (e.g. the batch sampler's), so a run continued from a checkpoint repeats the uninterrupted
 * run exactly.
 */
import { createGpt, type GptModel } from './gpt';
import { paramSpecs, validateGptConfig, type GptConfig } from './gpt-config';
import { readSafetensors, toFloat32, writeSafetensors, type StTensorInput } from './safetensors';
import { createTrainer, type GptTrainer, type OptimizerState, type TrainConfig } from './trainer';

export const CHECKPOINT_FORMAT = 'ml-studio-gpt-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointExtras {
  /** Named rng states (Rng.state()) to restore with the run, e.g. { data: sampler.state() }. */
  rngStates?: Record<string, number>;
}

export async function saveCheckpoint(model: GptModel, trainer: GptTrainer | null, extras: CheckpointExtras = {}): Promise<Uint8Array> {
  const tensors: [string, StTensorInput][] = [];
  for (const [name, v] of model.params) tensors.push([`model.${name}`, { data: (await v.data()) as Float32Array, shape: v.shape }]);
  const state = trainer ? await trainer.getState() : null;
  if (state) {
    for (const [name, v] of model.params) tensors.push([`optim.exp_avg.${name}`, { data: state.expAvg.get(name)!, shape: v.shape }]);
    for (const [name, v] of model.params) tensors.push([`optim.exp_avg_sq.${name}`, { data: state.expAvgSq.get(name)!, shape: v.shape }]);
  }
  return writeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    version: String(CHECKPOINT_VERSION),
    config: JSON.stringify(model.config),
    ...(trainer ? { trainConfig: JSON.stringify(trainer.config), step: String(state!.step) } : {}),
    modelRng: String(model.rngState()),
    rngStates: JSON.stringify(extras.rngStates ?? {}),
  });
}

export interface LoadedCheckpoint {
  model: GptModel;
  /** With the optimizer state and step restored; null when the checkpoint has none. */
  trainer: GptTrainer | null;
  rngStates: Record<string, number>;
}

export function loadCheckpoint(bytes: ArrayBuffer | Uint8Array): LoadedCheckpoint {
  const file = readSafetensors(bytes);
  const meta = file.metadata;
  if (meta.get('format') !== CHECKPOINT_FORMAT) throw new Error('Not an ML Studio GPT checkpoint');
  if (meta.get('version') !== String(CHECKPOINT_VERSION)) throw new Error(`Unsupported checkpoint version ${meta.get('version')}`);
  const config = JSON.parse(meta.get('config') ?? 'null') as GptConfig;
  const problem = config && typeof config === 'object' ? validateGptConfig(config) : 'missing config';
  if (problem) throw new Error(`Checkpoint config: ${problem}`);
  const part = (prefix: string) => {
    const out = new Map<string, Float32Array>();
    for (const spec of paramSpecs(config)) {
      const t = file.tensors.get(prefix + spec.name);
      if (!t) continue;
      if (t.shape.join(',') !== spec.shape.join(',')) throw new Error(`Checkpoint: ${prefix + spec.name} has the wrong shape`);
      out.set(spec.name, toFloat32(t));
    }
    return out;
  };
  const weights = part('model.');
  if (weights.size !== paramSpecs(config).length) throw new Error('Checkpoint: some weights are missing');
  const model = createGpt(config, { weights });
  const rngState = Number(meta.get('modelRng'));
  if (Number.isInteger(rngState)) model.setRngState(rngState);
  let trainer: GptTrainer | null = null;
  const trainConfig = meta.get('trainConfig');
  if (trainConfig) {
    trainer = createTrainer(model, JSON.parse(trainConfig) as TrainConfig);
    const state: OptimizerState = { step: Number(meta.get('step')), expAvg: part('optim.exp_avg.'), expAvgSq: part('optim.exp_avg_sq.') };
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error('Checkpoint: invalid step');
    trainer.setState(state);
  }
  const rngStates = JSON.parse(meta.get('rngStates') ?? '{}') as Record<string, number>;
  return { model, trainer, rngStates };
}
