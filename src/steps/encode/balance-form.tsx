import type { BalanceSettings, FeatureSpec } from '../../core/features';

interface Props {
  spec: FeatureSpec;
  onChange: (balance: BalanceSettings | undefined) => void;
}

const OFF: BalanceSettings = { augment: 0, alpha: 0.1, oversample: false };

/** Extra training rows for small or imbalanced data; validation and test rows are never changed. */
export function BalanceForm({ spec, onChange }: Props) {
  const b = spec.balance ?? OFF;
  const set = (patch: Partial<BalanceSettings>) => {
    const next = { ...b, ...patch };
    onChange(next.augment === 0 && !next.oversample ? undefined : next);
  };
  const classification = spec.task === 'classification';
  if (!classification && !spec.text) return null;
  return (
    <fieldset className="balance-form">
      <legend>Small or imbalanced data (training split only)</legend>
      {spec.text && (
        <>
          <label>
            Augment: new texts per training text{' '}
            <input type="number" className="narrow" min={0} max={16} value={b.augment} onChange={(e) => set({ augment: Math.max(0, Math.min(16, Math.round(Number(e.target.value)) || 0)) })} />
          </label>{' '}
          {b.augment > 0 && (
            <label>
              share of words changed{' '}
              <input type="number" className="narrow" min={0.05} max={0.5} step={0.05} value={b.alpha} onChange={(e) => set({ alpha: Math.max(0.05, Math.min(0.5, Number(e.target.value) || 0.1)) })} />
            </label>
          )}
          <p className="muted small">
            EDA (“easy data augmentation”): each new text swaps, inserts, deletes or replaces a few words with English synonyms. It helps most with a few hundred texts; with thousands it rarely matters.
          </p>
        </>
      )}
      {classification && (
        <label className="inline">
          <input type="checkbox" checked={b.oversample} onChange={(e) => set({ oversample: e.target.checked })} /> Oversample: repeat rows of the smaller classes until every class is as large as the biggest
        </label>
      )}
      <p className="muted small">Class weights (in the Train step) are the other way to stop a model from ignoring a rare class.</p>
    </fieldset>
  );
}
