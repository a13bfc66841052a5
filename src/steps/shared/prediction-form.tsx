import { useState } from 'react';
import { actions } from '../../store';
import type { Prediction } from '../../store/actions/bundle';
import { fmtNum } from './format';

interface Props {
  columns: { name: string; type: string }[];
  /** Pre-filled values, e.g. a row of the dataset. */
  initial?: Record<string, string>;
  source: { runId: string } | 'imported';
}

/** Type one row of raw values (as in the original file) and see what the model predicts. */
export function PredictionForm({ columns, initial = {}, source }: Props) {
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [result, setResult] = useState<Prediction>();
  const [error, setError] = useState<string>();
  return (
    <section className="prediction" aria-label="Try the model">
      <h3>Try the model on one row</h3>
      <p className="muted small">Enter raw values as they would appear in your file (before cleaning); leave a box empty for a missing value.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void actions.predictRecord(values, source).then((r) => {
            if (r.ok) {
              setResult(r.value);
              setError(undefined);
            } else setError([r.error.message, r.error.hint].filter(Boolean).join(' '));
          });
        }}
      >
        <div className="prediction-inputs">
          {columns.map((c) => (
            <label key={c.name}>
              <span>
                {c.name} <span className="muted small">({c.type})</span>
              </span>
              <input type="text" value={values[c.name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [c.name]: e.target.value }))} />
            </label>
          ))}
        </div>
        <button type="submit">Predict</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {result && (
        <div className="prediction-result" aria-label="Prediction" role="status">
          {result.task === 'regression' ? (
            <p>
              Predicted value: <strong data-testid="predicted-value">{fmtNum(result.value ?? NaN, 5)}</strong>
            </p>
          ) : (
            <>
              <p>
                Predicted class: <strong data-testid="predicted-class">{[...(result.classes ?? [])].sort((a, b) => b.probability - a.probability)[0]?.label}</strong>
              </p>
              <ul className="probabilities">
                {(result.classes ?? []).map((c) => (
                  <li key={c.label}>
                    <span className="prob-label">{c.label}</span>
                    <span className="prob-bar" style={{ width: `${Math.round(c.probability * 100)}%` }} />
                    <span data-testid={`probability-${c.label}`}>{(c.probability * 100).toFixed(2)}%</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.problems.length > 0 && <p className="muted small">{result.problems.map((p) => p.message).join(' ')}</p>}
        </div>
      )}
    </section>
  );
}
