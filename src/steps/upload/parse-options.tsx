import type { Delimiter, Encoding, IngestReport } from '../../core/data/ingest';
import { actions, useStudio } from '../../store';
import { fmtBytes, fmtInt } from '../shared/format';

const DELIMITERS: { value: Delimiter; label: string }[] = [
  { value: ',', label: 'comma ,' },
  { value: ';', label: 'semicolon ;' },
  { value: '\t', label: 'tab' },
  { value: '|', label: 'pipe |' },
];
const ENCODINGS: { value: Encoding; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'latin1', label: 'Latin-1' },
];

/** What the parser detected, each overridable: changing one re-reads the file. */
export function ParseOptions({ report, fileName }: { report: IngestReport; fileName: string }) {
  const canReread = useStudio((s) => !!s.lastFile && s.lastFileName === fileName);
  return (
    <section className="parse-options" aria-label="How the file was read">
      <p>
        <strong>{fileName}</strong> · {fmtBytes(report.bytes)} · {fmtInt(report.rowCount)} rows × {fmtInt(report.columnCount)} columns
        {report.skippedRows > 0 && <> · {fmtInt(report.skippedRows)} bad rows skipped</>}
      </p>
      {report.texts && (
        <p className="muted small">
          {report.texts.mode === 'file' ? 'One example per file' : report.texts.mode === 'line' ? 'One example per line' : 'Pasted text, one example per line'}
          {report.texts.mode !== 'pasted' && <> · {fmtInt(report.texts.files)} files read</>}
          {report.texts.skippedFiles > 0 && <> · {fmtInt(report.texts.skippedFiles)} skipped</>}
          {report.texts.labels > 0 && <> · {fmtInt(report.texts.labels)} labels</>}
        </p>
      )}
      {report.format === 'csv' && (
        <div className="option-row">
          <label>
            Delimiter{' '}
            <select value={report.delimiter} disabled={!canReread} onChange={(e) => void actions.reread({ delimiter: e.target.value as Delimiter })}>
              {DELIMITERS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={report.hasHeader} disabled={!canReread} onChange={(e) => void actions.reread({ hasHeader: e.target.checked })} /> First row is the header
          </label>
          <label>
            Encoding{' '}
            <select value={report.encoding} disabled={!canReread} onChange={(e) => void actions.reread({ encoding: e.target.value as Encoding })}>
              {ENCODINGS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
          {!canReread && <span className="muted small">Load the file again to change how it is read.</span>}
        </div>
      )}
      {report.renamedColumns.length > 0 && (
        <p className="note" role="note">
          Renamed {report.renamedColumns.length} column{report.renamedColumns.length > 1 ? 's' : ''} so every name is unique and not empty:{' '}
          {report.renamedColumns.slice(0, 5).map((r) => `"${r.from}" → "${r.to}"`).join(', ')}
          {report.renamedColumns.length > 5 && ', …'}
        </p>
      )}
      {report.warnings.map((w, i) => (
        <p className="note" role="note" key={i}>
          {w.message}
          {w.where?.row !== undefined && ` (row ${w.where.row})`} {w.hint}
        </p>
      ))}
    </section>
  );
}
