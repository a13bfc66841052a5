import type { ReactNode } from 'react';
import { openGlossary } from './glossary-state';

/**
 * A name on screen (a metric, a setting) that opens its glossary entry. The visible text stays the
 * accessible name, so existing labels read the same; `data-term` names the entry.
 * Never put one inside another button (a chart title that is itself a button, a summary).
 */
export function Term({ id, children }: { id: string; children: ReactNode }) {
  return (
    <button type="button" className="term" data-term={id} aria-haspopup="dialog" title="What is this? Open the glossary" onClick={() => openGlossary(id)}>
      {children}
    </button>
  );
}

/** "Glossary: a, b, c" — a line of links under a chart whose title is plain text. */
export function TermLinks({ terms, label = 'Glossary' }: { terms: { id: string; label: string }[]; label?: string }) {
  return (
    <p className="term-links small">
      {label}:{' '}
      {terms.map((t, i) => (
        <span key={t.id}>
          {i > 0 && ' · '}
          <Term id={t.id}>{t.label}</Term>
        </span>
      ))}
    </p>
  );
}
