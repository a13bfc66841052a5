/**
 * Language-model jobs: prepare a corpus, probe the speed of a model, train with evaluations,
 * samples and checkpoints, generate, export and import. Independent of postMessage and of
 * IndexedDB (lm.worker.ts wires both in), so the event sequences are testable in Node.
 *
 * Hidden state (see docs/architecture.md, "the worker owns big bytes"): the current corpus's token
 * ids and the current model stay here; both are also stored (LmStorage), so after a crash or a
 * reload every job can rebuild them from ids alone.
 */
import * as tf from '@tensorflow/tfjs';
import { createGpt, createTrainer, evaluate, generate, loadCheckpoint, saveCheckpoint, sampleBatch, type GptModel, type GptTrainer } from '../core/lm';
import { createTrainController, yieldToEventLoop, type TrainController } from '../core/train/control';
import type { Tokenizer } from '../core/text';
import { createRng } from '../core/util/rng';
import { assertNever } from '../core/util/assert';
import type { Problem } from '../core/util/result';
import type { BackendChoice, BackendInfo } from '../core/jobs';
import type { StoredLmCorpus } from './db';
import { NO_PEERS, withWorkers, type LmBackends, type LmStorage } from './lm-ports';
import { CorpusError, loadTokenizer, prepareCorpus, trainLmTokenizer } from './lm-corpus';
import { readLmZip, writeHfZip, writeStudioLmBundle } from './lm-bundle';
import type { LmEvent, LmRequest, LmResults, LmTrainOutcome } from './lm-protocol';

class Failure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

interface Current {
  runId: string;
  model: GptModel;
  tokenizer: Tokenizer;
  tokenizerJson: unknown;
  corpusId: string;
  step: number;
  /** True while a train job is stepping (not paused): generation must wait. */
  busy: boolean;
}

/**
 * Decodes ids as they come, emitting only text that can no longer change (a byte-level BPE token
 * may hold half a character). Only the ids not yet emitted are decoded, so a long generation stays
 * linear: char and byte-level decoding of a sequence is the concatenation of its parts' decodings
 * whenever a part ends on a whole character.
 */
function streamDecoder(tokenizer: Tokenizer, emit: (text: string) => void) {
  let pending: number[] = [];
  let done = '';
  const decode = (ids: number[]) => tokenizer.decode(ids, { skipSpecialTokens: true });
  return {
    push(id: number) {
      pending.push(id);
      const tail = decode(pending);
      if (tail.endsWith('\uFFFD')) return;
      if (tail !== '') emit(tail);
      done += tail;
      pending = [];
    },
    text: () => done + decode(pending),
  };
}

export function createLmHandler(backends: LmBackends, storage: LmStorage, emit: (e: LmEvent) => void) {
  const controllers = new Map<string, TrainController>();
  const aborts = new Map<string, AbortController>();
  let backend: { choice: BackendChoice; info: BackendInfo } | undefined;
  let corpus: (StoredLmCorpus & { tok: Tokenizer }) | undefined;
  let current: Current | undefined;

  async function useBackend(choice: BackendChoice): Promise<BackendInfo> {
    if (backend?.choice === choice) return backend.info;
    // Tensors of the current model live on the old backend: drop it (it is in storage).
    dropCurrent();
    backend = { choice, info: await backends.start(choice) };
    return backend.info;
  }

  function dropCurrent() {
    current?.model.dispose();
    current = undefined;
  }

  async function getCorpus(corpusId: string) {
    if (corpus?.corpusId === corpusId) return corpus;
    const stored = await storage.getCorpus(corpusId);
    if (!stored) throw new Failure({ message: 'The text for this model is no longer stored in this browser.', hint: 'Load the text again in the Corpus section.' });
    corpus = { ...stored, tok: loadTokenizer(stored.tokenizer) };
    return corpus;
  }

  /** The model of a run: the one in memory, else its last checkpoint (weights only). */
  async function modelOf(runId: string): Promise<Current> {
    if (current?.runId === runId) return current;
    const ck = await storage.getCheckpoint(runId);
    if (!ck) throw new Failure({ message: 'This model has no saved checkpoint in this browser.', hint: 'Train it again, or import its bundle.' });
    const loaded = loadCheckpoint(ck.bytes);
    loaded.trainer?.dispose();
    dropCurrent();
    current = { runId, model: loaded.model, tokenizer: loadTokenizer(ck.tokenizer), tokenizerJson: ck.tokenizer, corpusId: ck.corpusId, step: ck.step, busy: false };
    return current;
  }

  async function prepare(req: Extract<LmRequest, { type: 'prepare' }>): Promise<LmResults['prepare']> {
    const progress = (label: string, done: number, total: number) => emit({ type: 'progress', jobId: req.jobId, label, done, total });
    let given: unknown;
    if (req.tokenizer.type === 'run') {
      const ck = await storage.getCheckpoint(req.tokenizer.runId);
      if (!ck) throw new Failure({ message: 'The imported model is no longer stored in this browser.', hint: 'Import its bundle again.' });
      given = ck.tokenizer;
    }
    const src = req.tokenizer;
    const tokenizerOf = (pieces: readonly string[]) =>
      src.type === 'run' ? loadTokenizer(given) : trainLmTokenizer(pieces, src.choice, (d, t) => progress('Training the BPE tokenizer', d, t));
    const prepared = await prepareCorpus(req.corpusId, req.files, tokenizerOf, req.valFraction, progress);
    await storage.putCorpus(prepared.stored);
    corpus = { ...prepared.stored, tok: prepared.tokenizer };
    return prepared.summary;
  }

  async function probe(req: Extract<LmRequest, { type: 'probe' }>): Promise<LmResults['probe']> {
    const info = await useBackend(req.backend);
    const lease = (await backends.peers?.(req.config, info)) ?? NO_PEERS;
    const peers = lease.peers;
    const model = createGpt(req.config, 1);
    // The run's own optimizer: the same work per step as training (the weights it reaches do not matter).
    const trainer = createTrainer(model, req.settings);
    const rng = createRng(7);
    const data = Int32Array.from({ length: req.config.blockSize * 4 + 2 }, () => rng.int(req.config.vocabSize));
    const step = async () => {
      const { x, y } = sampleBatch(data, req.config.blockSize, req.settings.batchSize, rng);
      try {
        const loss = await trainer.stepParallel(x, y, peers);
        await loss.data(); // waits for a GPU to finish the step
        loss.dispose();
      } finally {
        tf.dispose([x, y]);
      }
    };
    try {
      emit({ type: 'progress', jobId: req.jobId, label: 'Warming up (compiling kernels)', done: 0, total: 1 });
      await step(); // first step compiles shaders / allocates: not timed
      const t0 = performance.now();
      let steps = 0;
      while (steps < 2 || (steps < 5 && performance.now() - t0 < 3000)) {
        await step();
        steps++;
        emit({ type: 'progress', jobId: req.jobId, label: 'Timing training steps', done: steps, total: 5 });
      }
      const ms = (performance.now() - t0) / steps;
      return { backend: withWorkers(info, trainer.peerFailure ? [] : peers), msPerStep: ms, tokensPerSec: (req.settings.batchSize * req.config.blockSize * 1000) / ms, steps };
    } finally {
      lease.release(trainer.peerFailure !== null);
      trainer.dispose();
      model.dispose();
    }
  }

  async function train(req: Extract<LmRequest, { type: 'train' }>): Promise<LmTrainOutcome> {
    const started = await useBackend(req.backend);
    const data = await getCorpus(req.corpusId);
    const s = req.settings;
    const T = req.config.blockSize;
    const trainIds = data.ids.subarray(0, data.splitAt);
    const valIds = data.ids.subarray(data.splitAt);
    if (trainIds.length < T + 2) throw new Failure({ message: `The training part has ${trainIds.length} tokens, fewer than the context of ${T}.`, hint: 'Use more text, or a shorter context.' });
    if (valIds.length < T + 2) throw new Failure({ message: `The validation part has ${valIds.length} tokens, fewer than the context of ${T}.`, hint: 'Use more text, a larger validation share, or a shorter context.' });
    if (data.tok.vocab.size > req.config.vocabSize) throw new Failure({ message: 'The tokenizer has more tokens than the model has rows.', hint: 'Start a new model for this text.' });
    let model: GptModel;
    let trainer: GptTrainer;
    let dataRng = createRng(s.seed ^ 0x5eed);
    dropCurrent();
    if (req.start.kind === 'fresh') {
      model = createGpt(req.config, s.seed);
      trainer = createTrainer(model, s);
    } else {
      const from = req.start.kind === 'resume' ? req.runId : req.start.fromRunId;
      const ck = await storage.getCheckpoint(from);
      if (!ck) throw new Failure({ message: 'No checkpoint of this run is stored in this browser.', hint: 'Start training again.' });
      const loaded = loadCheckpoint(ck.bytes);
      model = loaded.model;
      if (req.start.kind === 'resume' && loaded.trainer) {
        trainer = loaded.trainer;
        if (loaded.rngStates.data !== undefined) dataRng = createRng(s.seed ^ 0x5eed, loaded.rngStates.data);
      } else {
        loaded.trainer?.dispose();
        trainer = createTrainer(model, s);
      }
    }
    // The model's own config (a checkpoint's or an imported model's), which peers must replicate.
    const lease = (await backends.peers?.(model.config, started)) ?? NO_PEERS;
    let peers = lease.peers;
    let info = withWorkers(started, peers);
    emit({ type: 'backend', jobId: req.jobId, info });
    current = { runId: req.runId, model, tokenizer: data.tok, tokenizerJson: data.tokenizer, corpusId: data.corpusId, step: trainer.stepCount, busy: true };
    const controller = createTrainController();
    controllers.set(req.jobId, controller);
    const promptIds = data.tok.ids(s.samplePrompt || '\n');
    if (promptIds.length === 0) promptIds.push(trainIds[0]!);
    let lastCheckpoint = trainer.stepCount;
    const checkpoint = async () => {
      const step = trainer.stepCount;
      const bytes = await saveCheckpoint(model, trainer, { rngStates: { data: dataRng.state() } });
      await storage.putCheckpoint({ runId: req.runId, corpusId: data.corpusId, step, savedAt: Date.now(), bytes, tokenizer: data.tokenizer });
      lastCheckpoint = step;
      emit({ type: 'checkpoint', jobId: req.jobId, step });
    };
    const tokensPerStep = s.batchSize * T;
    let pending: tf.Scalar[] = [];
    let logEvery = 1;
    let windowStart = performance.now();
    let sinceEval: number[] = [];
    let lastSpeed = 0;
    let stoppedBy: LmTrainOutcome['stoppedBy'] = 'iterations';
    let message: string | undefined;
    const t0 = performance.now();
    try {
      while (trainer.stepCount < s.maxIters) {
        if (controller.isPaused() && !controller.isStopped()) {
          if (lastCheckpoint !== trainer.stepCount) await checkpoint();
          current.busy = false;
          await controller.waitWhilePaused();
          current.busy = true;
          windowStart = performance.now();
        }
        if (controller.isStopped()) {
          stoppedBy = 'user';
          break;
        }
        const { x, y } = sampleBatch(trainIds, T, s.batchSize, dataRng);
        try {
          pending.push(peers.length > 0 ? await trainer.stepParallel(x, y, peers) : trainer.step(x, y));
        } finally {
          tf.dispose([x, y]);
        }
        if (trainer.peerFailure && peers.length > 0) {
          // The step was finished here; go on alone (the run's speed drops, its numbers do not).
          peers = [];
          info = withWorkers(started, peers);
          emit({ type: 'backend', jobId: req.jobId, info });
        }
        const step = trainer.stepCount;
        const evalNow = step % s.evalEvery === 0 || step === s.maxIters;
        if (pending.length >= logEvery || evalNow || step % s.checkpointEvery === 0) {
          // One readback for the losses of the last few steps (the chart's only per-step data).
          const stacked = tf.stack(pending);
          const values = await stacked.data();
          tf.dispose([stacked, ...pending]);
          const n = pending.length;
          pending = [];
          const ms = performance.now() - windowStart;
          lastSpeed = (n * tokensPerStep * 1000) / Math.max(1, ms);
          // Aim for a readback every ~0.3 s: fewer syncs on GPUs, a live chart everywhere.
          logEvery = ms / n > 300 ? 1 : Math.max(1, Math.min(25, Math.round(300 / Math.max(1, ms / n))));
          const points: [number, number][] = Array.from(values, (v, i) => [step - n + 1 + i, v]);
          sinceEval.push(...values);
          emit({ type: 'steps', jobId: req.jobId, points, tokensPerSec: lastSpeed, lr: trainer.currentLr() });
          if (points.some(([, v]) => !Number.isFinite(v))) {
            stoppedBy = 'nan';
            message = 'The loss became NaN or infinite: the learning rate is probably too high. Lower it and train again.';
            break;
          }
          await yieldToEventLoop();
          windowStart = performance.now();
        }
        if (evalNow) {
          const ev = await evaluate(model, valIds, { maxWindows: s.evalWindows, batchSize: Math.min(16, s.batchSize), charsPerToken: data.charsPerToken });
          const ids = await generate(model, promptIds, { maxNewTokens: s.sampleTokens, temperature: 0.8, seed: s.sampleSeed });
          const trainLoss = sinceEval.reduce((a, b) => a + b, 0) / Math.max(1, sinceEval.length);
          sinceEval = [];
          emit({
            type: 'eval',
            jobId: req.jobId,
            point: { step, trainLoss, valLoss: ev.loss, perplexity: ev.perplexity, bitsPerChar: ev.bitsPerChar, tokensPerSec: lastSpeed, lr: trainer.currentLr(), seconds: (performance.now() - t0) / 1000 },
            sample: data.tok.decode([...promptIds, ...ids], { skipSpecialTokens: true }),
          });
          windowStart = performance.now();
        }
        if (step % s.checkpointEvery === 0) {
          await checkpoint();
          windowStart = performance.now();
        }
        current.step = step;
      }
      tf.dispose(pending);
      pending = [];
      if (stoppedBy !== 'nan' && lastCheckpoint !== trainer.stepCount) await checkpoint();
      current.step = trainer.stepCount;
      return { step: trainer.stepCount, stoppedBy, ...(message ? { message } : {}), backend: info };
    } catch (e) {
      dropCurrent();
      throw e;
    } finally {
      lease.release(trainer.peerFailure !== null);
      tf.dispose(pending);
      trainer.dispose();
      if (current) current.busy = false;
      controllers.delete(req.jobId);
    }
  }

  async function runGenerate(req: Extract<LmRequest, { type: 'generate' }>): Promise<LmResults['generate']> {
    await useBackend(backend?.choice ?? req.backend);
    if (current?.runId === req.runId && current.busy) throw new Failure({ message: 'The model is training.', hint: 'Pause or stop training, then generate.' });
    const m = await modelOf(req.runId);
    const ids = m.tokenizer.ids(req.prompt);
    if (ids.length === 0) throw new Failure({ message: 'Type a prompt: the model continues your text.', hint: 'Any few characters will do, even a single letter.' });
    const abort = new AbortController();
    aborts.set(req.jobId, abort);
    const decoder = streamDecoder(m.tokenizer, (text) => emit({ type: 'token', jobId: req.jobId, text }));
    const { maxNewTokens, temperature, topK, topP, seed } = req.settings;
    const t0 = performance.now();
    try {
      const out = await generate(m.model, ids, { maxNewTokens, temperature, topK, topP, seed, signal: abort.signal }, (id) => decoder.push(id));
      return { text: decoder.text(), tokens: out.length, tokensPerSec: (out.length * 1000) / Math.max(1, performance.now() - t0) };
    } finally {
      aborts.delete(req.jobId);
    }
  }

  async function runExport(req: Extract<LmRequest, { type: 'export' }>): Promise<Uint8Array> {
    await useBackend(backend?.choice ?? 'auto');
    if (current?.runId === req.runId && current.busy) throw new Failure({ message: 'The model is training.', hint: 'Pause or stop training, then export.' });
    const m = await modelOf(req.runId);
    return req.format === 'studio'
      ? writeStudioLmBundle(m.model, m.tokenizerJson, { ...req.manifest, step: m.step }, req.log, req.readme)
      : writeHfZip(m.model, m.tokenizerJson, req.readme);
  }

  async function runImport(req: Extract<LmRequest, { type: 'import' }>): Promise<LmResults['import']> {
    await useBackend(backend?.choice ?? 'auto');
    const read = readLmZip(new Uint8Array(await req.file.arrayBuffer()));
    try {
      const bytes = await saveCheckpoint(read.model, null);
      await storage.putCheckpoint({ runId: req.runId, corpusId: '', step: read.step, savedAt: Date.now(), bytes, tokenizer: read.tokenizerJson });
      return { config: read.model.config, step: read.step, tokenizerKind: read.tokenizer.kind, vocabSize: read.tokenizer.vocab.size, format: read.format, ...(read.log !== undefined ? { log: read.log } : {}) };
    } finally {
      read.model.dispose();
    }
  }

  async function run(req: LmRequest): Promise<LmResults[keyof LmResults]> {
    switch (req.type) {
      case 'prepare':
        return prepare(req);
      case 'probe':
        return probe(req);
      case 'train':
        return train(req);
      case 'generate':
        return runGenerate(req);
      case 'export':
        return runExport(req);
      case 'import':
        return runImport(req);
      case 'forget':
        if (current && !req.keepRunIds.includes(current.runId)) dropCurrent();
        await storage.keepCheckpoints(req.keepRunIds);
        return null;
      case 'control': {
        const c = controllers.get(req.target);
        if (req.action === 'pause') c?.pause();
        else if (req.action === 'resume') c?.resume();
        else c?.stop();
        if (req.action === 'stop') aborts.get(req.target)?.abort();
        return null;
      }
      default:
        return assertNever(req, 'request');
    }
  }

  return async function handle(req: LmRequest) {
    try {
      const result = await run(req);
      emit({ type: 'done', jobId: req.jobId, request: req.type, result } as LmEvent);
    } catch (e) {
      const problem: Problem =
        e instanceof Failure
          ? e.problem
          : e instanceof CorpusError
            ? { message: e.message, hint: 'Check the file and try again.' }
            : { message: 'The language-model job failed unexpectedly.', hint: `Details for a bug report: ${e instanceof Error ? e.message : String(e)}` };
      emit({ type: 'failed', jobId: req.jobId, problem });
    }
  };
}
