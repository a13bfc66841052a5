import { useRef } from 'react';
import { actions } from '../../store';
import { fileRefs } from './text-files';
import { PasteTextDialog } from './paste-text-dialog';

/** The drop target and file pickers (the whole page also accepts drops): a table file, several .txt files, a folder, or pasted text. */
export function FilePicker({ compact = false }: { compact?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  return (
    <div className={compact ? 'file-picker compact' : 'file-picker'}>
      {!compact && (
        <p className="drop-hint">
          Drop a CSV, TSV, JSON or JSONL file anywhere on this page — or several .txt files, or a folder with one sub-folder of .txt files per class
        </p>
      )}
      <div className="picker-buttons">
        <button type="button" onClick={() => input.current?.click()}>
          {compact ? 'Load another file…' : 'Choose a file…'}
        </button>
        <button type="button" className="secondary" onClick={() => folder.current?.click()}>
          Choose a folder of texts…
        </button>
        <PasteTextDialog />
      </div>
      <input
        ref={input}
        type="file"
        multiple
        accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,text/csv,application/json,text/plain"
        aria-label="Choose a data file"
        hidden
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          if (files.length === 1) void actions.loadFile(files[0]!, files[0]!.name);
          else if (files.length > 1) actions.offerTexts(fileRefs(files));
          e.target.value = '';
        }}
      />
      <input
        ref={(el) => {
          folder.current = el;
          // Not in React's attribute types: the folder picker of every current browser.
          el?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        aria-label="Choose a folder of text files"
        hidden
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          if (files.length > 0) actions.offerTexts(fileRefs(files));
          e.target.value = '';
        }}
      />
    </div>
  );
}
