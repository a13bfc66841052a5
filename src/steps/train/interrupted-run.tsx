import { actions, useStudio } from '../../store';
import type { RunRecord } from '../../store/modeling';
import { resumeProblem } from '../../store/actions/training';
import { stepUnit } from '../../store/run-doc';
import { getModelInfo } from '../../core/models/catalog';

/** A run the worker's death or a page reload cut off: what is kept, resuming from its saved weights or trees, or training its settings again. */
export function InterruptedRun({ run, busy }: { run: RunRecord; busy: boolean }) {
  const inputsKey = useStudio((s) => s.doc.features?.artifact?.key);
  const recipeKey = useStudio((s) => s.doc.clean?.recipeKey);
  const canResume = !!run.checkpoint && !resumeProblem(run, inputsKey, recipeKey);
  return (
    <div className="problem-inline" role="alert" data-testid="interrupted-run">
      <p>
        Run #{run.number} was interrupted. {run.problem}
      </p>
      {canResume && (
        <button type="button" disabled={busy} onClick={() => void actions.resumeInterrupted(run.id)}>
          Resume run #{run.number} after {stepUnit(getModelInfo(run.family)?.kind === 'neural')} {run.checkpoint!.epoch}
        </button>
      )}{' '}
      <button type="button" className={canResume ? 'secondary' : undefined} disabled={busy} onClick={() => void actions.retrainInterrupted(run.id)}>
        Train run #{run.number}&apos;s settings again
      </button>
    </div>
  );
}
