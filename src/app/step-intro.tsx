import { LearnMore } from '../ui/learn-more';
import type { StepInfo } from '../store/pipeline';

/** Every step explains itself in a sentence or two, with a "learn more" expander. */
export function StepIntro({ step }: { step: StepInfo }) {
  return (
    <header className="step-intro">
      <h2>{step.title}</h2>
      <p>{step.intro}</p>
      <LearnMore>{step.more}</LearnMore>
    </header>
  );
}
