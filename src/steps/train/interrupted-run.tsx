import { actions } from '../../store';
import type { RunRecord } from '../../store/modeling';

/** A run the worker's death or a page reload cut off: what is kept, and a way to train its settings again. */
export function InterruptedRun({ run, busy }: { run: RunRecord; busy: boolean }) {
  return (
    <div className="problem-inline" role="alert" data-testid="interrupted-run">
      <p>
        Run #{run.number} was interrupted. {run.problem}
      </p>
      <button type="button" disabled={busy} onClick={() => void actions.retrainInterrupted(run.id)}>
        Train run #{run.number}&apos;s settings again
      </button>
    </div>
  );
}
