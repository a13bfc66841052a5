import { useEffect, useState } from 'react';
import { actions } from '../../store';
import type { SampleInfo } from '../../store/actions/data';

interface Sample extends SampleInfo {
  description: string;
  source: string;
  license: string;
}

/** Built-in datasets, extracted at build time from npm data packages (see scripts/build-samples.mjs). */
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
      <ul className="sample-grid">
        {samples.map((s) => (
          <li key={s.id}>
            <button type="button" className="sample-card" onClick={() => void actions.loadSample(s)} aria-label={`Load sample: ${s.name}`}>
              <strong>{s.name}</strong>
              <span className="badge">{s.task}</span>
              <span className="sample-desc">{s.description}</span>
              <span className="muted small">
                from {s.source} ({s.license})
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
