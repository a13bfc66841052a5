import { useEffect, useState } from 'react';
import { actions } from '../../store';
import type { SampleInfo, SampleKind } from '../../store/actions/data';

interface Sample extends SampleInfo {
  description: string;
  source: string;
  license: string;
}

const GROUPS: { kind: SampleKind; title: string }[] = [
  { kind: 'table', title: 'Tables' },
  { kind: 'text', title: 'Text' },
  { kind: 'corpus', title: 'Text corpora' },
  { kind: 'pairs', title: 'Pairs (sequence to sequence)' },
];

/** Built-in datasets, extracted at build time from npm data packages (see scripts/build-samples.mjs), grouped by kind. */
export function SampleGallery() {
  const [samples, setSamples] = useState<Sample[]>();
  useEffect(() => {
    void fetch('samples/index.json')
      .then((r) => r.json() as Promise<Sample[]>)
      .then(setSamples)
      .catch(() => setSamples([]));
  }, []);
  if (!samples) return <p className="muted">Loading samples…</p>;
  return (
    <section aria-labelledby="samples-title" className="samples">
      <h3 id="samples-title">Or start with a sample dataset</h3>
      {GROUPS.map(({ kind, title }) => {
        const group = samples.filter((s) => (s.kind ?? 'table') === kind);
        if (group.length === 0) return null;
        return (
          <section key={kind} aria-label={`${title} samples`} className="sample-group">
            <h4>{title}</h4>
            <ul className="sample-grid">
              {group.map((s) => (
                <li key={s.id}>
                  {kind === 'pairs' ? (
                    <button type="button" className="sample-card" onClick={() => void actions.s2sUseSample(s)} aria-label={`Train a sequence-to-sequence model on: ${s.name}`}>
                      <strong>{s.name}</strong>
                      <span className="badge">sequence to sequence</span>
                      <span className="sample-desc">{s.description}</span>
                      <span className="muted small">
                        from {s.source} ({s.license})
                      </span>
                    </button>
                  ) : kind === 'corpus' ? (
                    <button type="button" className="sample-card" onClick={() => void actions.lmUseSample(s)} aria-label={`Train a language model on: ${s.name}`}>
                      <strong>{s.name}</strong>
                      <span className="badge">language model</span>
                      <span className="sample-desc">{s.description}</span>
                      <span className="muted small">
                        from {s.source} ({s.license})
                      </span>
                    </button>
                  ) : (
                    <button type="button" className="sample-card" onClick={() => void actions.loadSample(s)} aria-label={`Load sample: ${s.name}`}>
                      <strong>{s.name}</strong>
                      <span className="badge">{s.task}</span>
                      <span className="sample-desc">{s.description}</span>
                      <span className="muted small">
                        from {s.source} ({s.license})
                      </span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
