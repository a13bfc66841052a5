import * as Dialog from '@radix-ui/react-dialog';
import { useMemo, useState } from 'react';
import { isTextFile, labelsFromPaths } from '../../core/data/text-ingest';
import { actions, useStudio } from '../../store';
import { fmtInt } from '../shared/format';

type Mode = 'file' | 'line';

function labelSummary(paths: string[], mode: Mode): string {
  const counts = new Map<string, number>();
  for (const l of labelsFromPaths(paths, mode)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const parts = [...counts].slice(0, 6).map(([l, n]) => `${l} (${fmtInt(n)} file${n === 1 ? '' : 's'})`);
  return parts.join(', ') + (counts.size > 6 ? `, and ${fmtInt(counts.size - 6)} more` : '');
}

/** "One example per file, or one per line?", asked when several .txt files or a folder come in. */
export function TextModeDialog() {
  const pending = useStudio((s) => s.pendingTexts);
  const [mode, setMode] = useState<Mode>('file');
  const paths = useMemo(() => (pending?.files ?? []).map((f) => f.path).filter(isTextFile), [pending]);
  const skipped = (pending?.files.length ?? 0) - paths.length;
  return (
    <Dialog.Root open={!!pending} onOpenChange={(open) => !open && actions.cancelTexts()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog text-mode-dialog">
          <Dialog.Title>One example per file, or one per line?</Dialog.Title>
          <Dialog.Description>
            {fmtInt(paths.length)} text file{paths.length === 1 ? '' : 's'} from <strong>{pending?.name}</strong>
            {skipped > 0 && <> ({fmtInt(skipped)} other file{skipped === 1 ? '' : 's'} will be skipped: only .txt files are read)</>}. The table
            will have a <code>text</code> column and a <code>label</code> column to predict.
          </Dialog.Description>
          <fieldset className="text-mode">
            <legend className="sr-only">How the files hold examples</legend>
            <label>
              <input type="radio" name="text-mode" value="file" checked={mode === 'file'} onChange={() => setMode('file')} /> <strong>One example per file</strong>
              <span className="muted small">
                Each file is one text (an e-mail, a review). The label is the folder it is in. Labels: {labelSummary(paths, 'file')}
              </span>
            </label>
            <label>
              <input type="radio" name="text-mode" value="line" checked={mode === 'line'} onChange={() => setMode('line')} /> <strong>One example per line</strong>
              <span className="muted small">
                Each non-blank line is one text. The label is the file&apos;s folder, or its name when the files share one folder. Labels: {labelSummary(paths, 'line')}
              </span>
            </label>
          </fieldset>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="secondary">
                Cancel
              </button>
            </Dialog.Close>
            <button type="button" onClick={() => void actions.loadTexts(mode)}>
              Load texts
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
