import { useId, useState } from 'react';

export interface ChartTableData {
  /** Column headings; the first column is the x value (or the category). */
  columns: string[];
  rows: (string | number | null)[][];
}

/** At most this many rows are shown: long curves are thinned evenly, keeping the first and last. */
export const MAX_TABLE_ROWS = 200;

/** Evenly spaced rows of a long list, always with the first and the last. */
export function thinRows<T>(rows: T[], max = MAX_TABLE_ROWS): T[] {
  if (rows.length <= max) return rows;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(rows[Math.round((i * (rows.length - 1)) / (max - 1))]!);
  return out;
}

const cellText = (v: string | number | null) => (v === null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toPrecision(4)) : v);

/**
 * The text alternative of a chart: a "Show as table" toggle and, when on, the chart's numbers as
 * a table in its own focusable scroll box (keyboard users can scroll it; the page never scrolls
 * sideways). `data` is a function so the rows are only built when the table is shown.
 */
export function ChartTable({ title, data }: { title: string; data: () => ChartTableData }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const table = open ? data() : null;
  const rows = table ? thinRows(table.rows) : [];
  return (
    <div className="chart-table">
      <button type="button" className="ghost small" aria-pressed={open} aria-controls={open ? id : undefined} aria-label={`Show as table: ${title}`} onClick={() => setOpen(!open)}>
        {open ? 'Hide table' : 'Show as table'}
      </button>
      {table && (
        <div id={id} className="chart-table-scroll" role="region" aria-label={`${title}, table`} tabIndex={0}>
          <table>
            <caption>
              {title}
              {rows.length < table.rows.length && <span className="muted small"> ({rows.length} of {table.rows.length} rows, evenly spaced)</span>}
            </caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (j === 0 ? <th key={j} scope="row">{cellText(v)}</th> : <td key={j}>{cellText(v)}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
