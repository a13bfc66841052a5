import { useEffect, useRef, useState } from 'react';
import { actions } from '../../store';
import type { Explanation, Prediction } from '../../store/actions/bundle';
import { ClassProbabilities } from './class-probabilities';
import { FeedbackFlag } from './feedback-flag';

interface Props {
  /** Raw columns that hold the text (typed into one box each). */
  textColumns: string[];
  source: { runId: string } | 'imported';
}

const DEBOUNCE_MS = 250;

/**
 * Type text and watch the class probabilities follow as you type (predictions run in the
 * workers; a newer keystroke makes older answers irrelevant, so only the latest is shown).
 * "Why?" highlights the words that moved the prediction most, by occlusion.
 */
export function TextPlayground({ textColumns, source }: Props) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Prediction>();
  const [error, setError] = useState<string>();
  const [why, setWhy] = useState<Explanation>();
  const [explaining, setExplaining] = useState(false);
  const latest = useRef(0);
  // The key, not the object: callers pass a new `source` object on every render.
  const sourceKey = source === 'imported' ? 'imported' : source.runId;
  const empty = textColumns.every((c) => (values[c] ?? '').trim() === '');
  useEffect(() => {
    if (empty) return;
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      void actions.predictRecord(values, sourceKey === 'imported' ? 'imported' : { runId: sourceKey }).then((r) => {
        if (ticket !== latest.current) return;
        if (r.ok) {
          setResult(r.value);
          setError(undefined);
        } else setError([r.error.message, r.error.hint].filter(Boolean).join(' '));
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [values, sourceKey, empty]);
  return (
    <section className="prediction" aria-label="Text playground">
      <h3>Playground: type text, watch the prediction</h3>
      {textColumns.map((c) => (
        <label key={c} className="block">
          <span>{c}</span>
          <textarea
            rows={4}
            value={values[c] ?? ''}
            onChange={(e) => {
              setWhy(undefined);
              setValues((v) => ({ ...v, [c]: e.target.value }));
            }}
            placeholder="Type or paste a text…"
          />
        </label>
      ))}
      {error && <p role="alert">{error}</p>}
      {!empty && result?.classes && (
        <div className="prediction-result" aria-label="Prediction" role="status">
          <ClassProbabilities classes={result.classes} />
          <FeedbackFlag record={values} prediction={result} source={source} />
          <button
            type="button"
            className="secondary"
            disabled={explaining}
            onClick={() => {
              setExplaining(true);
              void actions.explainRecord(values, source).then((r) => {
                setExplaining(false);
                if (r.ok) setWhy(r.value);
                else setError(r.error.message);
              });
            }}
          >
            {explaining ? 'Explaining…' : 'Why? Highlight the words that mattered'}
          </button>
        </div>
      )}
      {why && <WhyView explanation={why} />}
    </section>
  );
}

/** Words shaded by how much removing them lowers (green) or raises (red) the predicted class's probability. */
export function WhyView({ explanation }: { explanation: Explanation }) {
  const all = explanation.parts.flatMap((p) => p.words.map((w) => Math.abs(w.score)));
  const top = Math.max(1e-9, ...all);
  return (
    <div className="why" aria-label="Why the model decided">
      <p className="small">
        Green words pushed the model towards <strong>{explanation.predicted}</strong> (removing them lowers its probability); red words pushed away from it. Stronger colour, bigger effect.
      </p>
      {explanation.parts.map((part) => {
        const pieces: React.ReactNode[] = [];
        let at = 0;
        part.words.forEach((w, i) => {
          if (w.start > at) pieces.push(part.text.slice(at, w.start));
          const alpha = Math.min(1, Math.abs(w.score) / top);
          const color = w.score >= 0 ? `rgba(22, 163, 74, ${alpha * 0.6})` : `rgba(220, 38, 38, ${alpha * 0.6})`;
          const pct = (w.score * 100).toFixed(1);
          pieces.push(
            <mark key={i} style={{ background: color }} title={`removing “${w.word}” changes p(${explanation.predicted}) by ${w.score >= 0 ? '−' : '+'}${Math.abs(Number(pct))} points`} data-score={w.score.toFixed(4)}>
              {w.word}
            </mark>,
          );
          at = w.end;
        });
        pieces.push(part.text.slice(at));
        return (
          <div key={part.column}>
            {explanation.parts.length > 1 && <h4>{part.column}</h4>}
            <p className="why-text">{pieces}</p>
            {part.truncated && <p className="muted small">Only the first {part.words.length} words are explained.</p>}
          </div>
        );
      })}
    </div>
  );
}
