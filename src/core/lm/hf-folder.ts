/** Reading a dropped Hugging Face folder (no tfjs): JSON files and every tensor, sharded or not. */
import { ModelImportError } from './llama-config';
import { readSafetensors, SafetensorsError, type StTensor } from './safetensors';

export type PretrainedFiles = ReadonlyMap<string, Uint8Array>;

export const parseJson = (name: string, bytes: Uint8Array): unknown => {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelImportError(`${name} is not valid JSON.`);
  }
};

/** All tensors of the folder: model.safetensors, or the shards model.safetensors.index.json names. */
export function readTensors(files: PretrainedFiles): { tensors: Map<string, StTensor>; source: string } {
  const index = files.get('model.safetensors.index.json');
  const read = (name: string) => {
    const bytes = files.get(name);
    if (!bytes) throw new ModelImportError(`${name} is missing from the folder${index ? ' (model.safetensors.index.json lists it)' : ''}.`, 'Drop the whole folder, with every shard.');
    try {
      return readSafetensors(bytes).tensors;
    } catch (e) {
      if (e instanceof SafetensorsError) throw new ModelImportError(`${name}: ${e.message.replace(/^safetensors: /, '')} (a truncated or damaged file?).`, 'Copy or download the file again; nothing was loaded.');
      throw e;
    }
  };
  let tensors: Map<string, StTensor>;
  let shards = 1;
  if (files.has('model.safetensors')) tensors = read('model.safetensors');
  else if (index) {
    const map = (parseJson('model.safetensors.index.json', index) as { weight_map?: Record<string, string> }).weight_map;
    if (!map || typeof map !== 'object') throw new ModelImportError('model.safetensors.index.json has no weight_map.');
    const names = [...new Set(Object.values(map))];
    shards = names.length;
    tensors = new Map();
    for (const shard of names) {
      for (const [k, t] of read(shard)) if (map[k] === shard) tensors.set(k, t);
    }
    const missing = Object.keys(map).filter((k) => !tensors.has(k));
    if (missing.length) throw new ModelImportError(`The shards do not hold ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}, which the index lists.`);
  } else if ([...files.keys()].some((n) => n.endsWith('.bin') || n.endsWith('.pt') || n.endsWith('.pth'))) {
    throw new ModelImportError('This folder has PyTorch pickle weights (pytorch_model.bin / .pt), which the studio does not read: unpickling runs arbitrary code.', 'Convert them to model.safetensors (safetensors.torch.save_file, or save_pretrained(..., safe_serialization=True)) and drop the folder again.');
  } else throw new ModelImportError('The folder has config.json but no model.safetensors (or model.safetensors.index.json with its shards).');
  const dtypes = [...new Set([...tensors.values()].map((t) => t.dtype))].join('/');
  return { tensors, source: `Hugging Face safetensors (${dtypes}${shards > 1 ? `, ${shards} shards` : ''})` };
}

