/** Test helper: small Llama checkpoints generated in code (no fixture files needed). */
import { llamaTensorSpecs, numel, type LlamaConfig } from './llama-config';

/** A small GQA Llama with deterministic pseudo-random weights. */
export function tinyLlama(over: Partial<LlamaConfig> = {}, seed = 1): { config: LlamaConfig; weights: Map<string, Float32Array> } {
  const config: LlamaConfig = { dim: 16, hiddenDim: 40, nLayers: 2, nHeads: 4, nKvHeads: 2, vocabSize: 300, seqLen: 32, headDim: 4, normEps: 1e-5, ropeTheta: 10000, tiedEmbeddings: true, bosId: 1, eosId: 2, ...over };
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.6;
  const weights = new Map<string, Float32Array>();
  for (const spec of llamaTensorSpecs(config)) {
    const w = new Float32Array(numel(spec.shape));
    const norm = spec.name.endsWith('norm.weight');
    for (let i = 0; i < w.length; i++) w[i] = norm ? 1 + rnd() : rnd();
    weights.set(spec.name, w);
  }
  return { config, weights };
}

