import { lazy, Suspense, useState } from 'react';
import { openGlossary, useGlossary } from '../ui/glossary/glossary-state';

const loadDialog = () => import('../ui/glossary/glossary-dialog');
// The dialog and its 55 entries load on first use, not with the page (first-load budget).
const GlossaryDialog = lazy(() => loadDialog().then((m) => ({ default: m.GlossaryDialog })));

/** The header's way into the glossary; the one dialog every `<Term>` opens lives here. */
export function GlossaryButton() {
  const { open } = useGlossary();
  const [used, setUsed] = useState(false);
  if (open && !used) setUsed(true);
  return (
    <>
      <button type="button" className="secondary" aria-haspopup="dialog" onPointerEnter={() => void loadDialog()} onFocus={() => void loadDialog()} onClick={() => openGlossary()}>
        Glossary
      </button>
      {(open || used) && (
        <Suspense fallback={null}>
          <GlossaryDialog />
        </Suspense>
      )}
    </>
  );
}
