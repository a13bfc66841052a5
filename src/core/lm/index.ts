/**
 * Language models (issue 5): a GPT-2-style character/subword model trained in the browser.
 *
 * Shapes: token ids x [B, T] int32 (T ≤ blockSize) → logits [B, T, V]; targets y [B, T] int32.
 * Weights are tf.Variables named and laid out as Hugging Face GPT-2 tensors (Conv1D [in, out]).
 */
export { countParams, estimateMemory, paramSpecs, validateGptConfig } from './gpt-config';
export type { GeluKind, GptConfig, MemoryEstimate, ParamSpec } from './gpt-config';
export { GPT_PRESETS, NANOGPT_CPU_PRESET, SHAKESPEARE_GPU_PRESET, configFromPreset, fineTuneSettings } from './settings';
export type { GptPreset, LmModelSettings, LmOptimizerSettings, LmTrainSettings } from './settings';
export { createGpt } from './gpt';
export type { CreateGptOptions, ForwardOptions, GptModel } from './gpt';
export { KvCache } from './kv-cache';
export { createTrainer, lrAt } from './trainer';
export type { GptTrainer, OptimizerState, TrainConfig } from './trainer';
export { batchAt, evalResult, evaluate, evaluateBatches, sampleBatch } from './data';
export type { EvalResult, EvaluateOptions, TokenBatch } from './data';
export { generate, sampleFromLogits } from './sample';
export type { GenerateOptions, SampleOptions } from './sample';
export { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, loadCheckpoint, saveCheckpoint } from './checkpoint';
export type { CheckpointExtras, LoadedCheckpoint } from './checkpoint';
export { MAX_HEADER_BYTES, SafetensorsError, readSafetensors, toFloat32, toInt32, writeSafetensors } from './safetensors';
export type { SafetensorsDtype, StFile, StTensor, StTensorInput } from './safetensors';
export { exportHf, gptConfigFromHf, hfConfigFromGpt, importHf } from './hf';
export type { HfFiles, HfGpt2Config } from './hf';
