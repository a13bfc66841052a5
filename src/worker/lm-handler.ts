/**
 * Language-model jobs: prepare a corpus, probe the speed of a model, train with evaluations,
 * samples and checkpoints, generate, export and import. Independent of postMessage and of
 * IndexedDB (lm.worker.ts wires both in), so the event sequences are testable in Node. The jobs
 * are in lm-train.ts and lm-generate.ts; what they share (backend, corpus, current model) in
 * lm-session.ts.
 */
import { assertNever } from '../core/util/assert';
import type { Problem } from '../core/util/result';
import type { LmBackends, LmStorage } from './lm-ports';
import { CorpusError, loadTokenizer, prepareCorpus, trainLmTokenizer } from './lm-corpus';
import type { LmEvent, LmRequest, LmResults } from './lm-protocol';
import { createSession, dropCurrent, Failure, type LmSession } from './lm-session';
import { probe, train } from './lm-train';
import { runExport, runGenerate, runImport } from './lm-generate';
import { runInspect, runLmEmbeddings } from './lm-inspect';
import { runPretrained } from './pretrained-jobs';

async function prepare(session: LmSession, req: Extract<LmRequest, { type: 'prepare' }>): Promise<LmResults['prepare']> {
  const progress = (label: string, done: number, total: number) => session.emit({ type: 'progress', jobId: req.jobId, label, done, total });
  let given: unknown;
  if (req.tokenizer.type === 'run') {
    const ck = await session.storage.getCheckpoint(req.tokenizer.runId);
    if (!ck) throw new Failure({ message: 'The imported model is no longer stored in this browser.', hint: 'Import its bundle again.' });
    given = ck.tokenizer;
  }
  const src = req.tokenizer;
  const tokenizerOf = (pieces: readonly string[]) =>
    src.type === 'run' ? loadTokenizer(given) : trainLmTokenizer(pieces, src.choice, (d, t) => progress('Training the BPE tokenizer', d, t));
  const prepared = await prepareCorpus(req.corpusId, req.files, tokenizerOf, req.valFraction, progress);
  await session.storage.putCorpus(prepared.stored);
  session.corpus = { ...prepared.stored, tok: prepared.tokenizer };
  return prepared.summary;
}

async function forget(session: LmSession, req: Extract<LmRequest, { type: 'forget' }>): Promise<null> {
  if (session.current && !req.keepRunIds.includes(session.current.runId)) dropCurrent(session);
  await session.storage.keepCheckpoints(req.keepRunIds);
  return null;
}

async function keepCorpus(session: LmSession, req: Extract<LmRequest, { type: 'keep-corpus' }>): Promise<null> {
  if (session.corpus && session.corpus.corpusId !== req.corpusId) session.corpus = undefined;
  await session.storage.keepCorpus(req.corpusId);
  return null;
}

function control(session: LmSession, req: Extract<LmRequest, { type: 'control' }>): null {
  const c = session.controllers.get(req.target);
  if (req.action === 'pause') c?.pause();
  else if (req.action === 'resume') c?.resume();
  else c?.stop();
  if (req.action === 'stop') session.aborts.get(req.target)?.abort();
  return null;
}

async function run(session: LmSession, req: LmRequest): Promise<LmResults[keyof LmResults]> {
  switch (req.type) {
    case 'prepare':
      return prepare(session, req);
    case 'probe':
      return probe(session, req);
    case 'train':
      return train(session, req);
    case 'generate':
      return runGenerate(session, req);
    case 'export':
      return runExport(session, req);
    case 'import':
      return runImport(session, req);
    case 'inspect':
      return runInspect(session, req);
    case 'lm-embeddings':
      return runLmEmbeddings(session, req);
    case 'forget':
      return forget(session, req);
    case 'keep-corpus':
      return keepCorpus(session, req);
    case 'control':
      return control(session, req);
    case 'pretrained-inspect': case 'pretrained-load': case 'pretrained-restore': case 'pretrained-generate': case 'pretrained-export': case 'pretrained-look-inside': case 'pretrained-finetune':
      return runPretrained(session, req);
    default:
      return assertNever(req, 'request');
  }
}

function problemOf(e: unknown): Problem {
  if (e instanceof Failure) return e.problem;
  if (e instanceof CorpusError) return { message: e.message, hint: 'Check the file and try again.' };
  return { message: 'The language-model job failed unexpectedly.', hint: `Details for a bug report: ${e instanceof Error ? e.message : String(e)}` };
}

export function createLmHandler(backends: LmBackends, storage: LmStorage, emit: (e: LmEvent) => void) {
  const session = createSession(backends, storage, emit);
  return async function handle(req: LmRequest) {
    try {
      const result = await run(session, req);
      emit({ type: 'done', jobId: req.jobId, request: req.type, result } as LmEvent);
    } catch (e) {
      emit({ type: 'failed', jobId: req.jobId, problem: problemOf(e) });
    }
  };
}
