import { Suspense, useEffect } from 'react';
import { actions, STEPS, useStudio } from '../store';
import { Stepper } from './stepper';
import { DropOverlay } from './drop-overlay';
import { StepIntro } from './step-intro';
import { JobStatus } from './job-status';
import { ErrorBoundary } from './error-boundary';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { StorageNotices } from './storage-notices';
import { GlossaryButton } from './glossary-button';
import { useFocusHeadingOnChange } from './step-focus';
import { LmView, Seq2seqView, prefetchLm, prefetchNeighbours, STEP_VIEWS, ViewSkeleton } from './views';

export function App() {
  const step = useStudio((s) => s.doc.step);
  const restoring = useStudio((s) => s.restoring);
  const s2sOpen = useStudio((s) => s.doc.seq2seq?.open ?? false);
  const lmOpen = useStudio((s) => !s2sOpen && (s.doc.lm?.open ?? false));
  useEffect(() => {
    void actions.restore().then(() => {
      const sample = new URLSearchParams(window.location.search).get('sample');
      if (sample) void loadSampleById(sample);
    });
  }, []);
  // Once the current view is up, fetch the code of the steps next to it while the user reads.
  useEffect(() => {
    if (restoring || lmOpen) return;
    const t = setTimeout(() => prefetchNeighbours(step), 1000);
    return () => clearTimeout(t);
  }, [step, restoring, lmOpen]);
  useFocusHeadingOnChange(lmOpen ? 'lm' : step);
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
          <button type="button" className="secondary" aria-pressed={!lmOpen && !s2sOpen} onClick={() => (actions.openSeq2seq(false), actions.openLm(false))}>
            Pipeline
          </button>
          <button type="button" className="secondary" aria-pressed={lmOpen} onPointerEnter={prefetchLm} onFocus={prefetchLm} onClick={() => (actions.openSeq2seq(false), actions.openLm(true))}>
            Language model
          </button>
          <button type="button" className="secondary" aria-pressed={s2sOpen} onClick={() => actions.openSeq2seq(true)}>
            Sequence to sequence
          </button>
        </nav>
        <GlossaryButton />
        <ConfirmDialog
          trigger={<button type="button" className="secondary">New project</button>}
          title="Start a new project?"
          description="This removes the current dataset, its cleaning recipe and all settings from this browser. It cannot be undone."
          confirmLabel="Start over"
          onConfirm={() => void actions.startNewProject()}
        />
      </header>
      <StorageNotices />
      {s2sOpen && !restoring ? (
        <main className="step-panel">
          <ErrorBoundary key="seq2seq" onReset={() => actions.openSeq2seq(false)}>
            <Suspense fallback={<ViewSkeleton />}>
              <Seq2seqView />
            </Suspense>
          </ErrorBoundary>
        </main>
      ) : lmOpen && !restoring ? (
        <main className="step-panel">
          <ErrorBoundary key="lm" onReset={() => actions.openLm(false)}>
            <Suspense fallback={<ViewSkeleton />}>
              <LmView />
            </Suspense>
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
                <Suspense fallback={<ViewSkeleton />}>
                  <View />
                </Suspense>
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
  else if (sample?.kind === 'pairs') await actions.s2sUseSample(sample);
  else if (sample) await actions.loadSample(sample);
}
