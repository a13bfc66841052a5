/**
 * Runs that did not end: the training worker died mid-run (out of memory, ended by the browser),
 * or the page closed while a run was training. Such a run is `interrupted`: its finished epochs
 * (curves) stay; a neural, boosting or random-forest run with a checkpoint (store/checkpoints.ts) can resume after
 * its epoch or round, and any run's settings can train again afresh.
 */
import { getModelInfo } from '../core/models/catalog';
import type { RunRecord } from './modeling';

/** What a run counts in: a neural run's epochs, a boosting or forest run's rounds (a forest: one tree each). */
export const stepUnit = (neural: boolean) => (neural ? 'epoch' : 'round');

/** What an interrupted run still has ('' when nothing finished). */
export function keptEpochs(epochs: number, neural: boolean): string {
  const unit = stepUnit(neural);
  return epochs === 1 ? `Its finished ${unit} is kept in the curves.` : epochs > 1 ? `Its ${epochs} finished ${unit}s are kept in the curves.` : '';
}

/** What Resume goes on from: a neural run's saved weights, a boosting or forest run's saved trees. */
export const resumeAfter = (at: number, neural: boolean) => `Resume goes on after ${stepUnit(neural)} ${at} with its saved ${neural ? 'weights' : 'trees'}`;

/** `savedAt`: the epoch (round) of the run's last checkpoint, when it has one. */
export function interruptedMessage(epochs: number, neural: boolean, why = 'the background worker stopped (the browser may have run out of memory)', savedAt?: number): string {
  const kept = keptEpochs(epochs, neural);
  const next = savedAt ? `${resumeAfter(savedAt, neural)}, or train again.` : 'Train again to get a model.';
  return `Training was interrupted: ${why}.${kept ? ` ${kept}` : ''} ${next}`;
}

/** Said on a run that went on on WebAssembly after its GPU was lost during epoch `atEpoch`; `fromEpoch` 0: no checkpoint yet, it started again. */
export function fallbackNotice(backend: string, atEpoch: number, fromEpoch: number): string {
  const what = backend === 'webgpu' ? 'WebGPU device' : 'WebGL context';
  return fromEpoch > 0 ? `The ${what} was lost at epoch ${atEpoch}; training continued on WebAssembly from its saved weights after epoch ${fromEpoch}.` : `The ${what} was lost at epoch ${atEpoch}, before any weights were saved; training started again on WebAssembly.`;
}

/** Why a run saved as training is interrupted after a reload. */
export const RELOADED = 'the page was closed or reloaded while it trained';

/** The ids of the saved runs still `running` or `paused` (cut off by the page closing). */
export const cutOffRuns = (runs: unknown): string[] => (Array.isArray(runs) ? runs.filter((r: { status?: unknown; id?: unknown }) => (r?.status === 'running' || r?.status === 'paused') && typeof r.id === 'string').map((r: { id: string }) => r.id) : []);

/** A saved run still `running` or `paused` was cut off by the page closing: it is interrupted. */
export function settleRuns(runs: RunRecord[]): RunRecord[] {
  return runs.map((r) => {
    if (r.status !== 'running' && r.status !== 'paused') return r;
    const epochs = Array.isArray(r.epochs) ? r.epochs.length : 0;
    const neural = getModelInfo(typeof r.family === 'string' ? r.family : '')?.kind === 'neural';
    const saved = typeof r.checkpoint?.epoch === 'number' ? r.checkpoint.epoch : undefined;
    return { ...r, status: 'interrupted' as const, problem: interruptedMessage(epochs, neural, RELOADED, saved) };
  });
}
