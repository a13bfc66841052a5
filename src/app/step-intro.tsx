import './step-guide.css';
import { useState } from 'react';
import { LearnMore } from '../ui/learn-more';
import { Term } from '../ui/glossary/term';
import type { StepInfo } from '../store/pipeline';
import { STEP_GUIDES, type GuideText } from './step-guide';

const KEY = 'ml-studio:step-guide-closed';

/** Steps whose guide panel the user closed; kept in localStorage (UI state, not the project). */
function closedSteps(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function remember(step: string, open: boolean) {
  const rest = closedSteps().filter((s) => s !== step);
  try {
    localStorage.setItem(KEY, JSON.stringify(open ? rest : [...rest, step]));
  } catch {
    // Storage refused (private mode, quota): the panel still works, it is just not remembered.
  }
}

function Sentence({ parts }: { parts: GuideText[] }) {
  return (
    <>
      {parts.map((p, i) => (typeof p === 'string' ? <span key={i}>{p}</span> : <Term key={i} id={p.term}>{p.text}</Term>))}
    </>
  );
}

/** Every step explains itself in a sentence or two, with a "learn more" expander and a guide panel. */
export function StepIntro({ step }: { step: StepInfo }) {
  return (
    <header className="step-intro">
      <h2>{step.title}</h2>
      <p>{step.intro}</p>
      <LearnMore>{step.more}</LearnMore>
      <StepGuidePanel key={step.id} step={step.id} />
    </header>
  );
}

/** "What is this step for / what should I look for": open until the user closes it, per step. */
function StepGuidePanel({ step }: { step: StepInfo['id'] }) {
  const guide = STEP_GUIDES[step];
  const [open, setOpen] = useState(() => !closedSteps().includes(step));
  return (
    <details
      className="step-guide"
      open={open}
      onToggle={(e) => {
        const now = e.currentTarget.open;
        if (now !== open) {
          setOpen(now);
          remember(step, now);
        }
      }}
    >
      <summary>What is this step for, and what should I look for?</summary>
      <div className="step-guide-body" data-testid="step-guide">
        <p>
          <strong>For: </strong>
          <Sentence parts={guide.forWhat} />
        </p>
        <p>
          <strong>Look for:</strong>
        </p>
        <ul>
          {guide.lookFor.map((line, i) => (
            <li key={i}>
              <Sentence parts={line} />
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
