import { NO_RUNS } from '../../store/modeling';
import { useEffect } from 'react';
import { catalogFor, resolveParams } from '../../core/models/catalog';
import type { ModelParams, TreeFamily } from '../../core/models/types';
import { actions, useStudio } from '../../store';
import { chosenTask } from '../../store/selectors';
import { fmtInt } from '../shared/format';
import { ParamForm } from './param-form';
import { PretrainedEncoderPanel } from './pretrained-encoder';
import { useBertEncoder } from '../../store/bert-encoder';
import { BERT_ENCODER_ID } from '../../core/models/info/bert-encoder';

/** Parameters of the reference MLP (20 → 64 → 32 → 3) that the speed test trains. */
const REFERENCE_PARAMS = 20 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3;

/**
 * Seconds to train a neural family, from the device's speed on the reference MLP. Cost per row is
 * taken as proportional to the parameter count, with the reference as a floor (small models are
 * dominated by per-batch overhead). Rough by design; the card says so.
 */
function estimateSeconds(samplesPerSecond: number, params: number, rows: number, epochs: number): number {
  return (epochs * rows * Math.max(1, params / REFERENCE_PARAMS)) / samplesPerSecond;
}

/** Seconds per epoch measured by the latest finished run of this family, if any. */
function measuredEpochSeconds(runs: { family: string; epochs: { seconds: number }[] }[], family: string): number | undefined {
  const run = [...runs].reverse().find((r) => r.family === family && r.epochs.length > 0);
  if (!run) return undefined;
  return run.epochs.reduce((a, e) => a + e.seconds, 0) / run.epochs.length;
}

/**
 * A tree family's training time: the last run of it on this device, scaled by the work of the
 * settings now chosen (as measured when they are the same and the run went to the end), else the
 * speed test's fit of this family (default settings, 1,500 reference rows) scaled by the work for
 * these rows, features and settings. Boosting counts its rounds' seconds (no paused time) and the
 * share of rounds it ran (a stopped run did less work).
 */
function treeTime(runs: { family: string; params: ModelParams; epochs: { seconds: number }[]; outcome?: { seconds: number } }[], fam: TreeFamily<ModelParams>, params: ModelParams, workOf: (p: ModelParams) => number, probe: { seconds: number; work: number } | undefined): string {
  const rounds = fam.rounds?.(params);
  const grown = rounds !== undefined ? `grown in ${fmtInt(rounds)} rounds` : 'trained in one pass';
  const last = [...runs].reverse().find((r) => r.family === fam.id && r.outcome);
  if (last?.outcome) {
    const lastParams = resolveParams(fam, last.params);
    const share = fam.rounds ? last.epochs.length / Math.max(1, fam.rounds(lastParams)) : 1;
    const seconds = fam.rounds ? last.epochs.reduce((a, e) => a + e.seconds, 0) : last.outcome.seconds;
    const exact = share === 1 && JSON.stringify(last.params) === JSON.stringify(params);
    const estimate = exact ? seconds : (seconds * workOf(params)) / Math.max(1, workOf(lastParams) * share);
    return `${grown}; about ${Math.max(1, Math.round(estimate))} s on this device (${exact ? 'measured on' : 'scaled from'} your last run)`;
  }
  if (probe) return `${grown}; roughly ${Math.max(1, Math.round((probe.seconds * workOf(params)) / Math.max(1, probe.work)))} s on this device (estimated from a speed test)`;
  return `${grown}; measuring this device’s speed…`;
}

export function ModelStep() {
  const task = useStudio(chosenTask);
  const art = useStudio((s) => s.doc.features?.artifact);
  const choice = useStudio((s) => s.doc.model);
  const runs = useStudio((s) => s.doc.runs ?? NO_RUNS);
  const epochs = useStudio((s) => s.doc.training?.hp.epochs ?? 50);
  const speed = useStudio((s) => s.speed);
  const encoder = useBertEncoder((s) => s.loaded);
  useEffect(() => {
    void actions.measureSpeed();
  }, []);
  if (!task || !art) {
    return (
      <p>
        Encode the data first.{' '}
        <button type="button" className="link" onClick={() => actions.goToStep('encode')}>
          Go to Encode
        </button>
      </p>
    );
  }
  const outputs = art.fitted.target.kind === 'classification' ? art.fitted.target.classes.length : 1;
  const nFeatures = art.summary.featureCount;
  const text = art.fitted.text;
  const input = text?.representation === 'tokens' ? 'tokens' : 'vector';
  const ctx = text ? { vocabSize: text.vocabSize, ...(encoder ? { pretrained: { arch: { ...encoder.config, clsId: encoder.clsId, sepId: encoder.sepId } } } : {}) } : {};
  // The pretrained encoder is offered once its folder is dropped (or when it is the saved choice).
  const families = catalogFor(task, input).filter((f) => f.id !== BERT_ENCODER_ID || encoder || choice?.family === f.id);
  const selected = choice ? families.find((f) => f.id === choice.family) : undefined;
  return (
    <>
      <p>
        {input === 'tokens' ? (
          <>
            Text models for <strong>{task}</strong>, reading up to {fmtInt(nFeatures)} tokens per text from a vocabulary of {fmtInt(text?.vocabSize ?? 0)}, with {fmtInt(art.sizes.train)} training texts.
          </>
        ) : (
          <>
            Models for <strong>{task}</strong> with {fmtInt(nFeatures)} input features and {fmtInt(art.sizes.train)} training rows.
          </>
        )}
      </p>
      {text && (
        <p className="muted small">
          {input === 'tokens'
            ? 'These models read the words in order. For a bag-of-words model (TF-IDF + logistic regression), choose “Bag of words” in the Encode step.'
            : 'The text is a TF-IDF bag of words, so these models ignore word order. For text models (CNN, GRU/LSTM, Transformer), choose “Token sequence” in the Encode step.'}
        </p>
      )}
      <PretrainedEncoderPanel />
      <ul className="model-cards">
        {families.map((fam) => {
          const params = choice?.family === fam.id ? choice.params : fam.defaultParams;
          const count = fam.paramCount(params, nFeatures, outputs, ctx);
          const perEpoch = measuredEpochSeconds(runs, fam.id);
          const isSel = choice?.family === fam.id;
          return (
            <li key={fam.id} className={isSel ? 'model-card selected' : 'model-card'}>
              <h3>{fam.label}</h3>
              <p>{fam.card.summary}</p>
              <p className="small">
                <strong>Good for:</strong> {fam.card.goodFor}
              </p>
              <p className="small">
                <strong>Watch out:</strong> {fam.card.watchOut}
              </p>
              <p className="small">
                {fam.kind === 'tree' ? 'Up to' : ''} {fmtInt(count)} parameters ·{' '}
                {fam.kind === 'tree'
                  ? treeTime(runs, fam, params, (p) => fam.work(p, art.sizes.train, nFeatures, outputs), speed?.trees[fam.id])
                  : perEpoch !== undefined
                    ? `about ${Math.max(1, Math.round(perEpoch * epochs))} s for ${epochs} epochs on this device (measured on your last run)`
                    : input === 'tokens'
                      ? 'training time is shown after a first run (the speed test uses a table model, which says little about text models)'
                      : speed
                      ? `roughly ${Math.max(1, Math.round(estimateSeconds(speed.samplesPerSecond, count, art.sizes.train, epochs)))} s for ${epochs} epochs (estimated from a speed test on ${speed.backend})`
                      : 'measuring this device’s speed…'}
              </p>
              <button type="button" className={isSel ? undefined : 'secondary'} onClick={() => actions.chooseModel(fam.id)} aria-pressed={isSel}>
                {isSel ? 'Chosen' : `Choose ${fam.label}`}
              </button>
            </li>
          );
        })}
      </ul>
      {selected && choice && (
        <section aria-label="Model settings">
          <h3>{selected.label} settings</h3>
          <ParamForm fields={selected.fields} params={choice.params} onChange={actions.setModelParams} />
        </section>
      )}
      <div className="next-row">
        <button type="button" onClick={() => actions.goToStep('train')} disabled={!choice}>
          Next: train →
        </button>
      </div>
    </>
  );
}
