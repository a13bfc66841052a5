import { actions, STEPS, stepStatuses, useStudio, type StepStatus } from '../store';
import { useShallow } from 'zustand/react/shallow';

const STATUS_TEXT: Record<StepStatus, string> = {
  done: 'done',
  current: 'current step',
  'out-of-date': 'out of date',
  todo: 'to do',
  'not-built': 'not built yet',
};

/** The seven steps across the top: done, current, out of date, or not built yet. */
export function Stepper() {
  const statuses = useStudio(useShallow(stepStatuses));
  return (
    <nav aria-label="Pipeline steps" className="stepper">
      <ol>
        {STEPS.map((step, i) => {
          const status = statuses[step.id];
          return (
            <li key={step.id} className={`step step-${status}`}>
              <button
                type="button"
                onClick={() => actions.goToStep(step.id)}
                aria-current={status === 'current' ? 'step' : undefined}
                aria-label={`Step ${i + 1}: ${step.title} (${STATUS_TEXT[status]})`}
              >
                <span className="step-num" aria-hidden="true">{status === 'done' ? '✓' : status === 'out-of-date' ? '!' : i + 1}</span>
                <span className="step-title">{step.title}</span>
                <span className="step-status" aria-hidden="true">{STATUS_TEXT[status]}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
