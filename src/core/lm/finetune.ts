/**
 * Fine-tuning an imported causal LM on the user's text (issue 11 §3): full fine-tuning (every
 * weight trains) or LoRA (lora.ts: only the adapters train), driven by the GPT's trainer and AdamW
 * (trainer.ts) on random windows of the corpus as the loaded model's own tokenizer encodes it.
 * The settings, their checks and the memory estimate are in finetune-settings.ts (no tfjs).
 */
import * as tf from '@tensorflow/tfjs';
import { batchAt, evalResult, type EvalResult } from './data';
import type { GptModel } from './gpt';
import type { LlamaTrainModel } from './llama-train';
import { fineTuneTrainConfig, type FineTuneSettings } from './finetune-settings';
import { applyLora, type LoraModel } from './lora';
import { createTrainer, type GptTrainer, type TrainableLm } from './trainer';

export * from './finetune-settings';

export interface FineTuneRun {
  /** What the trainer trains: the model itself (full) or its adapters (LoRA). */
  readonly trainable: TrainableLm;
  readonly lora: LoraModel | null;
  readonly trainer: GptTrainer;
  /** Frees the trainer (and detaches LoRA adapters after merging; see finish). */
  dispose(): void;
}

export function startFineTune(base: GptModel | LlamaTrainModel, s: FineTuneSettings): FineTuneRun {
  const lora = s.method === 'lora' ? applyLora(base, { r: s.r, alpha: s.alpha, targetModules: s.targetModules, seed: s.seed }) : null;
  const trainable: TrainableLm = lora ?? base;
  const trainer = createTrainer(trainable, fineTuneTrainConfig(s));
  return {
    trainable, lora, trainer,
    dispose() {
      trainer.dispose();
      lora?.dispose();
    },
  };
}

/** Mean loss over the first `windows` non-overlapping windows of T tokens of ids (no dropout). */
export async function windowLoss(model: TrainableLm, ids: ArrayLike<number>, T: number, windows: number, charsPerToken: number): Promise<EvalResult> {
  const n = Math.min(windows, Math.floor((ids.length - 1) / T));
  if (n < 1) throw new Error(`Need at least ${T + 1} tokens to evaluate, got ${ids.length}`);
  let sum = 0;
  for (let w = 0; w < n; w += 8) {
    const starts = Array.from({ length: Math.min(8, n - w) }, (_, i) => (w + i) * T);
    const { x, y } = batchAt(ids, starts, T);
    const l = tf.tidy(() => model.loss(x, y));
    sum += (await l.data())[0]! * starts.length;
    tf.dispose([x, y, l]);
  }
  return evalResult(sum / n, n * T, charsPerToken);
}
