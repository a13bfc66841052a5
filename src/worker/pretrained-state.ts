/** The LM worker's pretrained models per session: the inspected one waiting to load, and the loaded one. */
import type { LoadedPretrained } from '../core/lm/pretrained';
import type { LmSession } from './lm-session';

/** A model with the tokenizer files it came with (exported beside the weights), and its fine-tune if any. */
export type Held = LoadedPretrained & {
  tokenizerFiles: Map<string, Uint8Array>;
  /** After a fine-tune: how, and for LoRA the PEFT adapter folder's two files. */
  tuned?: { method: 'full' | 'lora'; steps: number; adapter?: { config: Record<string, unknown>; safetensors: Uint8Array } };
};

export interface PretrainedState {
  pending?: Held;
  current?: Held;
}

const states = new WeakMap<LmSession, PretrainedState>();
export const stateOf = (s: LmSession) => states.get(s) ?? (states.set(s, {}), states.get(s)!);
