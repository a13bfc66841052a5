/** The memory check in front of every file read (core/data/memory-fit.ts): refuse before reading, or warn after. */
import { loadFit, memoryBudget, type FitVerdict, type LoadKind } from '../../core/data/memory-fit';
import { browserMemoryApis } from '../memory-apis';
import type { Problem } from '../../core/util/result';
import type { DatasetInfo } from '../../core/jobs';

export interface FitCheck {
  /** Set when the file must not be read. */
  refuse?: Problem;
  /** Adds the "more than half" warning, if any, to a loaded dataset's report. */
  warn(info: DatasetInfo): DatasetInfo;
}

export function checkFit(name: string, size: number, kind: LoadKind): FitCheck {
  const fit: FitVerdict = loadFit(name, size, kind, memoryBudget(browserMemoryApis()));
  const problem = (code: string): Problem => ({ message: fit.message!, ...(fit.hint !== undefined ? { hint: fit.hint } : {}), code });
  if (fit.verdict === 'refuse') return { refuse: problem('too-big'), warn: (info) => info };
  if (fit.verdict === 'fits') return { warn: (info) => info };
  return { warn: (info) => ({ ...info, report: { ...info.report, warnings: [...info.report.warnings, problem('near-memory-limit')] } }) };
}
