/**
 * The LM worker's fine-tune job for the loaded pretrained model (core/lm/finetune.ts): the prepared
 * corpus is decoded back to text and encoded by the model's own tokenizer, then the GPT trainer
 * steps a trainable copy (Llama: llama-train.ts; GPT-2: the tfjs model itself), full or LoRA, with
 * the train job's events (steps, eval with a sample) and pause/resume/stop. At the end the
 * fine-tuned weights (LoRA merged) become the loaded model, so generation, Look inside and export
 * use them; a LoRA run also keeps its PEFT adapter files for export.
 */
import * as tf from '@tensorflow/tfjs';
import { sampleBatch } from '../core/lm/data';
import { checkFineTune, FINETUNE_TRAIN_CHARS, startFineTune, windowLoss, type FineTuneRun } from '../core/lm/finetune';
import type { GptModel } from '../core/lm/gpt';
import { createLlama } from '../core/lm/llama';
import { createLlamaTrain, type LlamaTrainModel } from '../core/lm/llama-train';
import { generatePretrained, type SteppedLm } from '../core/lm/pretrained-generate';
import type { PretrainedRequest, PretrainedResults } from '../core/jobs/pretrained';
import { createTrainController, yieldToEventLoop } from '../core/train/control';
import { createRng } from '../core/util/rng';
import { lossWindow } from './lm-train';
import { Failure, getCorpus, useBackend, type LmSession } from './lm-session';
import { stateOf, type Held } from './pretrained-state';

type FineTuneJob = Extract<PretrainedRequest, { type: 'pretrained-finetune' }>;

/** Token ids of text by the loaded model's tokenizer, line by line (see FINETUNE_TRAIN_CHARS). */
function encodeLines(m: Held, text: string): Int32Array {
  const ids: number[] = [];
  for (const line of text.split(/(?<=\n)/)) if (line) for (const id of m.tokenizer.encode(line, { bos: false })) ids.push(id);
  return Int32Array.from(ids);
}

/** The start of the corpus's training and validation text as token ids of the loaded model's tokenizer. */
async function corpusIds(session: LmSession, corpusId: string, m: Held, T: number) {
  const data = await getCorpus(session, corpusId);
  // Enough of the corpus's own tokens for the characters read (a token is at least one character here).
  const text = (a: number, b: number, chars: number) => data.tok.decode(Array.from(data.ids.subarray(a, Math.min(b, a + chars))), { skipSpecialTokens: true }).slice(0, chars);
  const trainText = text(0, data.splitAt, FINETUNE_TRAIN_CHARS);
  const valText = text(data.splitAt, data.ids.length, FINETUNE_TRAIN_CHARS / 6);
  const train = encodeLines(m, trainText);
  const val = encodeLines(m, valText);
  if (train.length < T + 2) throw new Failure({ message: `The training part is ${train.length} tokens for this model, fewer than the window of ${T}.`, hint: 'Use more text, or a shorter training window.' });
  if (val.length < T + 2) throw new Failure({ message: `The validation part is ${val.length} tokens for this model, fewer than the window of ${T}.`, hint: 'Use more text, a larger validation share, or a shorter training window.' });
  return { train, val, charsPerToken: (trainText.length + valText.length) / Math.max(1, train.length + val.length) };
}

/** The tfjs model that trains: a Llama copy of the loaded weights, or the GPT-2 itself. */
function trainableOf(m: Held, seed: number): GptModel | LlamaTrainModel {
  if (m.llama) return createLlamaTrain(m.llama.config, m.llama.weights, seed);
  const gpt = (m.model as { model?: GptModel }).model;
  if (!gpt?.params) throw new Failure({ message: 'This model cannot be fine-tuned.' });
  return gpt;
}

/** Current weights as a model that generates (Llama: a typed-array copy; GPT-2: the live model, adapters included). */
async function steppedNow(m: Held, base: GptModel | LlamaTrainModel, run: FineTuneRun): Promise<SteppedLm> {
  if (!m.llama) return m.model;
  const weights = run.lora ? await run.lora.merged() : await (base as LlamaTrainModel).weights();
  return createLlama(m.llama.config, weights);
}

/** Makes the fine-tuned weights the loaded model's (LoRA merged); keeps the adapter files. */
async function adopt(m: Held, base: GptModel | LlamaTrainModel, run: FineTuneRun, steps: number) {
  const adapter = run.lora ? { config: run.lora.adapterConfig(m.card.source), safetensors: await run.lora.adapterSafetensors() } : undefined;
  const merged = run.lora ? await run.lora.merged() : null;
  if (m.llama) {
    const weights = merged ?? (await (base as LlamaTrainModel).weights());
    m.llama = { config: m.llama.config, weights };
    m.model = createLlama(m.llama.config, weights);
  } else if (merged) {
    run.lora!.dispose(); // detaches the adapters from the GPT, whose weights then take the merge
    for (const [name, v] of base.params) v.assign(tf.tensor(merged.get(name)!, v.shape));
  }
  m.tuned = { method: run.lora ? 'lora' : 'full', steps: (m.tuned?.steps ?? 0) + steps, ...(adapter ? { adapter } : {}) };
}

export async function fineTunePretrained(session: LmSession, req: FineTuneJob): Promise<PretrainedResults['pretrained-finetune']> {
  const m = stateOf(session).current;
  if (!m) throw new Failure({ message: 'No pretrained model is loaded in this tab.', hint: 'Drop the checkpoint again (imported models are kept in memory only).' });
  const s = req.settings;
  const problem = checkFineTune(s, m.model.contextLength);
  if (problem) throw new Failure({ message: problem });
  const info = await useBackend(session, req.backend);
  session.emit({ type: 'backend', jobId: req.jobId, info });
  const T = s.contextLength;
  const { train, val, charsPerToken } = await corpusIds(session, req.corpusId, m, T);
  const base = trainableOf(m, s.seed);
  let run: FineTuneRun;
  try {
    run = startFineTune(base, s);
  } catch (e) {
    if (m.llama) base.dispose();
    throw new Failure({ message: e instanceof Error ? e.message : String(e) });
  }
  const { trainer } = run;
  const controller = createTrainController();
  session.controllers.set(req.jobId, controller);
  const dataRng = createRng(s.seed ^ 0x5eed);
  const losses = lossWindow(s.batchSize * T);
  const promptIds = m.tokenizer.encode(s.samplePrompt);
  let stoppedBy: PretrainedResults['pretrained-finetune']['stoppedBy'] = 'iterations';
  let message: string | undefined;
  const t0 = performance.now();
  let adopted = false;
  try {
    while (trainer.stepCount < s.steps) {
      if (controller.isPaused() && !controller.isStopped()) {
        await controller.waitWhilePaused();
        losses.restart();
      }
      if (controller.isStopped()) {
        stoppedBy = 'user';
        break;
      }
      const { x, y } = sampleBatch(train, T, s.batchSize, dataRng);
      try {
        losses.push(trainer.step(x, y));
      } finally {
        tf.dispose([x, y]);
      }
      const step = trainer.stepCount;
      const evalNow = step % s.evalEvery === 0 || step === s.steps;
      if (losses.due() || evalNow) {
        const { points, tokensPerSec } = await losses.read(step);
        session.emit({ type: 'steps', jobId: req.jobId, points, tokensPerSec, lr: trainer.currentLr() });
        if (points.some(([, v]) => !Number.isFinite(v))) {
          stoppedBy = 'nan';
          message = 'The loss became NaN or infinite: the learning rate is probably too high. Lower it and fine-tune again.';
          break;
        }
        await yieldToEventLoop();
        losses.restart();
      }
      if (evalNow) {
        const ev = await windowLoss(run.trainable, val, T, 16, charsPerToken);
        const out = await generatePretrained(await steppedNow(m, base, run), m.tokenizer, promptIds, { maxNewTokens: s.sampleTokens, temperature: 0.8, seed: 7 });
        const point = { step, trainLoss: losses.takeMean(), valLoss: ev.loss, perplexity: ev.perplexity, bitsPerChar: ev.bitsPerChar, tokensPerSec: losses.speed(), lr: trainer.currentLr(), seconds: (performance.now() - t0) / 1000 };
        session.emit({ type: 'eval', jobId: req.jobId, point, sample: s.samplePrompt + out.text });
        losses.restart();
      }
    }
    if (stoppedBy !== 'nan' && trainer.stepCount > 0) {
      await adopt(m, base, run, trainer.stepCount);
      adopted = true;
    }
    return { step: trainer.stepCount, stoppedBy, ...(message ? { message } : {}), backend: info, trainTokens: train.length, valTokens: val.length };
  } finally {
    losses.dispose();
    session.controllers.delete(req.jobId);
    trainer.dispose();
    if (!adopted) run.lora?.dispose();
    else if (m.llama) run.lora?.dispose();
    // The Llama's tfjs copy is only for training (the loaded model runs on typed arrays).
    if (m.llama) base.dispose();
  }
}
