import type { GuideWarning } from '../core/guide/warning';
import { glossaryEntry } from '../core/guide/glossary';
import { Term } from './glossary/term';

/** One plain-language warning: what we saw, what to do, the rule that fired, and glossary links. */
export function GuideNote({ warning }: { warning: GuideWarning }) {
  return (
    <div className="note guide-note" role="note" data-warning={warning.kind}>
      <strong>{warning.title}.</strong> {warning.message}{' '}
      <span className="small muted">
        {warning.rule}
        {warning.terms.length > 0 && ' Read: '}
        {warning.terms.map((id, i) => (
          <span key={id}>
            {i > 0 && ', '}
            <Term id={id}>{glossaryEntry(id)?.term ?? id}</Term>
          </span>
        ))}
        .
      </span>
    </div>
  );
}
