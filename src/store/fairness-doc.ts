/** The fairness panel's saved state: the chosen sensitive columns, the swap list and every audit. */
import type { FairnessAuditRecord, SwapReport } from '../core/jobs';
import { DEFAULT_SWAPS, type SwapPair } from '../core/words/swaps';

export interface FairnessDoc {
  columns: string[];
  /** The class binary rates are about (classification); default: the rarer class of the test split. */
  positive?: string;
  pairs: SwapPair[];
  audits: FairnessAuditRecord[];
  swaps: SwapReport[];
}

/** Older audits are dropped past this many (each is a few KB of JSON). */
export const MAX_AUDITS = 30;

export const defaultFairness = (): FairnessDoc => ({ columns: [], pairs: DEFAULT_SWAPS.map(([a, b]) => [a, b]), audits: [], swaps: [] });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

const isStats = (g: unknown): boolean => isObject(g) && typeof g.group === 'string' && typeof g.count === 'number';
const isGaps = (g: unknown): boolean => isObject(g) && Object.values(g).every((x) => isObject(x) && (x.value === null || typeof x.value === 'number'));

/** An audit the panel and the model card can show: every group and the overall line, gaps, warnings. */
function isAudit(a: unknown): boolean {
  if (!isObject(a) || (a.kind !== 'classification' && a.kind !== 'regression')) return false;
  return Array.isArray(a.groups) && a.groups.every(isStats) && isStats(a.overall) && isGaps(a.gaps) && isStrings(a.warnings);
}

const isExample = (e: unknown): boolean => isObject(e) && ['column', 'original', 'swapped', 'before', 'after'].every((k) => typeof e[k] === 'string') && ['row', 'pBefore', 'pAfter'].every((k) => typeof e[k] === 'number');
const isSwapReport = (s: unknown): s is SwapReport =>
  isObject(s) && typeof s.runId === 'string' && Array.isArray(s.pairs) && s.pairs.every((p) => isStrings(p) && p.length === 2) && Array.isArray(s.examples) && s.examples.every(isExample) && ['runNumber', 'texts', 'changed', 'flips', 'meanChange', 'maxChange'].every((k) => typeof s[k] === 'number');

/** A saved fairness part, checked part by part: what is damaged is dropped (never a crash); nothing usable → undefined. */
export function restoreFairness(value: unknown): FairnessDoc | undefined {
  if (!isObject(value)) return undefined;
  const base = defaultFairness();
  const pairs = Array.isArray(value.pairs) ? value.pairs.filter((p): p is [string, string] => isStrings(p) && p.length === 2) : base.pairs;
  const audits = Array.isArray(value.audits)
    ? value.audits.filter((a): a is FairnessAuditRecord => isObject(a) && typeof a.id === 'string' && typeof a.runId === 'string' && isStrings(a.columns) && isStrings(a.binned) && isAudit(a.audit))
    : [];
  const swaps = Array.isArray(value.swaps) ? value.swaps.filter(isSwapReport) : [];
  return {
    columns: isStrings(value.columns) ? value.columns : [],
    ...(typeof value.positive === 'string' ? { positive: value.positive } : {}),
    pairs,
    audits,
    swaps,
  };
}
