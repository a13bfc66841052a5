/** The classroom challenge in the teacher's project (`doc.challenge`): the key and the leaderboard, restored defensively. */
import { readChallengeKey, type ChallengeKey, type ChallengeScore } from '../core/bundle/challenge';

export interface LeaderboardEntry {
  id: string;
  /** The student's name (typed by the teacher, or the file name). */
  name: string;
  fileName: string;
  family: string;
  metric: ChallengeScore['metric'];
  score: number;
  rows: number;
  /** The bundle's reproducibility stamp, short: seed and training-data hash, when it has one. */
  stamp: string;
  submittedAt: number;
}

export interface ChallengeDoc {
  key?: ChallengeKey;
  entries: LeaderboardEntry[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function restoreEntry(v: unknown): LeaderboardEntry | undefined {
  if (!isObject(v)) return undefined;
  const { id, name, fileName, family, metric, score, rows, stamp, submittedAt } = v;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof fileName !== 'string' || typeof family !== 'string' || typeof stamp !== 'string') return undefined;
  if ((metric !== 'accuracy' && metric !== 'R²') || typeof score !== 'number' || !Number.isFinite(score) || typeof rows !== 'number') return undefined;
  return { id, name, fileName, family, metric, score, rows, stamp, submittedAt: typeof submittedAt === 'number' ? submittedAt : 0 };
}

export function restoreChallenge(v: unknown): ChallengeDoc | undefined {
  if (!isObject(v)) return undefined;
  const key = v.key === undefined ? undefined : readChallengeKey(v.key);
  const entries = Array.isArray(v.entries) ? v.entries.flatMap((e) => restoreEntry(e) ?? []) : [];
  return { ...(key?.ok ? { key: key.value } : {}), entries };
}
