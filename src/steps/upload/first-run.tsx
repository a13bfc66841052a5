import './first-run.css';
import { useEffect, useState } from 'react';
import { actions } from '../../store';
import type { SampleInfo } from '../../store/actions/data';
import { Term } from '../../ui/glossary/term';

/** The four ways in, each with its sample and the goal in one line. */
const PATHS = [
  { kind: 'tabular', title: 'Tabular data', sample: 'iris', goal: 'Predict a flower’s species from four measurements: the classic first model.', terms: [['accuracy', 'accuracy'], ['confusion-matrix', 'confusion matrix']] },
  { kind: 'text', title: 'Text', sample: 'spam', goal: 'Teach a model to tell spam from normal e-mail by the words it uses.', terms: [['tokenizer', 'tokenizer'], ['tf-idf', 'TF-IDF']] },
  { kind: 'language model', title: 'Language model', sample: 'moby-dick', goal: 'Train a tiny GPT that learns to write like Moby Dick, character by character.', terms: [['perplexity', 'perplexity'], ['loss', 'loss']] },
  { kind: 'sequence-to-sequence', title: 'Sequence to sequence', sample: 'pronunciation', goal: 'Train a small T5-style model that turns an English spelling into its sounds.', terms: [['attention', 'attention'], ['bleu', 'BLEU']] },
] as const;

/** The welcome screen's first-run path: one click loads the sample and starts that path. */
export function FirstRunPaths() {
  const [samples, setSamples] = useState<SampleInfo[]>();
  useEffect(() => {
    void fetch('samples/index.json')
      .then((r) => r.json() as Promise<SampleInfo[]>)
      .then(setSamples)
      .catch(() => setSamples([]));
  }, []);
  // Each sample kind has its own view: corpora open the language model, pairs the sequence-to-sequence view.
  const start = (s: SampleInfo) => void (s.kind === 'corpus' ? actions.lmUseSample(s) : s.kind === 'pairs' ? actions.s2sUseSample(s) : actions.loadSample(s));
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h3 id="first-run-title">New here? Pick a path</h3>
      <ul className="first-run-paths">
        {PATHS.map((p) => {
          const s = samples?.find((x) => x.id === p.sample);
          return (
            <li key={p.kind} className="first-run-path">
              <strong>{p.title}</strong>
              <span>{p.goal}</span>
              <span className="small muted">
                You will meet:{' '}
                {p.terms.map(([id, label], i) => (
                  <span key={id}>
                    {i > 0 && ', '}
                    <Term id={id}>{label}</Term>
                  </span>
                ))}
              </span>
              <button type="button" disabled={!s} onClick={() => s && start(s)} aria-label={`Start the ${p.kind} path with ${s?.name ?? 'its sample'}`}>
                Start with {s?.name ?? '…'} →
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
