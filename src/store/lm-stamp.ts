/** The reproducibility stamp of the language-model run (or the imported model) the LM view exports. */
import { parseStamp, type ReproStamp } from '../core/bundle/stamp';
import { lmStamp } from '../core/jobs/lm-reproduce';
import type { LmDoc, LmRun } from './lm-doc';
import { STUDIO_VERSION } from './studio-version';

/** The run's stamp dated `createdAt`; undefined for runs from before stamps or a damaged saved record. */
export function lmRunStamp(run: LmRun, createdAt = new Date().toISOString()): ReproStamp | undefined {
  if (!run.stampData) return undefined;
  try {
    return lmStamp({ config: run.config, settings: run.settings, step: run.step, ...(run.backend ? { backend: run.backend } : {}), data: run.stampData }, STUDIO_VERSION, createdAt);
  } catch {
    return undefined; // makeStamp refuses a bad hash or seed: show no half-stamp
  }
}

/** The stamp an LM export carries: the run's when the run is what is exported, else the imported model's own. */
export function lmExportStamp(l: LmDoc, run: LmRun | undefined): ReproStamp | undefined {
  if (run) return lmRunStamp(run);
  return parseStamp(l.imported?.stamp);
}
