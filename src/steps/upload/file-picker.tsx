import { useRef } from 'react';
import { actions } from '../../store';

/** The drop target and file picker (the whole page also accepts drops). */
export function FilePicker({ compact = false }: { compact?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={compact ? 'file-picker compact' : 'file-picker'}>
      {!compact && <p className="drop-hint">Drop a CSV, TSV, JSON or JSONL file anywhere on this page</p>}
      <button type="button" onClick={() => input.current?.click()}>
        {compact ? 'Load another file…' : 'Choose a file…'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,text/csv,application/json"
        aria-label="Choose a data file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void actions.loadFile(file, file.name);
          e.target.value = '';
        }}
      />
    </div>
  );
}
