/**
 * What the LM worker's jobs share: the started backend, the corpus and the model in memory, the
 * controllers of running jobs, and the ports (storage, backends, events). Hidden state (see
 * docs/architecture.md, "the worker owns big bytes"): the corpus's token ids and the current model
 * stay here; both are also stored, so after a crash or a reload every job rebuilds them from ids.
 */
import { loadCheckpoint, type GptModel } from '../core/lm';
import type { TrainController } from '../core/train/control';
import type { Tokenizer } from '../core/text';
import type { Problem } from '../core/util/result';
import type { BackendChoice, BackendInfo } from '../core/jobs';
import type { StoredLmCorpus } from './db';
import type { LmBackends, LmStorage } from './lm-ports';
import { loadTokenizer } from './lm-corpus';
import type { LmEvent } from './lm-protocol';

/** A job's failure as the user reads it. */
export class Failure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

export interface CurrentModel {
  runId: string;
  model: GptModel;
  tokenizer: Tokenizer;
  tokenizerJson: unknown;
  corpusId: string;
  step: number;
  /** True while a train job is stepping (not paused): generation must wait. */
  busy: boolean;
}

export type LoadedCorpus = StoredLmCorpus & { tok: Tokenizer };

export interface LmSession {
  readonly backends: LmBackends;
  readonly storage: LmStorage;
  readonly emit: (e: LmEvent) => void;
  /** Train jobs' pause/resume/stop, by job id. */
  readonly controllers: Map<string, TrainController>;
  /** Generation jobs' stop, by job id. */
  readonly aborts: Map<string, AbortController>;
  backend?: { choice: BackendChoice; info: BackendInfo };
  corpus?: LoadedCorpus;
  current?: CurrentModel;
}

export function createSession(backends: LmBackends, storage: LmStorage, emit: (e: LmEvent) => void): LmSession {
  return { backends, storage, emit, controllers: new Map(), aborts: new Map() };
}

export function dropCurrent(s: LmSession) {
  s.current?.model.dispose();
  s.current = undefined;
}

export async function useBackend(s: LmSession, choice: BackendChoice): Promise<BackendInfo> {
  if (s.backend?.choice === choice) return s.backend.info;
  // Tensors of the current model live on the old backend: drop it (it is in storage).
  dropCurrent(s);
  s.backend = { choice, info: await s.backends.start(choice) };
  return s.backend.info;
}

export async function getCorpus(s: LmSession, corpusId: string): Promise<LoadedCorpus> {
  if (s.corpus?.corpusId === corpusId) return s.corpus;
  const stored = await s.storage.getCorpus(corpusId);
  if (!stored) throw new Failure({ message: 'The text for this model is no longer stored in this browser.', hint: 'Load the text again in the Corpus section.' });
  s.corpus = { ...stored, tok: loadTokenizer(stored.tokenizer) };
  return s.corpus;
}

/** The model of a run: the one in memory, else its last checkpoint (weights only). */
export async function modelOf(s: LmSession, runId: string): Promise<CurrentModel> {
  if (s.current?.runId === runId) return s.current;
  const ck = await s.storage.getCheckpoint(runId);
  if (!ck) throw new Failure({ message: 'This model has no saved checkpoint in this browser.', hint: 'Train it again, or import its bundle.' });
  const loaded = loadCheckpoint(ck.bytes);
  loaded.trainer?.dispose();
  dropCurrent(s);
  s.current = { runId, model: loaded.model, tokenizer: loadTokenizer(ck.tokenizer), tokenizerJson: ck.tokenizer, corpusId: ck.corpusId, step: ck.step, busy: false };
  return s.current;
}
