import { ProgressBar } from '../ui/progress-bar';
import { ProblemBanner } from '../ui/problem-banner';
import { actions, useStudio } from '../store';
import { fmtBytes } from '../steps/shared/format';

/** The running job's progress and the last problem, shown on every step. */
export function JobStatus() {
  const job = useStudio((s) => s.job);
  const problem = useStudio((s) => s.problem);
  const hasDataset = useStudio((s) => !!s.doc.dataset);
  return (
    <>
      {job && <ProgressBar label={job.label} done={job.done} total={job.total} format={job.unit === 'bytes' ? (d, t) => `${fmtBytes(d)} of ${fmtBytes(t)}` : undefined} />}
      {problem && (
        <ProblemBanner
          title={problem.fileName ? `${problem.fileName}: ${problem.message}` : problem.message}
          where={problem.where ? [problem.where.row && `row ${problem.where.row}`, problem.where.column && `column "${problem.where.column}"`].filter(Boolean).join(', ') : undefined}
          hint={problem.hint}
          onDismiss={() => actions.dismissProblem()}
        >
          {problem.code === 'ragged-rows' && (
            <button type="button" onClick={() => void actions.reread({ skipBadRows: true })}>
              Skip the {problem.count ?? ''} bad rows and load the rest
            </button>
          )}
          {hasDataset && problem.fileName && <p className="muted">Your previous dataset is still loaded.</p>}
        </ProblemBanner>
      )}
    </>
  );
}
