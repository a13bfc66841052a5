import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { actions } from '../../store';

/** "Paste text": one example per line, optionally `label<TAB>text`. */
export function PasteTextDialog() {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className="secondary">
          Paste text…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog paste-dialog">
          <Dialog.Title>Paste text</Dialog.Title>
          <Dialog.Description>
            One example per line; blank lines are skipped. To give each example a label, start its line with the label, then a tab, then the
            text — for example <code>spam⇥Win a prize now</code>. Copying two columns (label, text) from a spreadsheet gives exactly this.
            Either every line has a label or none does (the Tab key types a tab in the box).
          </Dialog.Description>
          <textarea
            aria-label="Text to load, one example per line"
            rows={10}
            value={text}
            spellCheck={false}
            placeholder={'spam\tWin a prize now\nham\tSee you at lunch'}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Tab types a tab here (labels are separated by tabs); Escape still closes the dialog.
              if (e.key !== 'Tab' || e.shiftKey) return;
              e.preventDefault();
              const t = e.currentTarget;
              const { selectionStart: a, selectionEnd: b } = t;
              setText(text.slice(0, a) + '\t' + text.slice(b));
              requestAnimationFrame(() => t.setSelectionRange(a + 1, a + 1));
            }}
          />
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="secondary">
                Cancel
              </button>
            </Dialog.Close>
            <button
              type="button"
              disabled={text.trim() === ''}
              onClick={() => {
                setOpen(false);
                void actions.pasteTexts(text).then((ok) => ok && setText(''));
              }}
            >
              Load pasted text
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
