/**
 * "The test split was used for choosing": the studio shows every run's test metrics side by side
 * (Evaluate → Compare runs). Picking the winner there makes its test score optimistic, because the
 * test rows took part in the choice. The honest way is to choose by validation and read test once.
 */
import type { GuideWarning } from './warning';

export interface ComparedScore {
  label: string;
  /** The main test metric (higher is better: accuracy or R²). */
  test: number | null;
  /** The same metric on the validation split at the kept epoch, when the run logged one. */
  validation?: number;
}

export function testChoiceWarning(runs: readonly ComparedScore[]): GuideWarning | undefined {
  const scored = runs.filter((r) => r.test !== null && Number.isFinite(r.test));
  if (scored.length < 2) return undefined;
  const byTest = scored.reduce((a, b) => (b.test! > a.test! ? b : a));
  const withVal = scored.filter((r) => r.validation !== undefined && Number.isFinite(r.validation));
  const byVal = withVal.length === scored.length ? withVal.reduce((a, b) => (b.validation! > a.validation! ? b : a)) : undefined;
  const hint = byVal
    ? byVal.label === byTest.label
      ? ` Here validation agrees: ${byVal.label} is best on both.`
      : ` Here they disagree: ${byTest.label} is best on test but ${byVal.label} on validation — choose ${byVal.label}.`
    : ' Some of these runs logged no validation score; compare them on validation in the Train step.';
  return {
    kind: 'test-choice',
    title: 'Do not choose a run by its test score',
    message: `These are test scores. If you keep the run with the best test score, that score is flattered by the choice: the test rows helped pick the model, so it no longer shows how the model does on new data. Choose by the validation score, then read the chosen run's test score once.${hint}`,
    rule: 'Rule: two or more runs are compared on test metrics.',
    terms: ['test-split', 'validation-split'],
  };
}
