import { useState } from 'react';
import { actions } from '../../store';
import type { Prediction } from '../../store/actions/bundle';
import { fmtNum } from './format';
import { ClassProbabilities } from './class-probabilities';
import { FeedbackFlag } from './feedback-flag';

interface Props {
  columns: { name: string; type: string }[];
  source: { runId: string } | 'imported';
}

/** Type one row of raw values (as in the original file) and see what the model predicts. */
export function PredictionForm({ columns, source }: Props) {
  // Keyed by column names from the user's file: only own keys count (a column may be "constructor").
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Prediction>();
  const [error, setError] = useState<string>();
  // The row the shown prediction is for (the boxes may be edited since): what feedback records.
  const [asked, setAsked] = useState<Record<string, string>>({});
  return (
    <section className="prediction" aria-label="Try the model">
      <h3>Try the model on one row</h3>
      <p className="muted small">Enter raw values as they would appear in your file (before cleaning); leave a box empty for a missing value.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const sent = values;
          void actions.predictRecord(values, source).then((r) => {
            if (r.ok) {
              setResult(r.value);
              setAsked(sent);
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
              <input type="text" value={Object.hasOwn(values, c.name) ? values[c.name] : ''} onChange={(e) => setValues((v) => ({ ...v, [c.name]: e.target.value }))} />
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
            <ClassProbabilities classes={result.classes ?? []} />
          )}
          {result.problems.length > 0 && <p className="muted small">{result.problems.map((p) => p.message).join(' ')}</p>}
          <FeedbackFlag key={JSON.stringify(result)} record={asked} prediction={result} source={source} />
        </div>
      )}
    </section>
  );
}
