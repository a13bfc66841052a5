/**
 * The LM worker's fine-tune job for the loaded pretrained model (core/lm/finetune.ts): the prepared
 * corpus is decoded back to text and encoded by the model's own tokenizer, then the GPT trainer
 * steps a trainable copy (Llama: llama-train.ts; GPT-2: the tfjs model itself), full or LoRA, with
 * the train job's events (steps, eval with a sample) and pause/resume/stop. At the end the
 * fine-tuned weights (LoRA merged) become the loaded model, so generation, Look inside and export
 * use them; a LoRA run also keeps its PEFT adapter files for export. At each evaluation and at the
 * end the run's checkpoint (what trains, Adam moments, step, rng states) and its curves are stored
 * (pretrained-storage.ts), relative to the stored model files: `resume` reads those files again,
 * restores the checkpoint and continues, so the run ends as the uninterrupted one would.
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
import { gpuLossGuard } from './gpu-loss';
import { drop, stateOf, tokenizerFiles, type Held } from './pretrained-state';
import { readPretrained } from '../core/lm/pretrained';
import { exportHf } from '../core/lm/hf';
import { llamaHfFiles } from '../core/lm/llama-export';
import { restoreFineTune, saveFineTuneCheckpoint } from '../core/lm/finetune-checkpoint';
import { storageFault, type FineTuneSettings, type PretrainedCheckpointInfo, type StorageFault } from '../core/jobs/pretrained';
import type { StoredFineTune } from './db';
import { readPretrainedEntry } from './pretrained-storage';

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
export function trainableOf(m: Held, seed: number): GptModel | LlamaTrainModel {
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
export async function adopt(m: Held, base: GptModel | LlamaTrainModel, run: FineTuneRun, steps: number) {
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

/** Frees what trained; after adopt a GPT-2 keeps its (merged) weights, a Llama its typed-array copy. */
export function release(m: Held, base: GptModel | LlamaTrainModel, run: FineTuneRun, adopted: boolean) {
  run.trainer.dispose();
  if (!adopted || m.llama) run.lora?.dispose();
  // The Llama's tfjs copy is only for training (the loaded model runs on typed arrays).
  if (m.llama) base.dispose();
}

/** The untuned model again, read from its files (a checkpoint is relative to them). */
function reread(m: Held) {
  drop(m);
  const fresh = readPretrained(m.files);
  m.model = fresh.model;
  m.llama = fresh.llama;
  delete m.tuned;
}

/**
 * A new run on a fine-tuned model starts from the tuned weights: they become the model's files
 * (a Hugging Face folder with its tokenizer files) and are stored, so that its checkpoints resume.
 */
async function rebaseOnTuned(m: Held): Promise<void> {
  const out = new Map(m.tokenizerFiles);
  if (m.llama) for (const [n, b] of llamaHfFiles(m.llama.config, m.llama.weights)) out.set(n, b);
  else {
    const files = await exportHf((m.model as unknown as { model: GptModel }).model);
    out.set('config.json', new TextEncoder().encode(files['config.json']));
    out.set('model.safetensors', files['model.safetensors']);
  }
  m.files = out;
  m.tokenizerFiles = tokenizerFiles(out);
  delete m.tuned;
}

const copyLog = (log: PretrainedCheckpointInfo['log']): PretrainedCheckpointInfo['log'] => ({ losses: [...log.losses], evals: [...log.evals], samples: [...log.samples] });

export const checkpointInfo = (ck: StoredFineTune): PretrainedCheckpointInfo => ({ corpusId: ck.corpusId, settings: ck.settings as FineTuneSettings, step: ck.step, log: copyLog(ck.log as PretrainedCheckpointInfo['log']) });

/** The stored checkpoint to resume, checked against the request. */
async function resumable(session: LmSession, req: FineTuneJob): Promise<StoredFineTune> {
  const ck = await readPretrainedEntry(session.storage.pretrained, 'finetune');
  if (!ck) throw new Failure({ message: 'There is no stored fine-tune of this model to resume.', hint: 'Start a new fine-tune.' });
  if (ck.corpusId !== req.corpusId) throw new Failure({ message: 'The fine-tune to resume trained on another text than the Corpus section holds now.', hint: 'Load that text again in the Corpus section, or start a new fine-tune.' });
  return ck;
}

export async function fineTunePretrained(session: LmSession, req: FineTuneJob): Promise<PretrainedResults['pretrained-finetune']> {
  const m = stateOf(session).current;
  if (!m) throw new Failure({ message: 'No pretrained model is loaded in this tab.', hint: 'Drop the checkpoint again.' });
  const store = session.storage.pretrained;
  const ck = req.resume ? await resumable(session, req) : undefined;
  const s = ck ? (ck.settings as FineTuneSettings) : req.settings;
  const problem = checkFineTune(s, m.model.contextLength);
  if (problem) throw new Failure({ message: problem });
  const info = await useBackend(session, req.backend);
  session.emit({ type: 'backend', jobId: req.jobId, info });
  const T = s.contextLength;
  const { train, val, charsPerToken } = await corpusIds(session, req.corpusId, m, T);
  let notStored: StorageFault | undefined;
  if (ck && m.tuned) reread(m);
  else if (!ck) {
    if (m.tuned) {
      await rebaseOnTuned(m);
      await store.put({ kind: 'model', files: [...m.files], savedAt: Date.now() }).catch((e: unknown) => void (notStored = storageFault(e)));
    }
    await store.delete('finetune').catch(() => undefined);
  }
  const base = trainableOf(m, s.seed);
  let run: FineTuneRun;
  let dataRng = createRng(s.seed ^ 0x5eed);
  try {
    run = startFineTune(base, s);
    if (ck) dataRng = createRng(0, restoreFineTune(run, ck.bytes).rngStates.data);
  } catch (e) {
    if (m.llama) base.dispose();
    throw new Failure({ message: e instanceof Error ? e.message : String(e) });
  }
  const { trainer } = run;
  const controller = createTrainController();
  session.controllers.set(req.jobId, controller);
  const losses = lossWindow(s.batchSize * T);
  const promptIds = m.tokenizer.encode(s.samplePrompt);
  let stoppedBy: PretrainedResults['pretrained-finetune']['stoppedBy'] = 'iterations';
  let message: string | undefined;
  const t0 = performance.now();
  let adopted = false;
  const log: PretrainedCheckpointInfo['log'] = ck ? checkpointInfo(ck).log : { losses: [], evals: [], samples: [] };
  let checkpointStep = ck?.step;
  // The step last written or tried (a refused write is not tried again at the same step).
  let tried = ck?.step;
  // A GPU lost mid-run ends the job at once with the loss (lm-train.ts does the same); nothing is
  // saved after it, so the stored checkpoint is the last one the GPU wrote before it went.
  const guard = gpuLossGuard(session.backends.lost?.(), (p) => new Failure(p), () => controller.stop());
  const checkpoint = async () => {
    if (guard.lost) return;
    const step = trainer.stepCount;
    tried = step;
    const bytes = await saveFineTuneCheckpoint(run, { data: dataRng.state() });
    let fault: StorageFault | undefined;
    try {
      await store.put({ kind: 'finetune', corpusId: req.corpusId, settings: s, step, bytes, log: copyLog(log), savedAt: Date.now() });
      checkpointStep = step;
    } catch (e) {
      fault = notStored = storageFault(e);
    }
    session.emit({ type: 'checkpoint', jobId: req.jobId, step, ...(fault ? { notStored: fault } : {}) });
  };
  const steps = async (): Promise<PretrainedResults['pretrained-finetune']> => {
    while (trainer.stepCount < s.steps) {
      if (guard.lost) throw new Error('GPU lost');
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
        log.losses.push(...points);
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
        log.evals.push(point);
        log.samples.push({ step, text: s.samplePrompt + out.text });
        await checkpoint();
        losses.restart();
      }
    }
    if (guard.lost) throw new Error('GPU lost');
    if (stoppedBy !== 'nan' && trainer.stepCount > 0) {
      if (tried !== trainer.stepCount) await checkpoint();
      await adopt(m, base, run, trainer.stepCount);
      adopted = true;
    }
    const stored = checkpointStep !== undefined ? { checkpointStep } : {};
    return { step: trainer.stepCount, stoppedBy, ...(message ? { message } : {}), backend: info, trainTokens: train.length, valTokens: val.length, ...stored, ...(notStored ? { notStored } : {}) };
  };
  try {
    return await guard.run(steps());
  } finally {
    losses.dispose();
    session.controllers.delete(req.jobId);
    release(m, base, run, adopted);
  }
}
