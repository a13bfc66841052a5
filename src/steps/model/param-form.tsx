import type { ModelParams, ParamField } from '../../core/models/catalog';

interface Props {
  fields: ParamField[];
  params: ModelParams;
  onChange: (params: ModelParams) => void;
}

/** A model family's parameters, rendered from its field list (registry-driven). */
export function ParamForm({ fields, params, onChange }: Props) {
  const set = (key: string, value: ModelParams[string]) => onChange({ ...params, [key]: value });
  return (
    <div className="param-form">
      {fields.map((f) => {
        const v = params[f.key];
        let input;
        if (f.kind === 'select') {
          input = (
            <select value={String(v)} onChange={(e) => set(f.key, e.target.value)}>
              {(f.options ?? []).map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          );
        } else if (f.kind === 'layers') {
          input = (
            <input
              type="text"
              value={Array.isArray(v) ? v.join(', ') : ''}
              placeholder="e.g. 64, 32"
              onChange={(e) =>
                set(
                  f.key,
                  e.target.value
                    .split(/[,\s]+/)
                    .map((t) => Math.trunc(Number(t)))
                    .filter((n) => Number.isFinite(n) && n > 0),
                )
              }
            />
          );
        } else {
          input = (
            <input
              type="number"
              min={f.min}
              max={f.max}
              step={f.step ?? (f.kind === 'int' ? 1 : 'any')}
              value={typeof v === 'number' ? v : ''}
              onChange={(e) => set(f.key, f.kind === 'int' ? Math.trunc(Number(e.target.value)) : Number(e.target.value))}
            />
          );
        }
        return (
          <label key={f.key} title={f.help}>
            <span className="param-label">{f.label}</span> {input}
            <span className="muted small param-help">{f.help}</span>
          </label>
        );
      })}
    </div>
  );
}
