import './seq2seq.css';
import { useEffect } from 'react';
import type { S2sStoredPart } from '../../core/jobs';
import { actions, useStudio } from '../../store';
import { ProblemBanner } from '../../ui/problem-banner';
import { ProgressBar } from '../../ui/progress-bar';
import { DataPanel } from './data-panel';
import { SettingsPanel } from './settings-panel';
import { TrainPanel } from './train-panel';
import { ResultsPanel } from './results-panel';
import { Playground } from './playground';
import { BundlePanel } from './bundle-panel';
import { TokenizersPanel } from './tokenizers-panel';
import { S2sReproducePanel } from './reproduce-panel';

/** The sequence-to-sequence view: a T5-style encoder–decoder trained on pairs, beside the pipeline and the LM view. */
export function Seq2seqView() {
  const problem = useStudio((s) => s.s2s?.problem);
  const job = useStudio((s) => s.s2s?.job);
  const locked = useStudio((s) => !!s.s2s?.live);
  const unsaved = useStudio((s) => s.s2s?.unsaved);
  useEffect(() => void actions.s2sRestore(), []);
  return (
    <div className="s2s-view">
      <header className="step-intro">
        <h2>Sequence to sequence</h2>
        <p>
          Train a small encoder–decoder (T5-style) that turns one text into another — spelling into sounds, a sentence into its translation — then measure it on held-out pairs and try it. Everything
          runs on this device.
        </p>
      </header>
      {problem && <ProblemBanner title={problem.message} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={actions.s2sDismissProblem} />}
      {/* What the worker could not store for a reload (storage full…), as autosave's notice does for the project. */}
      {unsaved &&
        (Object.entries(unsaved) as [S2sStoredPart, { message: string; hint?: string }][]).map(([part, p]) => (
          <ProblemBanner key={part} title={p.message} {...(p.hint ? { hint: p.hint } : {})} onDismiss={() => actions.s2sDismissUnsaved(part)} />
        ))}
      {job && <ProgressBar label={job.label} done={job.done} total={job.total} />}
      <DataPanel locked={locked} />
      <SettingsPanel locked={locked} />
      <TrainPanel />
      <ResultsPanel />
      <S2sReproducePanel />
      <TokenizersPanel />
      <Playground />
      <BundlePanel />
    </div>
  );
}
