import type { FeatureSpec } from '../../core/features';
import { fmtInt } from '../shared/format';

interface Props {
  spec: FeatureSpec;
  sizes?: { train: number; validation: number; test: number };
  onChange: (split: FeatureSpec['split']) => void;
}

/** Train / validation / test percentages, seed, stratification. */
export function SplitForm({ spec, sizes, onChange }: Props) {
  const s = spec.split;
  const pct = (key: 'train' | 'validation' | 'test', label: string) => (
    <label>
      {label}{' '}
      <input
        type="number"
        className="narrow"
        min={0}
        max={100}
        value={Math.round(s[key] * 100)}
        onChange={(e) => onChange({ ...s, [key]: Math.max(0, Math.min(100, Number(e.target.value) || 0)) / 100 })}
      />
      %{sizes && <span className="muted small"> ({fmtInt(sizes[key])} rows)</span>}
    </label>
  );
  return (
    <fieldset className="split-form">
      <legend>Split the rows</legend>
      {pct('train', 'Training')}
      {pct('validation', 'Validation')}
      {pct('test', 'Test')}
      <label>
        Seed <input type="number" className="narrow" value={s.seed} onChange={(e) => onChange({ ...s, seed: Math.trunc(Number(e.target.value) || 0) })} />
      </label>
      {spec.task === 'classification' && (
        <label className="check">
          <input type="checkbox" checked={s.stratify} onChange={(e) => onChange({ ...s, stratify: e.target.checked })} /> Keep class proportions (stratify)
        </label>
      )}
      <p className="muted small">The model learns from the training rows, is tuned on the validation rows, and is scored once on the test rows it never saw.</p>
    </fieldset>
  );
}
