import { useCallback, useRef, useState } from 'react';
import type { InsideJob, InsideResult } from '../../../core/jobs';
import type { Problem } from '../../../core/util/result';
import { actions } from '../../../store';

export type JobState<K extends InsideResult['kind']> =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number }
  | { state: 'done'; result: Extract<InsideResult, { kind: K }> }
  | { state: 'failed'; problem: Problem };

/** Runs one decision-view job for a run, with its progress; a newer start makes older results stale. */
export function useInsideJob<K extends InsideResult['kind']>(runId: string) {
  const [job, setJob] = useState<JobState<K>>({ state: 'idle' });
  const latest = useRef(0);
  const start = useCallback(
    async (request: InsideJob) => {
      const me = ++latest.current;
      setJob({ state: 'running', done: 0, total: 1 });
      const res = await actions.insideJob(runId, request, (done, total) => me === latest.current && setJob({ state: 'running', done, total }));
      if (me !== latest.current) return;
      setJob(res.ok ? { state: 'done', result: res.value as Extract<InsideResult, { kind: K }> } : { state: 'failed', problem: res.error });
    },
    [runId],
  );
  return [job, start] as const;
}

export function JobProblem({ problem }: { problem: Problem }) {
  return (
    <p className="problem-inline" role="alert">
      {problem.message} {problem.hint}
    </p>
  );
}
