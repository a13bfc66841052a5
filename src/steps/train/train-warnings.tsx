import { useMemo } from 'react';
import type { BatchLog } from '../../core/jobs';
import type { ClassificationReport } from '../../core/metrics';
import { divergenceWarning, imbalanceWarning, overfittingWarning } from '../../core/guide';
import type { RunRecord } from '../../store/modeling';
import { GuideNote } from '../../ui/guide-note';

/**
 * Warnings read off the run shown: overfitting on the curves, a diverging loss, and (once tested)
 * imbalanced classes while the only live metric is accuracy.
 */
export function TrainWarnings({ run, batches, unit }: { run: RunRecord; batches: BatchLog[]; unit: 'epoch' | 'round' }) {
  const warnings = useMemo(() => {
    const losses = [...batches.map((b) => b.smoothedLoss), ...run.epochs.map((e) => e.trainLoss)];
    const fromBatches = batches.length > 0 ? batches.map((b) => b.smoothedLoss) : run.epochs.map((e) => e.trainLoss);
    const m = run.metrics;
    // Cross-entropy of guessing each of K classes with 1/K; regression losses have no fixed scale.
    const knowNothing = m?.kind === 'classification' ? Math.log((m as ClassificationReport).classNames.length) : undefined;
    const out = [
      overfittingWarning(run.epochs, unit),
      // Batches arrive first while running; after a reload only the epochs are left.
      divergenceWarning(losses.some((l) => !Number.isFinite(l)) ? losses : fromBatches, unit === 'epoch' ? run.hp.learningRate : undefined, unit === 'epoch' ? knowNothing : undefined),
    ];
    if (m?.kind === 'classification' && run.epochs[0]?.metricName === 'accuracy') {
      out.push(imbalanceWarning((m as ClassificationReport).perClass.map((c) => ({ name: c.name, count: c.support }))));
    }
    return out.filter((w) => w !== undefined);
  }, [run, batches, unit]);
  if (warnings.length === 0) return null;
  return (
    <section aria-label="Warnings about this run" className="guide-warnings">
      {warnings.map((w) => (
        <GuideNote key={w.kind} warning={w} />
      ))}
    </section>
  );
}
