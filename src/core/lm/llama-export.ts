/**
 * Export of a Llama (as imported) to the formats it reads: a llama2.c v0 checkpoint (what run.c
 * reads) + tokenizer.bin, or a Hugging Face folder (config.json + float32 model.safetensors, with the
 * tokenizer it came with). The q/k rows go back to llama2.c's interleaved order in the v0 writer.
 */
import { llamaTensorSpecs, type LlamaConfig } from './llama-config';
import { writeLlama2c } from './llama2c';
import { writeSafetensors, type StTensorInput } from './safetensors';

export function llamaHfConfig(c: LlamaConfig): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: c.dim, intermediate_size: c.hiddenDim, num_hidden_layers: c.nLayers,
    num_attention_heads: c.nHeads, num_key_value_heads: c.nKvHeads, head_dim: c.headDim, vocab_size: c.vocabSize, max_position_embeddings: c.seqLen,
    rms_norm_eps: c.normEps, rope_theta: c.ropeTheta, rope_scaling: null, tie_word_embeddings: c.tiedEmbeddings, hidden_act: 'silu',
    attention_bias: false, mlp_bias: false, bos_token_id: c.bosId, eos_token_id: c.eosId, torch_dtype: 'float32',
  };
}

/** config.json and model.safetensors of a HF LlamaForCausalLM folder. */
export function llamaHfFiles(c: LlamaConfig, weights: ReadonlyMap<string, Float32Array>): Map<string, Uint8Array> {
  const tensors = llamaTensorSpecs(c).map((s): [string, StTensorInput] => [s.name, { data: weights.get(s.name)!, shape: s.shape }]);
  return new Map([
    ['config.json', new TextEncoder().encode(JSON.stringify(llamaHfConfig(c), null, 2))],
    ['model.safetensors', writeSafetensors(tensors, { format: 'pt' })],
  ]);
}

export function llamaLlama2cFile(c: LlamaConfig, weights: ReadonlyMap<string, Float32Array>): Uint8Array {
  return writeLlama2c(c, weights, 0);
}
