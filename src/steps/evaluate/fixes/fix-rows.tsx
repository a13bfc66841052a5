import { useState } from 'react';
import type { RowFix } from '../../../core/data/row-fixes';
import { actions } from '../../../store';
import { useRecords } from '../../shared/use-records';

const SHOWN = 50;

/** Training rows with their values; each row's fix: keep, another label, or remove. */
export function FixRows({ title, rows, classNames, fixes, label }: { title: string; rows: number[]; classNames: string[]; fixes: RowFix[]; label: (row: number) => string }) {
  const shown = rows.slice(0, SHOWN);
  const records = useRecords(shown);
  const byRow = new Map(fixes.map((f) => [f.row, f]));
  const valueOf = (r: number) => {
    const f = byRow.get(r);
    return f?.remove ? 'remove' : f?.label !== undefined ? `label:${f.label}` : 'keep';
  };
  const setFix = (r: number, v: string) => actions.setRowFix(r, v === 'remove' ? { remove: true } : v.startsWith('label:') ? { label: v.slice(6) } : undefined);
  const cols = Object.keys(records?.[0] ?? {});
  const [all, setAll] = useState('keep');
  const options = (
    <>
      <option value="keep">keep as is</option>
      {classNames.map((c) => (
        <option key={c} value={`label:${c}`}>
          relabel as {c}
        </option>
      ))}
      <option value="remove">remove from training</option>
    </>
  );
  return (
    <section aria-label={title}>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p className="muted">No rows.</p>
      ) : !records ? (
        <p className="muted">Loading rows…</p>
      ) : (
        <>
          <p>
            <label>
              All {rows.length} rows:{' '}
              <select value={all} onChange={(e) => setAll(e.target.value)}>
                {options}
              </select>
            </label>{' '}
            <button type="button" className="secondary" onClick={() => rows.forEach((r) => setFix(r, all))}>
              Apply to all {rows.length}
            </button>
          </p>
          {rows.length > SHOWN && <p className="small muted">The first {SHOWN} of {rows.length} rows.</p>}
          <div className="matrix-scroll" tabIndex={0}>
            <table className="matrix">
              <thead>
                <tr>
                  <th>row</th>
                  <th>label</th>
                  <th>fix</th>
                  {cols.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {records.map((rec, i) => {
                  const r = shown[i]!;
                  return (
                    <tr key={r}>
                      <td>{r + 1}</td>
                      <td>{label(r)}</td>
                      <td>
                        <select aria-label={`Fix for row ${r + 1}`} value={valueOf(r)} onChange={(e) => setFix(r, e.target.value)}>
                          {options}
                        </select>
                      </td>
                      {cols.map((c) => (
                        <td key={c}>{rec[c]}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
