/**
 * Workflows of the modeling steps (encode → model → train), each a small named function in its
 * own file (features.ts, training.ts, speed-test.ts); this file holds the model choice and binds
 * them all to one store.
 */
import { DEFAULT_TRAINING, trainingForFamily } from '../../core/jobs';
import { getModelInfo, type ModelParams } from '../../core/models/catalog';
import type { Deps, StudioStore } from '../store';
import { patchDoc, type ModelingContext } from './modeling-context';
import { encode, ensureFeatures } from './features';
import { measureSpeed } from './speed-test';
import { pauseTraining, probeDevice, resumeInterrupted, resumeTraining, retrainInterrupted, setTraining, startTraining, stopTraining } from './training';

/** A new family with its default parameters; its suggested learning rate unless the user set one. */
export function chooseModel(ctx: ModelingContext, family: string) {
  const fam = getModelInfo(family);
  if (!fam) return;
  const doc = ctx.store.getState().doc;
  const training = trainingForFamily(doc.training ?? DEFAULT_TRAINING, getModelInfo(doc.model?.family ?? ''), fam);
  patchDoc(ctx, { model: { family, params: { ...fam.defaultParams } }, ...(training !== (doc.training ?? DEFAULT_TRAINING) ? { training } : {}) });
}

export function setModelParams(ctx: ModelingContext, params: ModelParams) {
  const m = ctx.store.getState().doc.model;
  if (m) patchDoc(ctx, { model: { ...m, params } });
}

export function createModelActions(store: StudioStore, deps: Deps) {
  const ctx: ModelingContext = { store, deps };
  return {
    measureSpeed: () => measureSpeed(ctx),
    ensureFeatures: () => ensureFeatures(ctx),
    encode: (spec: Parameters<typeof encode>[1]) => encode(ctx, spec),
    chooseModel: (family: string) => chooseModel(ctx, family),
    setModelParams: (params: ModelParams) => setModelParams(ctx, params),
    setTraining: (patch: Parameters<typeof setTraining>[1]) => setTraining(ctx, patch),
    probeDevice: () => probeDevice(ctx),
    startTraining: () => startTraining(ctx),
    startReweighedTraining: (columns: string[]) => startTraining(ctx, { reweigh: columns }),
    pauseTraining: () => pauseTraining(ctx),
    resumeTraining: () => resumeTraining(ctx),
    stopTraining: () => stopTraining(ctx),
    retrainInterrupted: (runId: string) => retrainInterrupted(ctx, runId),
    resumeInterrupted: (runId: string) => resumeInterrupted(ctx, runId),
  };
}

export type ModelActions = ReturnType<typeof createModelActions>;
