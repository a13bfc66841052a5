import { useState } from 'react';
import type { ColumnProfile } from '../../core/data/profile';
import { OP_FIELDS, type Field } from './op-fields';
import { ColumnChecklist, ColumnPicker } from '../../ui/column-picker';

interface Props {
  op: string;
  initial: Record<string, unknown>;
  columns: string[];
  profiles: ColumnProfile[];
  submitLabel: string;
  onSubmit: (params: Record<string, unknown>) => void;
  onCancel?: () => void;
}

/** Renders an op's fields from OP_FIELDS; numbers typed as text are kept as numbers where they parse. */
export function OpForm({ op, initial, columns, profiles, submitLabel, onSubmit, onCancel }: Props) {
  const [params, setParams] = useState<Record<string, unknown>>(initial);
  const set = (key: string, value: unknown) => setParams((p) => ({ ...p, [key]: value }));
  const fields = OP_FIELDS[op] ?? [];
  return (
    <form
      className="op-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(params);
      }}
    >
      {fields.map((f) => (visible(f, params) ? <FieldInput key={f.key} field={f} params={params} set={set} columns={columns} profiles={profiles} /> : null))}
      <div className="form-actions">
        <button type="submit">{submitLabel}</button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

const visible = (f: Field, p: Record<string, unknown>) => !('showIf' in f) || !f.showIf || f.showIf(p);

function FieldInput({ field: f, params, set, columns, profiles }: { field: Field; params: Record<string, unknown>; set: (k: string, v: unknown) => void; columns: string[]; profiles: ColumnProfile[] }) {
  const value = params[f.key];
  switch (f.kind) {
    case 'column':
      return <ColumnPicker label={f.label} columns={columns} value={String(value ?? '')} onChange={(c) => set(f.key, c)} placeholder="— choose —" />;
    case 'columns':
      return (
        <ColumnChecklist
          legend={
            <>
              {f.label}
              {f.emptyMeans && <span className="muted small"> (none ticked: {f.emptyMeans})</span>}
            </>
          }
          columns={columns}
          chosen={Array.isArray(value) ? (value as string[]) : []}
          onChange={(cols) => set(f.key, cols)}
        />
      );
    case 'select':
      return (
        <label>
          {f.label}{' '}
          <select value={String(value ?? '')} onChange={(e) => set(f.key, e.target.value)}>
            {f.options.map((o) => (
              <option key={o} value={o}>
                {f.optionLabels?.[o] ?? o}
              </option>
            ))}
          </select>
        </label>
      );
    case 'number':
      return (
        <label>
          {f.label}{' '}
          <input type="number" step="any" value={value === null || value === undefined ? '' : String(value)} onChange={(e) => set(f.key, e.target.value === '' ? null : Number(e.target.value))} />
        </label>
      );
    case 'text':
      return (
        <label>
          {f.label}{' '}
          <input type="text" value={value === null || value === undefined ? '' : String(value)} onChange={(e) => set(f.key, toValue(e.target.value))} />
        </label>
      );
    case 'checkbox':
      return (
        <label className="check">
          <input type="checkbox" checked={value === true} onChange={(e) => set(f.key, e.target.checked)} /> {f.label}
        </label>
      );
    case 'mapping': {
      const column = String(params[f.columnKey] ?? '');
      const top = profiles.find((p) => p.name === column)?.top?.values ?? [];
      const mapping = (value ?? {}) as Record<string, string>;
      if (!column) return null;
      return (
        <fieldset className="mapping-field">
          <legend>{f.label}</legend>
          {top.map((v) => (
            <label key={v.value}>
              <span className="map-from">
                {v.value} <span className="muted small">({v.count})</span>
              </span>{' '}
              →{' '}
              <input
                type="text"
                aria-label={`New value for ${v.value}`}
                value={mapping[v.value] ?? ''}
                onChange={(e) => {
                  const next = { ...mapping, [v.value]: e.target.value };
                  if (e.target.value === '') delete next[v.value];
                  set(f.key, next);
                }}
              />
            </label>
          ))}
        </fieldset>
      );
    }
  }
}

/** "3.5" → 3.5, anything else stays text (the op decides how to compare). */
function toValue(text: string): string | number {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : text;
}
