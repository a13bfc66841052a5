/**
 * Why one file over 400 lines: every job is a function inside one closure over the worker's
 * session (model, vocab, trainer, checkpoint, backend, storage); split across files, that state
 * would have to be passed to each of them (the test evaluation is already its own file).
 *
 * The sequence-to-sequence worker's jobs, independent of postMessage (tested in Node): load pairs
 * (CSV/TSV/JSONL through the studio's ingest, or two aligned .txt files), train with live losses,
 * validation points and checkpoints (resume continues from the latest), evaluate on the test
 * split, generate (greedy streaming or beam) with cross-attention, export / import bundles. The
 * pairs, the model in use and the latest checkpoint are also written to storage (IndexedDB in the
 * worker) and read back by `restore` after a reload.
 */
import * as tf from '@tensorflow/tfjs';
import { blobSource, ingest } from '../core/data/ingest';
import { cellText } from '../core/data/table';
import { countParams, DECODER_START_ID } from '../core/seq2seq/config';
import { loadS2sCheckpoint, readS2sBundle, readS2sBundleBackend, saveS2sCheckpoint, writeS2sBundle } from '../core/seq2seq/checkpoint';
import { encodePairs, pairsFromLines, splitPairs, type Pair } from '../core/seq2seq/data';
import { beamDecode, greedyDecode } from '../core/seq2seq/decode';
import { writeHfT5Zip } from '../core/seq2seq/hf-export';
import { createSeq2Seq, type Seq2SeqModel } from '../core/seq2seq/model';
import { createSeq2SeqTrainer, type Seq2SeqTrainer } from '../core/seq2seq/trainer';
import { loadPairVocab, savePairVocab, trainPairVocab, type PairVocab } from '../core/seq2seq/vocab';
import { s2sConfig, type BackendChoice, type BackendInfo, type S2sDataInfo, type S2sEvent, type S2sProbeResult, type S2sRequest, type S2sRestoreResult, type S2sSideTokenizer, type S2sSettings } from '../core/jobs';
import { stableKey } from '../core/util/hash';
import { s2sPairsSha256 } from '../core/jobs/seq2seq-reproduce';
import { serializeTokenizer, tokenStats, type Tokenizer } from '../core/text';
import { evaluateS2sTest } from './seq2seq-evaluate';
import { memoryS2sStorage, readS2sEntry, unsavedProblem, type S2sStorage } from './seq2seq-storage';
import type { StoredS2sCheckpoint, StoredS2sData, StoredS2sModel } from './db';
import { gpuLossGuard, raceGpuLoss } from './gpu-loss';
import type { Problem } from '../core/util/result';

export type S2sBackendStarter = (choice: BackendChoice) => Promise<BackendInfo>;

interface Session {
  model: Seq2SeqModel;
  vocab: PairVocab;
  settings: S2sSettings;
  trainer?: Seq2SeqTrainer;
  checkpoint?: Uint8Array;
  /** What the checkpoint was trained from (data + settings but the step count): resume only when equal. */
  key?: string;
}

const problem = (message: string, hint?: string, code?: string) => ({ message, ...(hint ? { hint } : {}), ...(code ? { code } : {}) });
/** A problem thrown as an error, its hint and code kept (a GPU loss's code makes the page replace this worker). */
const thrown = (p: Problem) => Object.assign(new Error(p.message), { hint: p.hint, code: p.code });
const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * `lost`: settles when the running backend's GPU is lost (worker/gpu-loss.ts `whenGpuLost`); a
 * train job then ends at once with that problem, saving nothing after it (absent: never).
 */
export function createS2sHandler(startBackend: S2sBackendStarter, post: (e: S2sEvent) => void, storage: S2sStorage = memoryS2sStorage(), lost?: () => Promise<Problem>) {
  let data: { info: S2sDataInfo; columns: Map<string, string[]> } | null = null;
  let session: Session | null = null;
  let backendInfo: BackendInfo | null = null;
  const controls = new Map<string, { paused: boolean; stopped: boolean }>();

  async function backend(choice: BackendChoice, jobId: string) {
    if (!backendInfo || (choice !== 'auto' && choice !== backendInfo.name)) backendInfo = await startBackend(choice);
    post({ type: 'backend', jobId, info: backendInfo });
  }

  // Storage failing (quota, private mode) must not fail the job: the work goes on in memory, and
  // the view is told what was not saved (and told again when a later write of that part works).
  async function store(entry: StoredS2sData | StoredS2sModel | StoredS2sCheckpoint, jobId: string) {
    try {
      await storage.put(entry);
      post({ type: 'storage', jobId, part: entry.kind, problem: null });
    } catch (e) {
      console.warn(`seq2seq: could not store the ${entry.kind}`, e);
      post({ type: 'storage', jobId, part: entry.kind, problem: unsavedProblem(entry, e) });
    }
  }

  async function storeModel(s: S2sSettings, jobId: string) {
    if (!session) return;
    const bytes = await writeS2sBundle(session.model, { vocab: savePairVocab(session.vocab), settings: s.train }, { settings: s });
    await store({ kind: 'model', bytes, savedAt: Date.now() }, jobId);
  }

  function keep(fileName: string, columns: Map<string, string[]>): S2sDataInfo {
    const names = [...columns.keys()];
    const rowCount = columns.get(names[0] ?? '')?.length ?? 0;
    const preview = Array.from({ length: Math.min(5, rowCount) }, (_, r) => names.map((n) => columns.get(n)![r]!));
    const info = { fileName, columns: names, rowCount, preview };
    data = { info, columns };
    return info;
  }

  async function keepAndStore(fileName: string, columns: Map<string, string[]>, jobId: string): Promise<S2sDataInfo> {
    const info = keep(fileName, columns);
    await store({ kind: 'data', fileName, columns: [...columns], savedAt: Date.now() }, jobId);
    return info;
  }

  function pairsOf(s: S2sSettings): Pair[] {
    if (!data) throw new Error('Load pairs first.');
    const src = data.columns.get(s.sourceColumn);
    const tgt = data.columns.get(s.targetColumn);
    if (!src || !tgt) throw new Error(`Pick a source and a target column (have: ${data.info.columns.join(', ')}).`);
    if (s.sourceColumn === s.targetColumn) throw new Error('The source and target columns must differ.');
    const out: Pair[] = [];
    src.forEach((v, i) => {
      const t = tgt[i]!;
      if (v.trim() !== '' && t.trim() !== '') out.push({ source: v, target: t });
    });
    if (out.length < 10) throw new Error(`Only ${out.length} rows have both a source and a target: at least 10 are needed.`);
    return out;
  }

  /** Times training steps of a throw-away model with the run's settings (the session's model is untouched). */
  async function probe(req: Extract<S2sRequest, { type: 'probe' }>): Promise<S2sProbeResult> {
    const s = req.settings;
    await backend(s.backend, req.jobId);
    const split = splitPairs(pairsOf(s), s.train.seed);
    post({ type: 'progress', jobId: req.jobId, label: 'Training the tokenizers', done: 0, total: 1 });
    const vocab = trainPairVocab(split.train.map((p) => p.source), split.train.map((p) => p.target), s.tokenizers.source, s.tokenizers.target);
    const enc = encodePairs(split.train, vocab, s.maxSourceLen, s.maxTargetLen);
    const tokensPerStep = (s.train.batchSize * (enc.src.reduce((a, x) => a + x.length, 0) + enc.tgt.reduce((a, x) => a + x.length + 1, 0))) / enc.src.length;
    const model = createSeq2Seq(s2sConfig(s, vocab.size), { seed: s.train.seed });
    const trainer = createSeq2SeqTrainer(model, enc, s.train);
    try {
      const once = async () => {
        const loss = trainer.trainStep();
        await loss.data(); // waits for the backend to finish the step
        loss.dispose();
      };
      post({ type: 'progress', jobId: req.jobId, label: 'Warming up', done: 0, total: 1 });
      await once(); // the first step compiles kernels: not timed
      const t0 = performance.now();
      let steps = 0;
      // At least 3 steps, then until 2 s have passed (at most 20).
      while (steps < 3 || (performance.now() - t0 < 2000 && steps < 20)) {
        await once();
        steps++;
        post({ type: 'progress', jobId: req.jobId, label: 'Timing training steps', done: steps, total: 3 });
      }
      const ms = (performance.now() - t0) / steps;
      return { backend: backendInfo?.name ?? s.backend, steps, msPerStep: ms, tokensPerSec: (tokensPerStep * 1000) / ms };
    } finally {
      trainer.dispose();
      model.dispose();
    }
  }

  async function train(req: Extract<S2sRequest, { type: 'train' }>) {
    await backend(req.settings.backend, req.jobId);
    const control = { paused: false, stopped: false };
    // A GPU lost mid-run leaves the next read-back waiting forever (WebGL) or failing (WebGPU).
    const guard = gpuLossGuard(lost?.(), thrown, () => (control.stopped = true));
    return guard.run(trainOn(req, control, guard));
  }

  async function trainOn(req: Extract<S2sRequest, { type: 'train' }>, control: { paused: boolean; stopped: boolean }, guard: { readonly lost: boolean }) {
    const s = req.settings;
    const pairs = pairsOf(s);
    const split = splitPairs(pairs, s.train.seed);
    if (split.train.length === 0 || split.test.length === 0) throw new Error('Too few distinct sources to split into training and test sets.');
    const key = stableKey({ file: data!.info.fileName, rows: data!.info.rowCount, s: { ...s, train: { ...s.train, maxIters: 0, evalInterval: 0 }, beamRows: 0, beamWidth: 0, lengthPenalty: 0, backend: '' } });
    let model: Seq2SeqModel;
    let vocab: PairVocab;
    let trainer: Seq2SeqTrainer;
    const resumable = req.resume && session?.checkpoint && session.key === key;
    if (resumable) {
      const ck = loadS2sCheckpoint(session!.checkpoint!);
      vocab = loadPairVocab(ck.vocab);
      model = ck.model;
      const train = encodePairs(split.train, vocab, s.maxSourceLen, s.maxTargetLen);
      trainer = createSeq2SeqTrainer(model, train, s.train);
      trainer.setState({ step: ck.step, expAvg: ck.expAvg, expAvgSq: ck.expAvgSq }, ck.sampler);
    } else {
      post({ type: 'progress', jobId: req.jobId, label: 'Training the tokenizers', done: 0, total: 1 });
      vocab = trainPairVocab(split.train.map((p) => p.source), split.train.map((p) => p.target), s.tokenizers.source, s.tokenizers.target);
      model = createSeq2Seq(s2sConfig(s, vocab.size), { seed: s.train.seed });
      trainer = createSeq2SeqTrainer(model, encodePairs(split.train, vocab, s.maxSourceLen, s.maxTargetLen), s.train);
    }
    disposeSession();
    session = { model, vocab, settings: s, trainer, key };
    const val = encodePairs(split.validation, vocab, s.maxSourceLen, s.maxTargetLen);
    const test = encodePairs(split.test, vocab, s.maxSourceLen, s.maxTargetLen);
    const train = encodePairs(split.train, vocab, s.maxSourceLen, s.maxTargetLen);
    const tokensPerStep = (s.train.batchSize * (train.src.reduce((a, x) => a + x.length, 0) + train.tgt.reduce((a, x) => a + x.length + 1, 0))) / train.src.length;
    controls.set(req.jobId, control);
    const evals: { step: number; trainLoss: number; valLoss: number }[] = [];
    let pending: [number, tf.Scalar][] = [];
    let windowStart = performance.now();
    let windowSteps = 0;
    let tokensPerSec = 0;
    let lastTrainLoss = NaN;
    let checkpointStep = resumable ? trainer.step : -1;
    const checkpoint = async () => {
      if (guard.lost) return;
      const bytes = await saveS2sCheckpoint(trainer, { vocab: savePairVocab(vocab), settings: s.train });
      session!.checkpoint = bytes;
      checkpointStep = trainer.step;
      await store({ kind: 'checkpoint', key, step: trainer.step, bytes, settings: s, savedAt: Date.now() }, req.jobId);
      post({ type: 'checkpoint', jobId: req.jobId, step: trainer.step });
    };
    const flush = async () => {
      if (pending.length === 0) return;
      const stacked = tf.stack(pending.map(([, l]) => l));
      const values = await stacked.data();
      stacked.dispose();
      const points = pending.map(([st], i) => [st, values[i]!] as [number, number]);
      tf.dispose(pending.map(([, l]) => l));
      pending = [];
      const now = performance.now();
      tokensPerSec = (windowSteps * tokensPerStep) / Math.max(1e-3, (now - windowStart) / 1000);
      windowStart = now;
      windowSteps = 0;
      lastTrainLoss = points[points.length - 1]![1];
      post({ type: 'steps', jobId: req.jobId, points, tokensPerSec });
    };
    try {
      while (trainer.step < s.train.maxIters && !control.stopped) {
        const step = trainer.step;
        pending.push([step + 1, trainer.trainStep()]);
        windowSteps++;
        if (performance.now() - windowStart > 300) {
          await flush();
          await yieldToMessages();
          while (control.paused && !control.stopped) await new Promise((r) => setTimeout(r, 50));
        }
        if ((step + 1) % s.train.evalInterval === 0 || step + 1 === s.train.maxIters) {
          await flush();
          const valLoss = await trainer.evaluate(val, 512);
          const point = { step: step + 1, trainLoss: lastTrainLoss, valLoss };
          evals.push(point);
          post({ type: 'eval', jobId: req.jobId, point });
          await checkpoint();
        }
      }
      if (guard.lost) throw new Error('GPU lost');
      await flush();
      // A stopped run resumes from where it stopped, not from the last validation.
      if (trainer.step !== checkpointStep) await checkpoint();
      await storeModel(s, req.jobId);
    } finally {
      tf.dispose(pending.map(([, l]) => l));
      controls.delete(req.jobId);
    }
    const { metrics, worst, beam } = await evaluateS2sTest(post, model, vocab, split.test, test, s, req.jobId);
    const srcTexts = split.train.map((p) => p.source);
    const tgtTexts = split.train.map((p) => p.target);
    const side = (kind: S2sSideTokenizer['side'], t: Tokenizer, texts: string[], maxLength: number): S2sSideTokenizer => ({ side: kind, json: serializeTokenizer(t), samples: texts.slice(0, 5), stats: tokenStats(t, texts, maxLength), maxLength });
    const sides = vocab.shared ? [side('shared', vocab.source, [...srcTexts, ...tgtTexts], Math.max(s.maxSourceLen, s.maxTargetLen))] : [side('source', vocab.source, srcTexts, s.maxSourceLen), side('target', vocab.target, tgtTexts, s.maxTargetLen)];
    return {
      steps: trainer.step, stopped: control.stopped, params: countParams(model.config), vocabSize: vocab.size,
      split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      evals, test: metrics, beam, worst, tokensPerSec, backend: backendInfo?.name ?? tf.getBackend(), sides,
      stampData: { pairsSha256: s2sPairsSha256(split.train), trainPairs: split.train.length },
    };
  }

  /**
   * The playground's decode, raced against a GPU loss as training is: a lost WebGL context would
   * leave its read-back waiting forever. The job then fails with the loss at once; the page
   * replaces this worker and generates again on WebAssembly (store/actions/generate-fallback.ts).
   */
  function generate(req: Extract<S2sRequest, { type: 'generate' }>) {
    let gone = false;
    const say = (e: S2sEvent) => !gone && post(e);
    return raceGpuLoss(generateOn(req, say), backendInfo ? lost?.() : undefined, thrown, () => (gone = true));
  }

  async function generateOn(req: Extract<S2sRequest, { type: 'generate' }>, post: (e: S2sEvent) => void) {
    if (!session) throw new Error('Train or import a model first.');
    const { model, vocab, settings } = session;
    const src = vocab.encodeSource(req.text).slice(0, model.config.maxSourceLen);
    const maxLen = model.config.maxTargetLen;
    let ids: number[];
    let logProb: number;
    let alternatives: { output: string; score: number }[] | undefined;
    if (req.settings.mode === 'beam') {
      const hyps = await beamDecode(model, src, { width: req.settings.width, maxLen, lengthPenalty: req.settings.lengthPenalty });
      ids = hyps[0]!.ids;
      logProb = hyps[0]!.logProb;
      alternatives = hyps.map((h) => ({ output: vocab.decodeTarget(h.ids), score: h.score }));
      post({ type: 'token', jobId: req.jobId, text: vocab.decodeTarget(ids) });
    } else {
      const g = await greedyDecode(model, src, maxLen, { onToken: (sofar) => post({ type: 'token', jobId: req.jobId, text: vocab.decodeTarget(sofar) }) });
      ids = g.ids;
      logProb = g.logProb;
    }
    // Cross-attention of the chosen output: one teacher-forced pass over it.
    const tgtIn = [DECODER_START_ID, ...ids.slice(0, -1)];
    let cross: number[][] = [];
    if (src.length > 0 && ids.length > 0) {
      const srcT = tf.tensor2d([src], undefined, 'int32');
      const tgtT = tf.tensor2d([tgtIn], undefined, 'int32');
      const enc = model.encode(srcT);
      let probs: tf.Tensor3D | undefined;
      model.decode(tgtT, enc, { onCrossAttention: (p) => (probs = p) }).dispose();
      const arr = (await probs!.array()) as number[][][];
      cross = arr[0]!;
      tf.dispose([srcT, tgtT, enc.hidden, enc.mask, probs!]);
    }
    void settings;
    return {
      output: vocab.decodeTarget(ids),
      sourceTokens: vocab.sourceTokens(req.text).slice(0, src.length),
      targetTokens: ids.map((id) => vocab.targetToken(id)),
      cross, logProb, ...(alternatives ? { alternatives } : {}),
    };
  }

  /** After a reload: the stored pairs, and the model in use (the saved one, or the newer checkpoint's) with its checkpoint. */
  async function restore(req: Extract<S2sRequest, { type: 'restore' }>): Promise<S2sRestoreResult> {
    const out: S2sRestoreResult = {};
    const d = await readS2sEntry(storage, 'data');
    if (!data && d && typeof d.fileName === 'string' && Array.isArray(d.columns)) keep(d.fileName, new Map(d.columns));
    if (data) out.data = data.info;
    if (session) return { ...out, model: { params: countParams(session.model.config), from: 'model' } };
    const ck = await readS2sEntry(storage, 'checkpoint');
    const saved = await readS2sEntry(storage, 'model');
    if (!ck && !saved) return out;
    await backend(req.backend, req.jobId);
    try {
      if (saved && (!ck || saved.savedAt >= ck.savedAt)) {
        const { model, manifest, vocab } = readS2sBundle(saved.bytes);
        const settings = (manifest.info.settings as S2sSettings | undefined) ?? ({ train: manifest.settings } as S2sSettings);
        session = { model, vocab, settings };
        out.model = { params: countParams(model.config), from: 'model' };
      } else if (ck) {
        const loaded = loadS2sCheckpoint(ck.bytes);
        session = { model: loaded.model, vocab: loadPairVocab(loaded.vocab), settings: ck.settings as S2sSettings };
        out.model = { params: countParams(loaded.model.config), from: 'checkpoint' };
      }
    } catch (e) {
      // A damaged stored model is dropped (the pairs stay); the view then offers training again.
      console.warn('seq2seq: the stored model could not be read', e);
      disposeSession();
      return out;
    }
    if (ck && session) {
      session.checkpoint = ck.bytes;
      session.key = ck.key;
      out.checkpointStep = ck.step;
    }
    return out;
  }

  function disposeSession() {
    if (!session) return;
    session.trainer?.dispose();
    session.model.dispose();
    session = null;
  }

  async function run(req: S2sRequest): Promise<unknown> {
    switch (req.type) {
      case 'load': {
        const res = await ingest(blobSource(req.file), { fileName: req.fileName }, (p) => post({ type: 'progress', jobId: req.jobId, label: `Reading ${req.fileName}`, done: p.bytesRead, total: req.file.size }));
        if (!res.ok) throw Object.assign(new Error(res.error.message), { hint: res.error.hint });
        const { table } = res.value;
        if (table.columns.length < 2) throw Object.assign(new Error(`${req.fileName} has ${table.columns.length} column: a source and a target column are needed.`), { hint: 'Use a CSV, TSV or JSON Lines file with two text columns, or two aligned .txt files.' });
        const cols = new Map(table.columns.map((c) => [c.name, Array.from({ length: table.rowCount }, (_, r) => cellText(c, r))]));
        return keepAndStore(req.fileName, cols, req.jobId);
      }
      case 'load-lines': {
        const pairs = pairsFromLines(await req.source.text(), await req.target.text());
        return keepAndStore(req.fileName, new Map([['source', pairs.map((p) => p.source)], ['target', pairs.map((p) => p.target)]]), req.jobId);
      }
      case 'restore':
        return restore(req);
      case 'train':
        return train(req);
      case 'probe':
        return probe(req);
      case 'generate':
        return generate(req);
      case 'export': {
        if (!session) throw new Error('Train or import a model first.');
        if (req.format === 'hf-t5') return writeHfT5Zip(session.model, session.vocab);
        return writeS2sBundle(session.model, { vocab: savePairVocab(session.vocab), settings: session.settings.train }, { ...req.info, settings: session.settings });
      }
      case 'import': {
        const bytes = new Uint8Array(await req.file.arrayBuffer());
        // The backend starts before any tensor exists: the one the model was trained on when it says so.
        const savedBackend = (readS2sBundleBackend(bytes) ?? 'auto') as BackendChoice;
        await backend(savedBackend, req.jobId);
        const { model, manifest, vocab } = readS2sBundle(bytes);
        const settings = (manifest.info.settings as S2sSettings | undefined) ?? null;
        disposeSession();
        session = { model, vocab, settings: settings ?? ({ train: manifest.settings } as S2sSettings) };
        // The imported model is the one in use after a reload; an older run's checkpoint no longer resumes.
        await store({ kind: 'model', bytes, savedAt: Date.now() }, req.jobId);
        await storage.delete('checkpoint').catch(() => undefined);
        return { info: manifest.info, params: countParams(model.config), ...(settings ? { sourceColumn: settings.sourceColumn, targetColumn: settings.targetColumn } : {}) };
      }
      case 'control': {
        const c = controls.get(req.target);
        if (c) {
          if (req.action === 'pause') c.paused = true;
          else if (req.action === 'resume') c.paused = false;
          else c.stopped = true;
        }
        return null;
      }
    }
  }

  return async function handle(req: S2sRequest): Promise<void> {
    try {
      const result = await run(req);
      post({ type: 'done', jobId: req.jobId, request: req.type, result } as S2sEvent);
    } catch (e) {
      const err = e as Error & { hint?: string; code?: string };
      post({ type: 'failed', jobId: req.jobId, problem: problem(err.message ?? String(e), err.hint, err.code) });
    }
  };
}
