import { useMemo } from 'react';
import { divergenceWarning, overfittingWarning } from '../../core/guide';
import type { LmRun } from '../../store/lm-doc';
import { GuideNote } from '../../ui/guide-note';

/**
 * The language model's run, read like the pipeline's curves: validation loss rising over
 * evaluations while training loss falls (overfitting the text), and a loss that blows up
 * (NaN, or 10× a know-nothing model's ln(vocabulary size)).
 */
export function LmWarnings({ run, points }: { run: LmRun; points: [number, number][] }) {
  const warnings = useMemo(() => {
    const evals = run.evals.map((e, i) => ({ epoch: i + 1, trainLoss: e.trainLoss, valLoss: e.valLoss }));
    const losses = [...run.losses, ...points].map(([, l]) => l);
    return [overfittingWarning(evals, 'evaluation'), divergenceWarning(losses, run.settings.learningRate, Math.log(run.config.vocabSize))].filter((w) => w !== undefined);
  }, [run, points]);
  return warnings.map((w) => <GuideNote key={w.kind} warning={w} />);
}
