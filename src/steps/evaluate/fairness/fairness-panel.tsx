import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FairnessAuditRecord } from '../../../core/jobs';
import type { ClassificationReport } from '../../../core/metrics';
import { MIN_GROUP_CLASS_ROWS, MIN_GROUP_ROWS } from '../../../core/metrics/fairness';
import { actions, useStudio } from '../../../store';
import { positiveClass } from '../../../store/actions/fairness';
import type { RunRecord } from '../../../store/modeling';
import { ColumnChecklist } from '../../../ui/column-picker';
import { LearnMore } from '../../../ui/learn-more';
import { AuditView } from './audit-view';
import { BeforeAfter } from './before-after';
import { CounterfactualSwaps } from './counterfactual-swaps';
import './fairness.css';

const NONE: string[] = [];
const NO_AUDITS: FairnessAuditRecord[] = [];

/** The Evaluate step's fairness audit of one run. */
export function FairnessPanel({ run, textColumns }: { run: RunRecord; textColumns: string[] }) {
  const target = useStudio((s) => s.doc.features?.spec.target);
  const columns = useStudio(useShallow((s) => (s.doc.clean?.schema ?? s.doc.schema).map((c) => c.name).filter((n) => n !== target && !textColumns.includes(n))));
  const chosen = useStudio((s) => s.doc.fairness?.columns ?? NONE);
  const positive = useStudio((s) => s.doc.fairness?.positive);
  const audits = useStudio((s) => s.doc.fairness?.audits ?? NO_AUDITS);
  const [busy, setBusy] = useState<string>();
  const m = run.metrics!;
  const classes = m.kind === 'classification' ? (m as ClassificationReport).classNames : [];
  const binary = classes.length === 2;
  const key = chosen.join('\u0000');
  const positiveLabel = classes.length ? classes[positiveClass(run, positive)] : undefined;
  const current = (a: FairnessAuditRecord) => a.columns.join('\u0000') === key && a.positiveLabel === positiveLabel;
  // This run's own audit: the plain one, or (a run trained reweighed) the one made right after training.
  const base = audits.filter((a) => a.runId === run.id && current(a) && a.mitigation?.kind !== 'thresholds').at(-1);
  // Before/after pairs this run is part of: its mitigations, or the run it mitigates.
  const byId = new Map(audits.map((a) => [a.id, a]));
  const pairs = audits.flatMap((a) => {
    const before = a.before ? byId.get(a.before) : undefined;
    return before && current(a) && (before.runId === run.id || a.runId === run.id) ? [{ before, after: a }] : [];
  });
  const act = async (label: string, f: () => Promise<unknown>) => {
    setBusy(label);
    await f();
    setBusy(undefined);
  };
  return (
    <section aria-label="Fairness" className="fairness-panel">
      <h3>Fairness</h3>
      <p className="muted small">
        How the model’s test results differ between groups of people (or of anything). Sensitive columns may be ones the model does not use: leaving a column out does not make a model fair
        when other columns stand in for it.
      </p>
      <ColumnChecklist legend="Sensitive columns (groups are their value combinations)" columns={columns} chosen={chosen} onChange={(c) => actions.setFairness({ columns: c })} />
      {classes.length > 0 && (
        <label>
          Rates are about the class{' '}
          <select value={positiveLabel} onChange={(e) => actions.setFairness({ positive: e.target.value })}>
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}{' '}
      <button type="button" disabled={chosen.length === 0 || !!busy} onClick={() => void act('audit', () => actions.auditRun(run.id))}>
        {busy === 'audit' ? 'Auditing…' : `Audit run #${run.number}`}
      </button>
      <LearnMore summary="How to read this">
        <p>
          Selection rate: the share of a group predicted positive. TPR (recall): the share of a group’s actual positives that the model finds. FPR: the share of its actual negatives wrongly
          predicted positive. Calibration: the mean predicted probability next to the base rate (the share actually positive); a gap means the probabilities mean different things for different
          groups. Gaps are Fairlearn’s definitions over the groups.
        </p>
        <p>
          Groups with fewer than {MIN_GROUP_ROWS} test rows are flagged: a rate measured on n rows is uncertain by up to 0.5/√n (0.09 at 30 rows), so a gap of 0.1 between two small groups can
          be chance. Rates that rest on fewer than {MIN_GROUP_CLASS_ROWS} actual positives or negatives are flagged too. No single gap can be zero for all of them at once when base rates
          differ: choose the one that matches the harm you care about.
        </p>
      </LearnMore>
      {base && <AuditView record={base} />}
      {base && (
        <section aria-label="Mitigation">
          <h4>Try a mitigation</h4>
          <p className="muted small">
            Reweighing trains run #{run.number}’s model again, with each training row weighted so that group and label are independent in the training data (Kamiran &amp; Calders). Per-group
            thresholds keep the model and move each group’s decision threshold, chosen on the validation split (binary classification).
          </p>
          <button type="button" disabled={!!busy} onClick={() => void act('reweigh', () => actions.trainReweighed(run.id))}>
            {busy === 'reweigh' ? 'Training…' : 'Reweigh groups and retrain'}
          </button>{' '}
          {binary && (
            <>
              <button type="button" disabled={!!busy || !run.model} onClick={() => void act('sel', () => actions.applyThresholds(run.id, 'selection-rate'))}>
                Per-group thresholds: equal selection rate
              </button>{' '}
              <button type="button" disabled={!!busy || !run.model} onClick={() => void act('tpr', () => actions.applyThresholds(run.id, 'tpr'))}>
                Per-group thresholds: equal true-positive rate
              </button>
            </>
          )}
          {pairs.map((p) => (
            <BeforeAfter key={p.after.id} before={p.before} after={p.after} />
          ))}
        </section>
      )}
      {textColumns.length > 0 && classes.length > 0 && <CounterfactualSwaps runId={run.id} />}
    </section>
  );
}
