/** How search trials are scored: the validation split, or k-fold cross-validation (k = 3…10). */
import { MAX_FOLDS, MIN_FOLDS, type TrialScoring } from '../../core/jobs';

export function TrialScoringInput({ scoring, disabled, onChange }: { scoring: TrialScoring; disabled: boolean; onChange: (s: TrialScoring) => void }) {
  const k = scoring.kind === 'cv' ? scoring.k : 5;
  return (
    <span>
      <label>
        Score trials by{' '}
        <select value={scoring.kind} disabled={disabled} onChange={(e) => onChange(e.target.value === 'cv' ? { kind: 'cv', k } : { kind: 'validation' })}>
          <option value="validation">the validation split</option>
          <option value="cv">cross-validation (mean of the folds)</option>
        </select>
      </label>
      {scoring.kind === 'cv' && (
        <label>
          {' '}folds{' '}
          <input
            type="number"
            aria-label="Trial folds"
            min={MIN_FOLDS}
            max={MAX_FOLDS}
            disabled={disabled}
            value={k}
            onChange={(e) => onChange({ kind: 'cv', k: Math.min(MAX_FOLDS, Math.max(MIN_FOLDS, Math.round(Number(e.target.value) || MIN_FOLDS))) })}
            style={{ width: '4em' }}
          />
        </label>
      )}
    </span>
  );
}
