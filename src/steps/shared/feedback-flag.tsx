import { useState } from 'react';
import { actions } from '../../store';
import type { Prediction } from '../../store/actions/bundle';

interface Props {
  /** The raw row as typed (the model's input). */
  record: Record<string, string>;
  prediction: Prediction;
  source: { runId: string } | 'imported';
}

const predictedText = (p: Prediction) => (p.task === 'classification' ? (p.classes ?? []).reduce((a, b) => (b.probability > a.probability ? b : a)).label : String(p.value));

/**
 * "Wrong? The right answer is …": adds the row and the user's label to the project's feedback
 * dataset (Evaluate → Feedback retrains with it). Not for imported bundles: their training data
 * is not in this project.
 */
export function FeedbackFlag({ record, prediction, source }: Props) {
  const classes = prediction.classes?.map((c) => c.label) ?? [];
  const predicted = predictedText(prediction);
  const [label, setLabel] = useState('');
  const [added, setAdded] = useState<string>();
  if (source === 'imported') return null;
  const right = label || (classes.find((c) => c !== predicted) ?? '');
  const add = () => {
    if (right.trim() === '') return;
    actions.addFeedback([{ record, label: right, predicted, source: 'prediction' }]);
    setAdded(right);
  };
  return (
    <div className="feedback-flag" aria-label="Mark this prediction wrong">
      {prediction.task === 'classification' ? (
        <label>
          Wrong? The right class is{' '}
          <select value={right} onChange={(e) => setLabel(e.target.value)}>
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Wrong? The right value is <input type="text" inputMode="decimal" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
      )}{' '}
      <button type="button" className="secondary" onClick={add} disabled={right.trim() === '' || right === predicted}>
        Add to feedback
      </button>
      {added !== undefined && (
        <span className="muted small" role="status">
          {' '}
          Added as “{added}” to the feedback data (see Evaluate → Feedback).
        </span>
      )}
    </div>
  );
}
