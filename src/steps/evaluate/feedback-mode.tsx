import type { RunRecord } from '../../store/modeling';
import { cannotContinue, type RetrainChoice } from '../../store/actions/feedback';

/**
 * Restart from scratch, or continue from the base run's trained weights for a number of further
 * epochs. Continuing is offered to neural families whose run still keeps its weights; otherwise
 * the option is disabled with the reason.
 */
export function FeedbackMode({ base, choice, onChange }: { base: RunRecord; choice: RetrainChoice; onChange: (c: RetrainChoice) => void }) {
  const why = cannotContinue(base);
  const further = choice.furtherEpochs ?? base.hp.epochs;
  return (
    <fieldset className="feedback-mode">
      <legend>Train</legend>
      <label>
        <input type="radio" name="feedback-mode" checked={choice.mode === 'restart' || !!why} onChange={() => onChange({ ...choice, mode: 'restart' })} /> Restart from scratch
      </label>{' '}
      <label>
        <input type="radio" name="feedback-mode" disabled={!!why} checked={choice.mode === 'continue' && !why} onChange={() => onChange({ ...choice, mode: 'continue' })} /> Continue from the current model
      </label>
      {why ? (
        <p className="muted small">{why}</p>
      ) : (
        choice.mode === 'continue' && (
          <label>
            {' '}
            for{' '}
            <input type="number" min={0} max={10000} step={1} value={further} onChange={(e) => onChange({ ...choice, furtherEpochs: Math.max(0, Math.round(Number(e.target.value) || 0)) })} aria-label="Further epochs" /> further epochs
          </label>
        )
      )}
    </fieldset>
  );
}
