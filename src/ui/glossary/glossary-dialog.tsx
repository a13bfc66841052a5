import './glossary.css';
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState } from 'react';
import { glossaryEntry, searchGlossary } from '../../core/guide/glossary';
import { closeGlossary, openGlossary, useGlossary } from './glossary-state';

/** The glossary: every entry, searchable; opened on one entry by a `<Term>`, which it scrolls to and marks. */
export function GlossaryDialog() {
  const { open, id } = useGlossary();
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDListElement>(null);
  const entries = searchGlossary(query);
  const current = id !== undefined ? glossaryEntry(id) : undefined;
  useEffect(() => {
    if (!open) setQuery('');
  }, [open]);
  useEffect(() => {
    if (!open || id === undefined) return;
    // After the dialog's content mounts: bring the chosen entry into view.
    const t = setTimeout(() => listRef.current?.querySelector(`[data-entry="${id}"]`)?.scrollIntoView({ block: 'start' }), 0);
    return () => clearTimeout(t);
  }, [open, id]);
  return (
    <Dialog.Root open={open} onOpenChange={(o) => (o ? openGlossary(id) : closeGlossary())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog glossary-dialog" aria-describedby="glossary-desc">
          <Dialog.Title>Glossary</Dialog.Title>
          <p id="glossary-desc" className="muted small">
            {current ? <>Showing <strong>{current.term}</strong>; the whole list is below it.</> : 'The words the studio uses, in plain language.'}
          </p>
          <input type="search" placeholder="Search the glossary" aria-label="Search the glossary" value={query} onChange={(e) => setQuery(e.target.value)} />
          <dl ref={listRef} className="glossary-list" tabIndex={0} aria-label="Glossary entries">
            {entries.length === 0 && <p className="muted">No entry matches “{query}”.</p>}
            {entries.map((e) => (
              <div key={e.id} data-entry={e.id} className={e.id === id ? 'glossary-entry current' : 'glossary-entry'} aria-current={e.id === id ? 'true' : undefined}>
                <dt>{e.term}</dt>
                <dd>
                  {e.text}
                  {e.formula && <code className="formula">{e.formula}</code>}
                  {e.see && e.see.length > 0 && (
                    <span className="see small">
                      See also:{' '}
                      {e.see.map((s, i) => (
                        <span key={s}>
                          {i > 0 && ', '}
                          <button type="button" className="link" onClick={() => { setQuery(''); openGlossary(s); }}>
                            {glossaryEntry(s)?.term ?? s}
                          </button>
                        </span>
                      ))}
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="secondary">Close</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
