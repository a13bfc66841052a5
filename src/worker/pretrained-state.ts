/** The LM worker's pretrained models per session: the inspected one waiting to load, and the loaded one. */
import { ModelImportError } from '../core/lm/llama-config';
import { readPretrained, type LoadedPretrained } from '../core/lm/pretrained';
import { Failure, type LmSession } from './lm-session';

/** A model with the tokenizer files it came with (exported beside the weights), and its fine-tune if any. */
export type Held = LoadedPretrained & {
  tokenizerFiles: Map<string, Uint8Array>;
  /** The files the untuned weights were read from (stored as they are: a fine-tune checkpoint is relative to them). */
  files: Map<string, Uint8Array>;
  /** After a fine-tune: how, and for LoRA the PEFT adapter folder's two files. */
  tuned?: { method: 'full' | 'lora'; steps: number; adapter?: { config: Record<string, unknown>; safetensors: Uint8Array } };
};

export interface PretrainedState {
  pending?: Held;
  current?: Held;
}

const states = new WeakMap<LmSession, PretrainedState>();
export const stateOf = (s: LmSession) => states.get(s) ?? (states.set(s, {}), states.get(s)!);

const TOKENIZER_JSON = new Set(['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json']);

export function tokenizerFiles(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const bins = [...files].filter(([n]) => n.endsWith('.bin')).sort((a, b) => b[1].length - a[1].length);
  const largest = files.has('config.json') ? undefined : bins[0]?.[0];
  return new Map([...files].filter(([n, b]) => TOKENIZER_JSON.has(n) || (n.endsWith('.bin') && n !== largest && b.length < 16 * 2 ** 20)));
}

export const failure = (e: unknown): Failure => {
  if (e instanceof ModelImportError) return new Failure({ message: e.message, hint: e.hint });
  if (e instanceof Failure) return e;
  return new Failure({ message: 'The model could not be read.', hint: `Details for a bug report: ${e instanceof Error ? e.message : String(e)}` });
};

export function drop(m?: LoadedPretrained) {
  m?.model.dispose?.();
}


/** Reads and checks the files whole (nothing half-loaded): the model with its files, or a Failure the user reads. */
export function readHeld(files: Map<string, Uint8Array>): Held {
  try {
    return { ...readPretrained(files), tokenizerFiles: tokenizerFiles(files), files };
  } catch (e) {
    throw failure(e);
  }
}
