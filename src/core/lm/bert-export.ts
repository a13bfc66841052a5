/**
 * A fine-tuned "Pretrained encoder (BERT)" run as a Hugging Face BertForSequenceClassification
 * folder: config.json (num_labels, id2label/label2id), model.safetensors (float32, HF names with
 * `bert.`, classifier [K, H]) and tokenizer.json. Read from the run's tfjs artifact without tfjs:
 * the encoder layer keeps torch's layout and HF names ('.' → '__'), the Dense head is transposed.
 */
import { strToU8, zipSync } from 'fflate';
import { checkTfjsModelJson } from '../bundle/tfjs-manifest';
import { writeSafetensors, type StTensorInput } from './safetensors';

type Json = Record<string, unknown>;

export interface BertExportInput {
  modelJson: unknown;
  weights: Uint8Array;
  labels: readonly string[];
  tokenizerJson: unknown;
}

function encoderConfig(modelJson: unknown): Json {
  const layers = ((modelJson as Json).modelTopology as { config?: { layers?: { class_name?: string; config?: Json }[] } } | undefined)?.config?.layers ?? [];
  const enc = layers.find((l) => l.class_name === 'BertEncoder');
  if (!enc?.config) throw new Error('This run is not a pretrained BERT encoder (no BertEncoder layer in its model).');
  // tfjs writes layer configs in snake_case (vocabSize → vocab_size); read either spelling.
  const cfg = enc.config;
  const snake = (k: string) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
  const keys = ['vocabSize', 'hidden', 'layers', 'heads', 'intermediate', 'maxPositions', 'typeVocab', 'eps', 'dropout'];
  return Object.fromEntries(keys.map((k) => [k, cfg[k] ?? cfg[snake(k)]]));
}

export function bertHfFolder(input: BertExportInput): Map<string, Uint8Array> {
  const c = encoderConfig(input.modelJson);
  const specs = checkTfjsModelJson(input.modelJson, input.weights);
  if (!specs.ok) throw new Error(specs.error.message);
  const tensors: [string, StTensorInput][] = [];
  // A copy: the bytes may sit at an offset that is not a multiple of 4.
  const view = new Float32Array(input.weights.slice().buffer);
  let at = 0;
  const hidden = Number(c.hidden);
  for (const s of specs.value) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const data = view.slice(at, at + n);
    at += n;
    const leaf = s.name.slice(s.name.lastIndexOf('/') + 1);
    if (leaf.includes('__')) tensors.push([`bert.${leaf.replaceAll('__', '.')}`, { data, shape: s.shape }]);
    else if (leaf === 'kernel') {
      const [h, k] = s.shape as [number, number];
      if (h !== hidden) throw new Error(`The classifier kernel is [${h}, ${k}], not on the encoder's ${hidden} outputs.`);
      const t = new Float32Array(n);
      for (let i = 0; i < h; i++) for (let j = 0; j < k; j++) t[j * h + i] = data[i * k + j]!;
      tensors.push(['classifier.weight', { data: t, shape: [k, h] }]);
    } else if (leaf === 'bias') tensors.push(['classifier.bias', { data, shape: s.shape }]);
    else throw new Error(`Unexpected weight ${s.name} in a BERT run.`);
  }
  const K = input.labels.length;
  const config = {
    architectures: ['BertForSequenceClassification'], model_type: 'bert', vocab_size: c.vocabSize, hidden_size: c.hidden, num_hidden_layers: c.layers,
    num_attention_heads: c.heads, intermediate_size: c.intermediate, hidden_act: 'gelu', hidden_dropout_prob: c.dropout, attention_probs_dropout_prob: c.dropout,
    max_position_embeddings: c.maxPositions, type_vocab_size: c.typeVocab, layer_norm_eps: c.eps, pad_token_id: 0, position_embedding_type: 'absolute',
    num_labels: K, id2label: Object.fromEntries(input.labels.map((l, i) => [String(i), l])), label2id: Object.fromEntries(input.labels.map((l, i) => [l, i])),
    problem_type: 'single_label_classification', torch_dtype: 'float32',
  };
  return new Map([
    ['config.json', strToU8(JSON.stringify(config, null, 2))],
    ['model.safetensors', writeSafetensors(tensors, { format: 'pt' })],
    ['tokenizer.json', strToU8(JSON.stringify(input.tokenizerJson, null, 2))],
  ]);
}

/** The folder as one zip (safetensors stored, not deflated). */
export function bertHfZip(input: BertExportInput): Uint8Array {
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  for (const [name, bytes] of bertHfFolder(input)) files[name] = name.endsWith('.safetensors') ? [bytes, { level: 0 }] : bytes;
  return zipSync(files);
}
