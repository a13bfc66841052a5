/**
 * Hugging Face GPT-2 export and import (MODEL-FORMATS.md §2.1): a folder of
 *   config.json        model_type "gpt2", n_embd, n_layer, n_head, n_positions, vocab_size,
 *                      activation_function ("gelu" = exact erf, "gelu_new" = tanh), layer_norm_epsilon, …
 *   model.safetensors  wte.weight [V, C], wpe.weight [P, C], h.{i}.ln_1.{weight,bias},
 *                      h.{i}.attn.c_attn.{weight [C, 3C], bias [3C]}, h.{i}.attn.c_proj.{weight [C, C], bias},
 *                      h.{i}.ln_2.*, h.{i}.mlp.c_fc.{weight [C, 4C], bias}, h.{i}.mlp.c_proj.{weight [4C, C], bias}, ln_f.*
 * GPT-2's Conv1D stores weights [in, out], which is exactly how the studio keeps them (x · W), so
 * no transpose happens either way; an nn.Linear [out, in] checkpoint would need one, GPT-2's does not.
 * The head is tied to wte (no lm_head.weight is written; one that equals wte is accepted on import).
 * HF GPT-2 always has biases: a bias-free model is exported with zero biases (same logits).
 */
import { createGpt, type GptModel } from './gpt';
import { paramSpecs, validateGptConfig, type GptConfig } from './gpt-config';
import { readSafetensors, toFloat32, writeSafetensors, type StTensorInput } from './safetensors';

export interface HfGpt2Config {
  model_type: 'gpt2';
  architectures: string[];
  vocab_size: number;
  n_positions: number;
  n_ctx: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  n_inner: null;
  activation_function: 'gelu' | 'gelu_new';
  layer_norm_epsilon: number;
  attn_pdrop: number;
  embd_pdrop: number;
  resid_pdrop: number;
  scale_attn_weights: true;
  tie_word_embeddings: true;
  torch_dtype: 'float32';
  bos_token_id?: number;
  eos_token_id?: number;
}

export function hfConfigFromGpt(c: GptConfig, extra: { bosTokenId?: number; eosTokenId?: number } = {}): HfGpt2Config {
  return {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: c.vocabSize,
    n_positions: c.blockSize,
    n_ctx: c.blockSize,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: null,
    activation_function: (c.gelu ?? 'exact') === 'exact' ? 'gelu' : 'gelu_new',
    layer_norm_epsilon: c.layerNormEps ?? 1e-5,
    attn_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    resid_pdrop: c.dropout,
    scale_attn_weights: true,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
    ...(extra.bosTokenId !== undefined ? { bos_token_id: extra.bosTokenId } : {}),
    ...(extra.eosTokenId !== undefined ? { eos_token_id: extra.eosTokenId } : {}),
  };
}

const ACTIVATIONS: Record<string, 'exact' | 'tanh'> = { gelu: 'exact', gelu_new: 'tanh', gelu_pytorch_tanh: 'tanh', gelu_fast: 'tanh' };

/** Reads a GPT-2 config.json (object or text). Throws with a readable message when it is not one we can run. */
export function gptConfigFromHf(json: unknown): GptConfig {
  const obj = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (typeof obj !== 'object' || obj === null) throw new Error('config.json is not an object');
  const c = obj as Record<string, unknown>;
  if (c.model_type !== undefined && c.model_type !== 'gpt2') throw new Error(`config.json: model_type ${JSON.stringify(c.model_type)} is not "gpt2"`);
  const num = (k: string, fallback?: number): number => {
    const v = c[k] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`config.json: ${k} must be a number`);
    return v;
  };
  const nEmbd = num('n_embd');
  if (c.n_inner !== undefined && c.n_inner !== null && c.n_inner !== 4 * nEmbd) throw new Error('config.json: only n_inner = 4 × n_embd is supported');
  if (c.tie_word_embeddings === false) throw new Error('config.json: untied output heads are not supported');
  if (c.scale_attn_weights === false) throw new Error('config.json: scale_attn_weights false is not supported');
  const act = (c.activation_function ?? 'gelu_new') as string;
  const gelu = ACTIVATIONS[act];
  if (!gelu) throw new Error(`config.json: activation_function ${JSON.stringify(act)} is not supported`);
  const config: GptConfig = {
    vocabSize: num('vocab_size'),
    blockSize: num('n_positions', c.n_ctx as number | undefined),
    nLayer: num('n_layer'),
    nHead: num('n_head'),
    nEmbd,
    bias: true,
    dropout: num('resid_pdrop', 0),
    gelu,
    layerNormEps: num('layer_norm_epsilon', 1e-5),
  };
  const problem = validateGptConfig(config);
  if (problem) throw new Error(`config.json: ${problem}`);
  return config;
}

export interface HfFiles {
  'config.json': string;
  'model.safetensors': Uint8Array;
}

/** Model → Hugging Face GPT-2 folder contents (loadable by transformers' GPT2LMHeadModel). */
export async function exportHf(model: GptModel): Promise<HfFiles> {
  const c = model.config;
  const tensors: [string, StTensorInput][] = [];
  for (const spec of paramSpecs({ ...c, bias: true })) {
    const v = model.params.get(spec.name);
    const data = v ? ((await v.data()) as Float32Array) : new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    tensors.push([spec.name, { data, shape: spec.shape }]);
  }
  return {
    'config.json': JSON.stringify(hfConfigFromGpt(c), null, 2),
    'model.safetensors': writeSafetensors(tensors, { format: 'pt' }),
  };
}

/**
 * Hugging Face GPT-2 folder → model. Accepts the `transformer.` prefix, ignores the attention mask
 * buffers of old checkpoints (attn.bias, attn.masked_bias), converts F16/BF16/F64 to float32.
 * dropoutOverride replaces the config's dropout (e.g. 0 for inference).
 */
export function importHf(configJson: unknown, safetensors: ArrayBuffer | Uint8Array, opts: { seed?: number; dropout?: number } = {}): GptModel {
  const config = gptConfigFromHf(configJson);
  if (opts.dropout !== undefined) config.dropout = opts.dropout;
  const file = readSafetensors(safetensors);
  const byName = new Map<string, Float32Array>();
  const shapes = new Map<string, number[]>();
  for (const [rawName, t] of file.tensors) {
    const name = rawName.startsWith('transformer.') ? rawName.slice('transformer.'.length) : rawName;
    if (/\.attn\.(masked_)?bias$/.test(name)) continue;
    byName.set(name, toFloat32(t));
    shapes.set(name, t.shape);
  }
  const wte = byName.get('wte.weight');
  const head = byName.get('lm_head.weight');
  if (head) {
    if (!wte || head.length !== wte.length || head.some((v, i) => v !== wte[i])) {
      throw new Error('model.safetensors: lm_head.weight differs from wte.weight (untied heads are not supported)');
    }
    byName.delete('lm_head.weight');
  }
  const specs = paramSpecs(config);
  for (const spec of specs) {
    const shape = shapes.get(spec.name);
    if (!shape) throw new Error(`model.safetensors: missing tensor ${spec.name}`);
    if (shape.join(',') !== spec.shape.join(',')) {
      throw new Error(`model.safetensors: ${spec.name} has shape [${shape.join(', ')}], config.json implies [${spec.shape.join(', ')}]`);
    }
  }
  const expected = new Set(specs.map((s) => s.name));
  const extra = [...byName.keys()].filter((k) => !expected.has(k));
  if (extra.length > 0) throw new Error(`model.safetensors: unexpected tensors ${extra.slice(0, 5).join(', ')}`);
  return createGpt(config, { seed: opts.seed ?? 1337, weights: byName });
}

/** Convenience for tests and scripts: the model's weights as name → Float32Array. */
export function readWeights(model: GptModel): Map<string, Float32Array> {
  return new Map([...model.params].map(([k, v]) => [k, v.dataSync() as Float32Array]));
}
