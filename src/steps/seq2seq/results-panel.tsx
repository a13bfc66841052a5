import { useStudio } from '../../store';
import { MetricName } from '../../ui/glossary/metric-name';
import { Term } from '../../ui/glossary/term';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Test-split metrics, beam vs greedy, and the worst examples side by side. */
export function ResultsPanel() {
  const result = useStudio((s) => s.doc.seq2seq?.run?.result);
  if (!result) return null;
  const t = result.test;
  const b = result.beam;
  return (
    <section className="card" aria-labelledby="s2s-results-title">
      <h3 id="s2s-results-title">Test results</h3>
      <p className="muted">
        {result.split.test.toLocaleString()} held-out pairs (split by source, seed {result.split.train.toLocaleString()} train / {result.split.validation.toLocaleString()} validation), greedy decoding; {result.params.toLocaleString()} parameters, vocabulary {result.vocabSize}.
      </p>
      <table className="s2s-table" aria-label="Test metrics">
        <tbody>
          <tr><th scope="row"><MetricName name="Exact match" /></th><td data-testid="s2s-exact-match">{pct(t.exactMatch)}</td></tr>
          <tr><th scope="row"><MetricName name="Token error rate" /> (phoneme error rate)</th><td data-testid="s2s-ter">{pct(t.tokenErrorRate)}</td></tr>
          <tr><th scope="row"><MetricName name="BLEU" /> (sacreBLEU, 13a)</th><td>{t.bleu.toFixed(2)}</td></tr>
          <tr><th scope="row"><MetricName name="chrF" /></th><td>{t.chrf.toFixed(2)}</td></tr>
          <tr><th scope="row"><Term id="rouge">ROUGE</Term>-1 / 2 / L (F1)</th><td>{[t.rouge1, t.rouge2, t.rougeL].map((x) => x.toFixed(3)).join(' / ')}</td></tr>
        </tbody>
      </table>
      <h4>Beam search against greedy</h4>
      <table className="s2s-table" aria-label="Beam search against greedy">
        <thead>
          <tr><th scope="col">first {b.rows} test pairs</th><th scope="col">greedy</th><th scope="col">beam (width {b.width}, length penalty {b.lengthPenalty})</th></tr>
        </thead>
        <tbody>
          <tr><th scope="row"><MetricName name="Exact match" /></th><td>{pct(b.greedyExactMatch)}</td><td data-testid="s2s-beam-em">{pct(b.beamExactMatch)}</td></tr>
          <tr><th scope="row"><MetricName name="Token error rate" /></th><td>{pct(b.greedyTokenErrorRate)}</td><td>{pct(b.beamTokenErrorRate)}</td></tr>
          <tr><th scope="row">Mean log-probability of the output</th><td>{b.greedyLogProb.toFixed(3)}</td><td data-testid="s2s-beam-lp">{b.beamLogProb.toFixed(3)}</td></tr>
        </tbody>
      </table>
      <h4>Worst test examples</h4>
      <table className="s2s-table" aria-label="Worst test examples">
        <thead>
          <tr><th scope="col">source</th><th scope="col">reference</th><th scope="col">prediction</th><th scope="col">errors</th></tr>
        </thead>
        <tbody>
          {result.worst.map((e, i) => (
            <tr key={i}><td>{e.source}</td><td>{e.reference}</td><td>{e.prediction}</td><td>{e.errors}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
