import { useState } from 'react';
import type { BatchResult } from '../../core/jobs';
import { actions } from '../../store';
import { fmtInt } from '../shared/format';

/** "Add the labelled rows to feedback": offered when the scored file had the target column. */
export function BatchFeedbackButton({ result, fileName }: { result: BatchResult; fileName: string }) {
  const [added, setAdded] = useState<number>();
  const l = result.labelled;
  if (!result.target || !l) return null;
  return (
    <p className="small" data-testid="batch-feedback">
      This file has the target column ({result.target}): {fmtInt(l.records.length)} rows with a known answer
      {l.skipped > 0 ? ` (${fmtInt(l.skipped)} left out: no answer, an answer the model does not know, or over the limit)` : ''}.{' '}
      {added === undefined ? (
        <button type="button" className="secondary" disabled={l.records.length === 0} onClick={() => setAdded(actions.addBatchFeedback(result, fileName))}>
          Add the labelled rows to feedback
        </button>
      ) : (
        <span role="status">{added === l.records.length ? `Added ${fmtInt(added)} rows to the feedback data (Evaluate → Feedback).` : `Added ${fmtInt(added)} of ${fmtInt(l.records.length)} rows: the feedback data is full.`}</span>
      )}
    </p>
  );
}
