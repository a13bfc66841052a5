import { NO_RUNS } from '../../store/modeling';
import { useShallow } from 'zustand/react/shallow';
import { useState } from 'react';
import { worstPredictions, type ClassificationReport, type RegressionReport } from '../../core/metrics';
import { getModelInfo } from '../../core/models/catalog';
import { effectiveType } from '../../core/data/schema';
import { actions, useStudio } from '../../store';
import { ClassificationView } from './classification-view';
import { RegressionView } from './regression-view';
import { RowsTable } from './rows-table';
import { PredictionForm } from '../shared/prediction-form';
import { fmtNum } from '../shared/format';
import { TextPlayground } from '../shared/text-playground';
import { MisclassifiedTexts } from './misclassified-texts';
import { CompareRuns } from './compare/compare-runs';
import { FeedbackPanel } from './feedback-panel';
import { FairnessPanel } from './fairness/fairness-panel';
import { DecisionViews } from './inside/decision-views';
import { InsideTextPanel } from './inside-text-panel';
import { FixLoop } from './fixes/fix-loop';

const NO_COLUMNS: string[] = [];

export function EvaluateStep() {
  const runs = useStudio(useShallow((s) => (s.doc.runs ?? NO_RUNS).filter((r) => r.metrics && r.test)));
  const schema = useStudio((s) => s.doc.schema);
  const target = useStudio((s) => s.doc.features?.spec.target);
  const textColumns = useStudio(useShallow((s) => s.doc.features?.artifact?.fitted.text?.columns ?? NO_COLUMNS));
  const [chosen, setChosen] = useState<string>();
  const run = runs.find((r) => r.id === chosen) ?? runs.at(-1);
  if (!run || !run.metrics || !run.test) {
    return (
      <p>
        Train a model first.{' '}
        <button type="button" className="link" onClick={() => actions.goToStep('train')}>
          Go to Train
        </button>
      </p>
    );
  }
  const m = run.metrics;
  const t = run.test;
  const K = m.kind === 'classification' ? (m as ClassificationReport).classNames.length : 1;
  const worst = Array.from(
    m.kind === 'classification' ? worstPredictions({ kind: 'classification', yTrue: Int32Array.from(t.y), proba: t.predictions, numClasses: K }, 10) : worstPredictions({ kind: 'regression', yTrue: t.y, yPred: t.predictions }, 10),
  );
  const worstText = worst.map((i) => (m.kind === 'classification' ? `true ${(m as ClassificationReport).classNames[t.y[i]!]}: p=${fmtNum(t.predictions[i * K + t.y[i]!]!, 3)}` : `actual ${fmtNum(t.y[i]!, 4)}, predicted ${fmtNum(t.predictions[i]!, 4)}`));
  return (
    <>
      <label>
        Run{' '}
        <select value={run.id} onChange={(e) => setChosen(e.target.value)}>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              #{r.number} {getModelInfo(r.family)?.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">All numbers are measured on the {t.y.length} test rows, which the model never saw while training or tuning.</p>
      {m.kind === 'classification' ? <ClassificationView run={run} m={m as ClassificationReport} /> : <RegressionView run={run} m={m as RegressionReport} />}
      <section aria-label="Worst predictions">
        <h3>Worst predictions</h3>
        <RowsTable rows={worst.map((i) => t.rows[i]!)} extra={{ label: 'result', values: worstText }} />
      </section>
      {m.kind === 'classification' && textColumns.length > 0 && <MisclassifiedTexts key={`m${run.id}`} runId={run.id} classNames={(m as ClassificationReport).classNames} textColumns={textColumns} test={t} />}
      {textColumns.length > 0 && m.kind === 'classification' && <TextPlayground key={`p${run.id}`} textColumns={textColumns} source={{ runId: run.id }} />}
      <DecisionViews key={`d${run.id}`} run={run} textColumns={textColumns} />
      {textColumns.length > 0 && m.kind === 'classification' && <InsideTextPanel key={`i${run.id}`} runId={run.id} family={run.family} textColumns={textColumns} />}
      <FairnessPanel key={`f${run.id}`} run={run} textColumns={textColumns} />
      <PredictionForm key={run.id} source={{ runId: run.id }} columns={schema.filter((c) => c.name !== target).map((c) => ({ name: c.name, type: effectiveType(c) }))} />
      <CompareRuns />
      <FeedbackPanel run={run} />
      <FixLoop key={`x${run.id}`} run={run} />
      <div className="next-row">
        <button type="button" onClick={() => actions.goToStep('export')}>
          Next: export →
        </button>
      </div>
    </>
  );
}
