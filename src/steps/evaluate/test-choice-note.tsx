import type { ClassificationReport, RegressionReport } from '../../core/metrics';
import { testChoiceWarning, type ComparedScore } from '../../core/guide';
import { useStudio } from '../../store';
import { NO_RUNS, type RunRecord } from '../../store/modeling';
import { GuideNote } from '../../ui/guide-note';

/** The run's main metric (accuracy or R²) on test, and on validation at the epoch with the lowest validation loss. */
function score(run: RunRecord): ComparedScore {
  const m = run.metrics;
  const test = !m ? null : m.kind === 'classification' ? (m as ClassificationReport).accuracy : (m as RegressionReport).r2;
  const best = run.epochs.reduce<RunRecord['epochs'][number] | undefined>((a, e) => (Number.isFinite(e.valLoss) && (!a || e.valLoss < a.valLoss) ? e : a), undefined);
  return { label: `Run #${run.number}`, test, ...(best && Number.isFinite(best.metric) ? { validation: best.metric } : {}) };
}

/** Shown while runs are compared side by side on test metrics: choose by validation, not by test. */
export function TestChoiceNote({ runIds }: { runIds: string[] }) {
  const runs = useStudio((s) => s.doc.runs ?? NO_RUNS);
  const w = testChoiceWarning(runs.filter((r) => runIds.includes(r.id)).map(score));
  return w ? <GuideNote warning={w} /> : null;
}
