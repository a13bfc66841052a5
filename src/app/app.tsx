import { useEffect } from 'react';
import { actions, STEPS, useStudio, type StepId } from '../store';
import { Stepper } from './stepper';
import { DropOverlay } from './drop-overlay';
import { StepIntro } from './step-intro';
import { JobStatus } from './job-status';
import { ErrorBoundary } from './error-boundary';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { UploadStep } from '../steps/upload/upload-step';
import { CleanStep } from '../steps/clean/clean-step';
import { EncodeStep } from '../steps/encode/encode-step';
import { ModelStep } from '../steps/model/model-step';
import { TrainStep } from '../steps/train/train-step';
import { EvaluateStep } from '../steps/evaluate/evaluate-step';
import { ExportStep } from '../steps/export/export-step';
import { LmView } from '../steps/lm/lm-view';
import type { ComponentType } from 'react';

/** The table of steps: a new built step is one line here and one in store/steps.ts. */
const STEP_VIEWS: Partial<Record<StepId, ComponentType>> = {
  upload: UploadStep,
  clean: CleanStep,
  encode: EncodeStep,
  model: ModelStep,
  train: TrainStep,
  evaluate: EvaluateStep,
  export: ExportStep,
};

export function App() {
  const step = useStudio((s) => s.doc.step);
  const restoring = useStudio((s) => s.restoring);
  const lmOpen = useStudio((s) => s.doc.lm?.open ?? false);
  useEffect(() => {
    void actions.restore().then(() => {
      const sample = new URLSearchParams(window.location.search).get('sample');
      if (sample) void loadSampleById(sample);
    });
  }, []);
  const info = STEPS.find((s) => s.id === step)!;
  const View = STEP_VIEWS[step];
  return (
    <div className="app">
      <header className="app-header">
        <h1>ML Studio</h1>
        <p className="privacy" title="Nothing you load is uploaded: parsing, training and storage all happen in this browser.">
          Your data stays on this device
        </p>
        <nav className="view-switch" aria-label="Studio mode">
          <button type="button" className="secondary" aria-pressed={!lmOpen} onClick={() => actions.openLm(false)}>
            Pipeline
          </button>
          <button type="button" className="secondary" aria-pressed={lmOpen} onClick={() => actions.openLm(true)}>
            Language model
          </button>
        </nav>
        <ConfirmDialog
          trigger={<button type="button" className="secondary">New project</button>}
          title="Start a new project?"
          description="This removes the current dataset, its cleaning recipe and all settings from this browser. It cannot be undone."
          confirmLabel="Start over"
          onConfirm={() => void actions.startNewProject()}
        />
      </header>
      {lmOpen && !restoring ? (
        <main className="step-panel">
          <ErrorBoundary key="lm" onReset={() => actions.openLm(false)}>
            <LmView />
          </ErrorBoundary>
        </main>
      ) : (
        <>
          <Stepper />
          <main className="step-panel">
            <StepIntro step={info} />
            <JobStatus />
            {restoring ? (
              <p className="muted">Restoring your project…</p>
            ) : View ? (
              <ErrorBoundary key={step} onReset={() => actions.goToStep('upload')}>
                <View />
              </ErrorBoundary>
            ) : (
              <section className="not-built">
                <p>
                  <strong>This step is not built yet.</strong> It will come in a later version of ML Studio.
                </p>
              </section>
            )}
          </main>
          <DropOverlay />
        </>
      )}
    </div>
  );
}

async function loadSampleById(id: string) {
  const res = await fetch('samples/index.json');
  const list = (await res.json()) as Parameters<typeof actions.loadSample>[0][];
  const sample = list.find((s) => s.id === id);
  if (sample?.kind === 'corpus') await actions.lmUseSample(sample);
  else if (sample) await actions.loadSample(sample);
}
