/** The reproducibility stamp of the sequence-to-sequence view's run (what its bundle export carries). */
import type { ReproStamp } from '../core/bundle/stamp';
import { s2sStamp } from '../core/jobs/seq2seq-reproduce';
import type { S2sRunDoc } from './seq2seq-doc';
import { STUDIO_VERSION } from './studio-version';

/**
 * The run's stamp dated `createdAt`; undefined while it trains, for a run resumed from a checkpoint
 * (its schedule was stretched mid-way, so a fresh run cannot retrace it), and for runs from before
 * stamps or a damaged saved record.
 */
export function s2sRunStamp(run: S2sRunDoc, createdAt = new Date().toISOString()): ReproStamp | undefined {
  const r = run.result;
  if ((run.status !== 'done' && run.status !== 'stopped') || run.resumed || !r?.stampData || !run.settings || typeof run.startedAt !== 'number' || !(r.steps > 0)) return undefined;
  try {
    return s2sStamp({ settings: run.settings, steps: r.steps, ...(r.backend ? { backend: r.backend } : {}), data: r.stampData }, STUDIO_VERSION, createdAt);
  } catch {
    return undefined; // makeStamp refuses a bad hash or seed: show no half-stamp
  }
}
