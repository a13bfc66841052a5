import { useId, useState } from 'react';

/** Above this many columns the pickers add a filter box and list only the first matches. */
export const MANY_COLUMNS = 200;
const SHOWN = 100;

function matches(columns: string[], query: string): string[] {
  const q = query.trim().toLowerCase();
  const out: string[] = [];
  for (const c of columns) {
    if (!q || c.toLowerCase().includes(q)) out.push(c);
    if (out.length >= SHOWN) break;
  }
  return out;
}

interface PickerProps {
  label: string;
  columns: string[];
  value: string;
  onChange: (column: string) => void;
  placeholder?: string;
}

/** Choose one column; with very wide tables, type to narrow the list (a 100,000-option select freezes). */
export function ColumnPicker({ label, columns, value, onChange, placeholder = '— choose a column —' }: PickerProps) {
  const [query, setQuery] = useState('');
  const id = useId();
  const many = columns.length > MANY_COLUMNS;
  const shown = many ? matches(columns, query) : columns;
  if (many && value && !shown.includes(value)) shown.unshift(value);
  return (
    <span className="column-picker">
      <label htmlFor={id}>{label}</label>{' '}
      {many && <input type="search" placeholder={`Filter ${columns.length.toLocaleString('en-US')} columns`} aria-label={`Filter columns for ${label}`} value={query} onChange={(e) => setQuery(e.target.value)} />}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{placeholder}</option>
        {shown.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </span>
  );
}

interface MultiProps {
  legend: React.ReactNode;
  columns: string[];
  chosen: string[];
  onChange: (columns: string[]) => void;
}

/** Tick several columns; with very wide tables, type to narrow the list. */
export function ColumnChecklist({ legend, columns, chosen, onChange }: MultiProps) {
  const [query, setQuery] = useState('');
  const set = new Set(chosen);
  const many = columns.length > MANY_COLUMNS;
  const shown = many ? matches(columns, query) : columns;
  return (
    <fieldset className="columns-field">
      <legend>{legend}</legend>
      {many && <input type="search" placeholder={`Filter ${columns.length.toLocaleString('en-US')} columns`} aria-label="Filter columns" value={query} onChange={(e) => setQuery(e.target.value)} />}
      {shown.map((c) => (
        <label key={c} className="check">
          <input type="checkbox" checked={set.has(c)} onChange={(e) => onChange(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))} /> {c}
        </label>
      ))}
      {many && chosen.length > 0 && <p className="muted small">{chosen.length} chosen</p>}
    </fieldset>
  );
}
