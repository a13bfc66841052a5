import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SwapReport } from '../../../core/jobs';
import { DEFAULT_SWAPS, type SwapPair } from '../../../core/words/swaps';
import { actions, useStudio } from '../../../store';
import { fmtNum } from '../../shared/format';

const NO_PAIRS = DEFAULT_SWAPS;
const NO_SWAPS: SwapReport[] = [];

/** "he, she" lines ↔ pairs; lines without a comma or with blank sides are left out. */
export const pairsFromText = (text: string): SwapPair[] =>
  text
    .split('\n')
    .map((l) => l.split(',').map((s) => s.trim()))
    .filter((p) => p.length === 2 && p[0] && p[1])
    .map((p) => [p[0]!, p[1]!] as const);

/** Counterfactual swaps for a text model: identity terms exchanged in the test texts, the predictions compared. */
export function CounterfactualSwaps({ runId }: { runId: string }) {
  const pairs = useStudio((s) => s.doc.fairness?.pairs ?? NO_PAIRS);
  const report = useStudio(useShallow((s) => (s.doc.fairness?.swaps ?? NO_SWAPS).find((r) => r.runId === runId)));
  const [text, setText] = useState(() => pairs.map((p) => p.join(', ')).join('\n'));
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const list = pairsFromText(text);
    actions.setFairness({ pairs: list });
    setBusy(true);
    await actions.runSwaps(runId, list);
    setBusy(false);
  };
  return (
    <section aria-label="Counterfactual swaps">
      <h4>Counterfactual swaps</h4>
      <p className="muted small">
        Each test text that contains a term of this list is predicted twice: as it is, and with every listed term exchanged for its counterpart (whole words, case kept: “He” becomes “She”).
        A fair model should give both the same answer.
      </p>
      <label>
        Term pairs, one per line (“term, counterpart”)
        <br />
        <textarea rows={6} cols={30} value={text} onChange={(e) => setText(e.target.value)} />
      </label>{' '}
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? 'Predicting…' : 'Run swaps'}
      </button>
      {report && (
        <div className="swap-report">
          <p data-testid="swap-summary">
            {report.changed} of {report.texts} test texts contain a listed term; <strong data-testid="swap-flips">{report.flips}</strong> prediction{report.flips === 1 ? '' : 's'} flipped after the swap. Change in the
            probability of the predicted class: mean <span data-testid="swap-mean">{fmtNum(report.meanChange, 3)}</span>, largest <span data-testid="swap-max">{fmtNum(report.maxChange, 3)}</span>.
          </p>
          {report.examples.length > 0 && (
            <table className="per-class" aria-label="Swapped texts">
              <thead>
                <tr>
                  <th>Text (swapped)</th>
                  <th>Before</th>
                  <th>After</th>
                  <th>p before</th>
                  <th>p after</th>
                </tr>
              </thead>
              <tbody>
                {report.examples.map((e) => (
                  <tr key={e.row} className={e.before !== e.after ? 'flipped' : undefined}>
                    <td title={e.original}>{e.swapped.length > 160 ? `${e.swapped.slice(0, 160)}…` : e.swapped}</td>
                    <td>{e.before}</td>
                    <td>{e.after}</td>
                    <td>{fmtNum(e.pBefore, 3)}</td>
                    <td>{fmtNum(e.pAfter, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
