import { useMemo, useState } from 'react';
import { predictedClasses } from '../../core/metrics';
import { actions } from '../../store';
import type { Explanation } from '../../store/actions/bundle';
import { useRecords } from '../shared/use-records';
import { WhyView } from '../shared/text-playground';

interface Props {
  runId: string;
  classNames: string[];
  textColumns: string[];
  test: { rows: Uint32Array; y: Float32Array; predictions: Float32Array };
  limit?: number;
}

/** Test texts the model got wrong, most confident mistakes first, each with its probabilities and a "why". */
export function MisclassifiedTexts({ runId, classNames, textColumns, test, limit = 20 }: Props) {
  const K = classNames.length;
  // Once per run, not on every "why?" click.
  const wrong = useMemo(() => {
    const predicted = predictedClasses(test.predictions, K);
    const out: { i: number; pred: number; p: number }[] = [];
    predicted.forEach((pred, i) => {
      if (pred !== test.y[i]) out.push({ i, pred, p: test.predictions[i * K + pred]! });
    });
    return out.sort((a, b) => b.p - a.p);
  }, [test, K]);
  const shown = wrong.slice(0, limit);
  const records = useRecords(shown.map((w) => test.rows[w.i]!));
  const [why, setWhy] = useState<{ row: number; e: Explanation }>();
  return (
    <section aria-label="Misclassified texts">
      <h3>Misclassified texts</h3>
      <p className="muted small">
        {wrong.length} of {test.y.length} test texts are misclassified{wrong.length > limit ? `; the ${limit} the model was most sure about are shown` : ''}. Texts are shown after cleaning.
      </p>
      {shown.length > 0 && !records && <p className="muted">Loading texts…</p>}
      {records && (
        <ol className="misclassified">
          {shown.map((w, k) => {
            const rec = records[k] ?? {};
            const row = test.rows[w.i]!;
            return (
              <li key={row}>
                <p className="small">
                  true <strong>{classNames[test.y[w.i]!]}</strong> ({(test.predictions[w.i * K + test.y[w.i]!]! * 100).toFixed(1)}%), predicted <strong>{classNames[w.pred]}</strong> ({(w.p * 100).toFixed(1)}%) · row {row + 1}{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => void actions.explainRecord(rec, { runId }).then((r) => r.ok && setWhy({ row, e: r.value }))}
                  >
                    why?
                  </button>
                </p>
                {why?.row === row ? <WhyView explanation={why.e} /> : <p className="text-cell">{textColumns.map((c) => rec[c] ?? '').join(' — ').slice(0, 600)}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
