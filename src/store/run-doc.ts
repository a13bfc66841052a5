/**
 * Runs that did not end: the training worker died mid-run (out of memory, ended by the browser),
 * or the page closed while a run was training. Such a run is `interrupted`: its finished epochs
 * (curves) stay, and "Train again" starts its settings afresh — a tabular run's weights live in
 * the worker until the run ends, so there is nothing to continue from.
 */
import { getModelInfo } from '../core/models/catalog';
import type { RunRecord } from './modeling';

/** What an interrupted run still has ('' when nothing finished). */
export function keptEpochs(epochs: number, neural: boolean): string {
  const unit = neural ? 'epoch' : 'round';
  return epochs === 1 ? `Its finished ${unit} is kept in the curves.` : epochs > 1 ? `Its ${epochs} finished ${unit}s are kept in the curves.` : '';
}

export function interruptedMessage(epochs: number, neural: boolean, why = 'the background worker stopped (the browser may have run out of memory)'): string {
  const kept = keptEpochs(epochs, neural);
  return `Training was interrupted: ${why}.${kept ? ` ${kept}` : ''} Train again to get a model.`;
}

/** A saved run still `running` or `paused` was cut off by the page closing: it is interrupted. */
export function settleRuns(runs: RunRecord[]): RunRecord[] {
  return runs.map((r) => {
    if (r.status !== 'running' && r.status !== 'paused') return r;
    const epochs = Array.isArray(r.epochs) ? r.epochs.length : 0;
    const neural = getModelInfo(typeof r.family === 'string' ? r.family : '')?.kind === 'neural';
    return { ...r, status: 'interrupted' as const, problem: interruptedMessage(epochs, neural, 'the page was closed or reloaded while it trained') };
  });
}
