import { useEffect, useMemo } from 'react';
import { DEFAULT_TEXT, usesTabular, type ColumnFeatureSettings, type FeatureSpec, type NumericScaling } from '../../core/features';
import { deserializeTokenizer } from '../../core/text';
import { effectiveType } from '../../core/data/schema';
import { TextSettingsForm } from './text-settings';
import { TokenizerWorkbench } from '../shared/tokenizer-workbench';
import { actions, useStudio } from '../../store';
import { chosenTask } from '../../store/selectors';
import { fmtInt, fmtNum } from '../shared/format';
import { SplitForm } from './split-form';
import { BalanceForm } from './balance-form';
import { EncodeWarnings } from './encode-warnings';

function withoutText(spec: FeatureSpec): FeatureSpec {
  const { text: _text, ...rest } = spec;
  return rest;
}

function withBalance(spec: FeatureSpec, balance: FeatureSpec['balance']): FeatureSpec {
  const { balance: _old, ...rest } = spec;
  return balance ? { ...rest, balance } : rest;
}

export function EncodeStep() {
  const target = useStudio((s) => s.doc.target?.column);
  const task = useStudio(chosenTask);
  const features = useStudio((s) => s.doc.features);
  const encoding = useStudio((s) => s.encoding);
  const hasClean = useStudio((s) => !!s.doc.clean);
  const cleanKey = useStudio((s) => s.doc.clean?.recipeKey);
  const cleanSchema = useStudio((s) => s.doc.clean?.schema);
  const storedTokenizer = useStudio((s) => s.doc.features?.artifact?.fitted.text?.tokenizer);
  const tokenizer = useMemo(() => {
    if (storedTokenizer === undefined) return undefined;
    const r = deserializeTokenizer(storedTokenizer);
    return r.ok ? r.value : undefined;
  }, [storedTokenizer]);
  useEffect(() => {
    void actions.ensureFeatures();
  }, [target, task, cleanKey]);
  if (!hasClean || !target || !task) {
    return (
      <p>
        First load a dataset and choose what to predict in the Upload step.{' '}
        <button type="button" className="link" onClick={() => actions.goToStep('upload')}>
          Go to Upload
        </button>
      </p>
    );
  }
  if (!features) return <p className="muted">Preparing feature settings…</p>;
  const spec = features.spec;
  const art = features.artifact;
  const textCandidates = (cleanSchema ?? []).filter((c) => c.name !== target && ['text', 'categorical', 'identifier'].includes(effectiveType(c))).map((c) => c.name);
  const tabular = usesTabular(spec);
  const setColumn = (name: string, patch: Partial<ColumnFeatureSettings>) =>
    void actions.encode({ ...spec, columns: spec.columns.map((c) => (c.name === name ? { ...c, ...patch } : c)) });
  return (
    <>
      <p>
        Predicting <strong>{target}</strong> ({task}). {art ? <>The model will see <strong>{fmtInt(art.summary.featureCount)} features</strong>.</> : null} {encoding && <span className="muted">Encoding…</span>}
      </p>
      {spec.text ? (
        <>
          <TextSettingsForm settings={spec.text} candidates={textCandidates} trained={art?.fitted.text?.tokenizer} onChange={(text) => void actions.encode({ ...spec, text })} />
          {art?.fitted.text && <p className="small" data-testid="text-encoding">{art.summary.columns.at(-1)?.text}</p>}
          <button type="button" className="link small" onClick={() => void actions.encode(withoutText(spec))}>
            Remove the text input
          </button>
          {art?.text && tokenizer && <TokenizerWorkbench tokenizer={tokenizer} samples={art.text.samples} stats={art.text.stats} maxLength={spec.text.maxLength} />}
        </>
      ) : (
        textCandidates.length > 0 && (
          <p className="small">
            <button type="button" className="secondary" onClick={() => void actions.encode({ ...spec, text: { ...DEFAULT_TEXT, tokenizer: { ...DEFAULT_TEXT.tokenizer }, columns: [textCandidates[0]!] } })}>
              Add a text input
            </button>{' '}
            to tokenize a column of free text (reviews, e-mails, messages).
          </p>
        )
      )}
      <h3>Table columns</h3>
      {!tabular && <p className="muted small">Not used: the text is read as a token sequence, and text models read only the tokens.</p>}
      <table className={tabular ? 'feature-table' : 'feature-table off'} aria-label="Feature settings">
        <thead>
          <tr>
            <th>Use</th>
            <th>Column</th>
            <th>Numbers</th>
            <th>Categories</th>
            <th>Missing flag</th>
            <th>Becomes</th>
          </tr>
        </thead>
        <tbody>
          {spec.columns.map((c) => {
            const summary = art?.summary.columns.find((x) => x.name === c.name);
            return (
              <tr key={c.name} className={c.include ? undefined : 'off'}>
                <td>
                  <input type="checkbox" checked={c.include} onChange={(e) => setColumn(c.name, { include: e.target.checked })} aria-label={`Use ${c.name}`} />
                </td>
                <td>
                  {c.name}
                  {c.reason && !c.include && <div className="muted small">{c.reason}</div>}
                </td>
                <td>
                  <select value={c.numeric} onChange={(e) => setColumn(c.name, { numeric: e.target.value as NumericScaling })} aria-label={`Scaling of ${c.name}`}>
                    <option value="standardize">standardize</option>
                    <option value="minmax">min-max</option>
                    <option value="none">none</option>
                  </select>
                </td>
                <td>
                  <select value={c.categorical.mode} onChange={(e) => setColumn(c.name, { categorical: { ...c.categorical, mode: e.target.value as 'onehot' | 'ordinal' } })} aria-label={`Category encoding of ${c.name}`}>
                    <option value="onehot">one-hot</option>
                    <option value="ordinal">ordinal</option>
                  </select>{' '}
                  top{' '}
                  <input type="number" min={1} max={1000} className="narrow" value={c.categorical.topK} onChange={(e) => setColumn(c.name, { categorical: { ...c.categorical, topK: Math.max(1, Number(e.target.value) || 1) } })} aria-label={`Top categories of ${c.name}`} />
                </td>
                <td>
                  <input type="checkbox" checked={c.missingIndicator} onChange={(e) => setColumn(c.name, { missingIndicator: e.target.checked })} aria-label={`Missing flag for ${c.name}`} />
                </td>
                <td className="small">{c.include ? (summary?.text ?? '…') : 'not used'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <EncodeWarnings spec={spec} {...(art ? { sizes: art.sizes } : {})} />
      <SplitForm spec={spec} sizes={art?.sizes} onChange={(split: FeatureSpec['split']) => void actions.encode({ ...spec, split })} />
      <BalanceForm spec={spec} onChange={(balance) => void actions.encode(withBalance(spec, balance))} />
      {art && (
        <section aria-label="Encoded preview">
          <h3>Encoded preview (first training rows)</h3>
          <p className="muted small">{art.summary.target}. Encoders were fitted on the training split only.</p>
          <div className="matrix-scroll" tabIndex={0} role="region" aria-label="Encoded preview, scrollable">
            <table className="matrix">
              <thead>
                <tr>
                  {art.preview.featureNames.slice(0, 40).map((f) => (
                    <th key={f}>{f}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {art.preview.rows.map((r, i) => (
                  <tr key={i}>
                    {r.slice(0, 40).map((v, j) => (
                      <td key={j}>{fmtNum(v, 3)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <div className="next-row">
        <button type="button" onClick={() => actions.goToStep('model')} disabled={!art}>
          Next: pick a model →
        </button>
      </div>
    </>
  );
}
