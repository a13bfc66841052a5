import { useRecords } from '../shared/use-records';

/** Cleaned-table rows shown in full, with an extra leading column (e.g. the predicted probability). */
export function RowsTable({ rows, extra }: { rows: number[]; extra?: { label: string; values: string[] } }) {
  const records = useRecords(rows);
  if (rows.length === 0) return <p className="muted">No rows.</p>;
  if (!records) return <p className="muted">Loading rows…</p>;
  const cols = Object.keys(records[0] ?? {});
  return (
    // Focusable, so keyboard users can scroll a wide table (axe: scrollable-region-focusable).
    <div className="matrix-scroll" tabIndex={0}>
      <table className="matrix">
        <thead>
          <tr>
            <th>row</th>
            {extra && <th>{extra.label}</th>}
            {cols.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((r, i) => (
            <tr key={i}>
              <td>{rows[i]! + 1}</td>
              {extra && <td>{extra.values[i]}</td>}
              {cols.map((c) => (
                <td key={c}>{r[c]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
