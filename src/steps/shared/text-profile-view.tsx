import { useEffect, useState } from 'react';
import type { LengthSummary, TextProfile } from '../../core/data/text-profile';
import type { Result } from '../../core/util/result';
import { CountChart } from '../../ui/lazy-charts';
import { fmtInt, fmtNum, pct } from './format';

/** How a card asks for a text column's profile (computed in the data worker on demand). */
export interface TextProfileSource {
  /** Changes when the answer would change (dataset, label column). */
  key: string;
  load: (column: string) => Promise<Result<TextProfile> | undefined>;
}

const quartiles = (s: LengthSummary) => `${fmtNum(s.q1)} · ${fmtNum(s.median)} · ${fmtNum(s.q3)}`;

/** The text profile of one column: lengths, vocabulary, frequent words (per class), duplicates, scripts. */
export function TextProfileView({ column, source }: { column: string; source: TextProfileSource }) {
  const [state, setState] = useState<{ key: string; result: Result<TextProfile> | undefined }>();
  const key = `${source.key}:${column}`;
  const { load } = source;
  useEffect(() => {
    let live = true;
    void load(column).then((result) => live && setState({ key, result }));
    return () => {
      live = false;
    };
  }, [key, column, load]);
  if (!state || state.key !== key) return <p className="muted small">Profiling the texts…</p>;
  if (!state.result) return null;
  if (!state.result.ok) return <p className="problem-inline small">The text profile failed: {state.result.error.message}</p>;
  const t = state.result.value;
  return (
    <section className="text-profile" aria-label={`Text profile of ${column}`}>
      {t.analysed < t.rows && <p className="muted small">From an evenly spaced sample of {fmtInt(t.analysed)} of {fmtInt(t.rows)} rows.</p>}
      <dl className="stats">
        {t.words && t.chars && (
          <>
            <dt>Words per text</dt>
            <dd>
              median {fmtNum(t.words.median)} (quartiles {quartiles(t.words)}), {fmtNum(t.words.min)} to {fmtNum(t.words.max)}
            </dd>
            <dt>Characters</dt>
            <dd>
              median {fmtNum(t.chars.median)} (quartiles {quartiles(t.chars)}), {fmtNum(t.chars.min)} to {fmtNum(t.chars.max)}
            </dd>
          </>
        )}
        <dt>Vocabulary</dt>
        <dd>
          {fmtInt(t.vocabulary)} distinct words ({fmtInt(t.totalWords)} in all)
        </dd>
        <dt>Duplicate texts</dt>
        <dd className={t.duplicates > 0 ? 'warn' : undefined}>{fmtInt(t.duplicates)}</dd>
        {t.noWords > 0 && (
          <>
            <dt>Without words</dt>
            <dd className="warn">
              {fmtInt(t.noWords)} ({pct(t.noWords, t.texts)}): only emoji, symbols or punctuation
            </dd>
          </>
        )}
        <dt>Scripts</dt>
        <dd>{t.scripts.length === 0 ? 'none' : t.scripts.map((s) => `${s.script} ${pct(s.chars, t.scripts.reduce((n, x) => n + x.chars, 0))}`).join(' · ')}</dd>
      </dl>
      {t.words && t.words.histogram.length > 1 && (
        <>
          <p className="chart-title small">Words per text</p>
          <CountChart title={`Words per text in ${column}`} bars={t.words.histogram.map((b) => ({ label: fmtNum(b.x0, 3), count: b.count }))} height={110} />
        </>
      )}
      {t.topWords.length > 0 && (
        <>
          <p className="chart-title small">Most frequent words</p>
          <CountChart
            title={`Most frequent words in ${column} (stop words left out)`}
            horizontal
            bars={t.topWords.slice(0, 10).map((w) => ({ label: w.word, count: w.count }))}
            height={Math.max(60, Math.min(10, t.topWords.length) * 18)}
          />
        </>
      )}
      {t.classes && t.classes.length > 0 && (
        <div className="class-words">
          <p className="small">
            <strong>Frequent words per {t.labelColumn}</strong> (stop words left out)
          </p>
          <ul>
            {t.classes.map((c) => (
              <li key={c.label} className="small">
                <strong>{c.label}</strong> <span className="muted">({fmtInt(c.texts)} texts)</span>: {c.words.map((w) => w.word).join(', ') || '—'}
              </li>
            ))}
          </ul>
          {t.otherClasses ? <p className="muted small">and {fmtInt(t.otherClasses)} more classes</p> : null}
        </div>
      )}
    </section>
  );
}
