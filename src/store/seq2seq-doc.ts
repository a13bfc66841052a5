/**
 * doc.seq2seq: the sequence-to-sequence view's saved part (optional, project version 1 still):
 * whether it is open, its settings, the loaded pairs' name and columns, and the latest run's
 * curves and test results. The pairs, the model and the latest checkpoint are stored by the
 * seq2seq worker in IndexedDB (worker/seq2seq-storage.ts), outside the autosave path, and read
 * back by s2sRestore when the view opens. Restored defensively: a damaged field falls back to its
 * default, a damaged run is dropped.
 */
import { defaultS2sSettings, type S2sDataInfo, type S2sEvalPoint, type S2sSettings, type S2sTrainResult } from '../core/jobs';
import type { S2sReproduction } from '../core/jobs/seq2seq-reproduce';

export interface S2sRunDoc {
  status: 'training' | 'done' | 'stopped' | 'failed' | 'interrupted';
  /** Thinned (step, loss) points, at most 1,000. */
  losses: [number, number][];
  evals: S2sEvalPoint[];
  checkpointStep?: number;
  result?: S2sTrainResult;
  message?: string;
  /** The settings the run trained with and when it started (its stamp); `resumed` once continued from a checkpoint. */
  settings?: S2sSettings;
  startedAt?: number;
  resumed?: boolean;
  /** Set on a run made by "Reproduce": how it compares with the original. */
  reproduction?: S2sReproduction;
}

export interface S2sDoc {
  open: boolean;
  settings: S2sSettings;
  data?: Omit<S2sDataInfo, 'preview'> & { sample?: string };
  run?: S2sRunDoc;
  /** Imported bundle's description, when the model in use came from a file. */
  imported?: { fileName: string; params: number };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Each known field of `value` whose type matches the default's; the default otherwise. */
function merge<T extends object>(def: T, value: unknown): T {
  const base = def as Record<string, unknown>;
  if (!isObject(value)) return def;
  const out: Record<string, unknown> = { ...base };
  for (const [k, d] of Object.entries(base)) {
    const v = value[k];
    if (v === undefined) continue;
    if (isObject(d)) out[k] = isObject(v) ? merge(d as object, v) : typeof v === 'string' ? v : d;
    else if (typeof v === typeof d) out[k] = v;
  }
  return out as T;
}

export function restoreS2sDoc(value: unknown): S2sDoc | undefined {
  if (!isObject(value)) return undefined;
  const def = defaultS2sSettings();
  const settings = merge(def, value.settings);
  // The target side is a spec or the string 'shared'.
  if (settings.tokenizers.target !== 'shared' && !isObject(settings.tokenizers.target)) settings.tokenizers = { ...settings.tokenizers, target: def.tokenizers.target };
  const out: S2sDoc = { open: value.open === true, settings };
  const d = value.data;
  if (isObject(d) && typeof d.fileName === 'string' && Array.isArray(d.columns) && d.columns.every((c) => typeof c === 'string') && typeof d.rowCount === 'number') {
    out.data = { fileName: d.fileName, columns: d.columns as string[], rowCount: d.rowCount, ...(typeof d.sample === 'string' ? { sample: d.sample } : {}) };
  }
  const r = value.run;
  if (isObject(r) && Array.isArray(r.losses) && Array.isArray(r.evals) && typeof r.status === 'string') {
    const run = r as unknown as S2sRunDoc;
    out.run = { ...run, status: run.status === 'training' ? 'interrupted' : run.status };
  }
  const imp = value.imported;
  if (isObject(imp) && typeof imp.fileName === 'string' && typeof imp.params === 'number') out.imported = { fileName: imp.fileName, params: imp.params };
  return out;
}

/** Keeps at most n points, evenly spaced, always the last. */
export function thin(points: [number, number][], n = 1000): [number, number][] {
  if (points.length <= n) return points;
  const stride = points.length / n;
  const out: [number, number][] = [];
  for (let i = 0; i < n - 1; i++) out.push(points[Math.floor(i * stride)]!);
  out.push(points[points.length - 1]!);
  return out;
}
