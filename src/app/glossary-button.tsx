import { GlossaryDialog } from '../ui/glossary/glossary-dialog';
import { openGlossary } from '../ui/glossary/glossary-state';

/** The header's way into the glossary; the one dialog every `<Term>` opens lives here. */
export function GlossaryButton() {
  return (
    <>
      <button type="button" className="secondary" aria-haspopup="dialog" onClick={() => openGlossary()}>
        Glossary
      </button>
      <GlossaryDialog />
    </>
  );
}
