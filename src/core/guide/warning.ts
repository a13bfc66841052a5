/** A plain-language warning, shown at the moment it matters (see core/guide/*-check.ts). */
export interface GuideWarning {
  /** Stable id, one per kind of mistake: 'leakage', 'tiny-validation', 'imbalance', 'overfitting', 'divergence', 'test-choice'. */
  kind: 'leakage' | 'tiny-validation' | 'imbalance' | 'overfitting' | 'divergence' | 'test-choice';
  title: string;
  /** What we saw and what to do, in words a student understands. */
  message: string;
  /** The rule that fired, so the warning can be checked and argued with. */
  rule: string;
  /** Glossary ids to link. */
  terms: string[];
}

export const pct = (x: number, digits = 0) => `${(100 * x).toFixed(digits)}%`;
