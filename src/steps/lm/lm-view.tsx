import './lm.css';
import { actions, useStudio } from '../../store';
import { ProblemBanner } from '../../ui/problem-banner';
import { ProgressBar } from '../../ui/progress-bar';
import { CorpusPanel } from './corpus-panel';
import { ModelPanel } from './model-panel';
import { TrainPanel } from './train-panel';
import { GeneratePanel } from './generate-panel';
import { ExportPanel } from './export-panel';
import { InsidePanel } from './inside-panel';
import { PretrainedPanel } from './pretrained-panel';

/** The language-model view: a small GPT trained on your text, beside the 7-step pipeline. */
export function LmView() {
  const problem = useStudio((s) => s.lm?.problem);
  const job = useStudio((s) => s.lm?.job);
  const probing = useStudio((s) => s.lm?.probing ?? false);
  const locked = useStudio((s) => !!s.lm?.live || (!!s.lm?.job && !s.lm?.probing));
  return (
    <div className="lm-view">
      <header className="step-intro">
        <h2>Language model</h2>
        <p>
          Train a small GPT on any text, right here: watch the loss fall and its writing turn from noise into words, then generate text and take the model with you. Everything runs on this
          device.
        </p>
      </header>
      {problem && <ProblemBanner title={problem.message} {...(problem.hint ? { hint: problem.hint } : {})} onDismiss={actions.lmDismissProblem} />}
      {job && !probing && <ProgressBar label={job.label} done={job.done} total={job.total} />}
      <CorpusPanel locked={locked} />
      <ModelPanel locked={locked} />
      <TrainPanel />
      <GeneratePanel />
      <InsidePanel />
      <ExportPanel />
      <PretrainedPanel />
    </div>
  );
}
