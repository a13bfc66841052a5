/**
 * Cross-validation in the saved project (`doc.cv`, optional): the Cross-validate form's settings
 * and the latest cross-validations with their per-fold metrics. Restored defensively: a damaged
 * record is dropped, never handed to the steps.
 */
import { DEFAULT_FOLD_SETTINGS, type CvRecord, type FoldSettings } from '../core/jobs';

export interface CvDoc {
  settings: FoldSettings;
  /** Compare every family that fits the data (true) or cross-validate the chosen model only. */
  compare: boolean;
  /** Oldest first; at most CV_RECORDS_KEPT. */
  records: CvRecord[];
}

export const CV_RECORDS_KEPT = 5;

export const defaultCvDoc = (): CvDoc => ({ settings: { ...DEFAULT_FOLD_SETTINGS }, compare: false, records: [] });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function restoreRecord(v: unknown): CvRecord | undefined {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.inputsKey !== 'string' || !isObject(v.settings) || !Array.isArray(v.models)) return undefined;
  if (v.task !== 'classification' && v.task !== 'regression') return undefined;
  const ok = v.models.every((m) => isObject(m) && typeof m.family === 'string' && isObject(m.params) && isObject(m.hp) && Array.isArray(m.folds) && m.folds.every(isObject));
  if (!ok) return undefined;
  const r = v as unknown as CvRecord;
  // A cross-validation that was running when the page went away cannot go on: its folds in flight are stopped.
  if (r.status !== 'running') return r;
  const models = r.models.map((m) => ({ ...m, status: m.status === 'running' ? ('stopped' as const) : m.status, folds: m.folds.map((f) => (f.status === 'running' || f.status === 'waiting' ? { ...f, status: 'stopped' as const } : f)) }));
  return { ...r, status: 'stopped', models };
}

/** The saved `cv` part, or undefined when absent or damaged. */
export function restoreCv(value: unknown): CvDoc | undefined {
  if (!isObject(value) || !isObject(value.settings)) return undefined;
  const s = value.settings;
  if (!isNum(s.k) || !isNum(s.repeats) || !isNum(s.seed)) return undefined;
  const records = Array.isArray(value.records) ? value.records.map(restoreRecord).filter((r): r is CvRecord => r !== undefined) : [];
  return { settings: { k: s.k, repeats: s.repeats, seed: s.seed }, compare: value.compare === true, records: records.slice(-CV_RECORDS_KEPT) };
}
