/**
 * The model card's "Fairness audits" section: every audit of the exported run (per-group table,
 * gaps with their definitions, warnings) and its counterfactual swaps, as Markdown.
 */
import type { ClassificationAudit, RegressionAudit } from '../metrics/fairness';

export interface ModelCardAudit {
  /** e.g. "Run #2 with per-group thresholds (equal selection rate)". */
  title: string;
  columns: string[];
  positiveLabel?: string;
  audit: ClassificationAudit | RegressionAudit;
  /** A sentence about the audit (what the thresholds were; that the bundle does not apply them). */
  note?: string;
}

export interface ModelCardSwaps {
  pairs: (readonly [string, string])[];
  texts: number;
  changed: number;
  flips: number;
  meanChange: number;
  maxChange: number;
}

export interface ModelCardFairness {
  audits: ModelCardAudit[];
  swaps?: ModelCardSwaps;
}

type Esc = (text: string) => string;

const num = (v: number | null): string => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toPrecision(3));

const GAP_LINES: Record<string, string> = {
  demographicParityDifference: 'demographic parity difference (largest − smallest selection rate)',
  demographicParityRatio: 'demographic parity ratio (smallest / largest selection rate)',
  equalizedOddsDifference: 'equalized odds difference (larger of the TPR and FPR gaps)',
  equalOpportunityDifference: 'equal opportunity difference (largest − smallest TPR)',
  maeDifference: 'MAE difference (largest − smallest group MAE)',
  meanResidualDifference: 'mean residual difference (largest − smallest mean of actual − predicted)',
};

function auditLines(a: ModelCardAudit, esc: Esc): string[] {
  const r = a.audit;
  const head = [`### ${esc(a.title)}`, '', `Groups by ${a.columns.map(esc).join(' and ')}${a.positiveLabel !== undefined ? `; rates about the class “${esc(a.positiveLabel)}”` : ''}.`, ...(a.note ? ['', esc(a.note)] : []), ''];
  const table =
    r.kind === 'classification'
      ? [
          '| group | rows | base rate | selection rate | accuracy | precision | TPR | FPR | mean p |',
          '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
          ...[...r.groups, r.overall].map((g) => `| ${g === r.overall ? 'all' : esc(g.group)} | ${g.count} | ${num(g.baseRate)} | ${num(g.selectionRate)} | ${num(g.accuracy)} | ${num(g.precision)} | ${num(g.tpr)} | ${num(g.fpr)} | ${num(g.meanProbability)} |`),
        ]
      : ['| group | rows | MAE | mean residual |', '|---|---:|---:|---:|', ...[...r.groups, r.overall].map((g) => `| ${g === r.overall ? 'all' : esc(g.group)} | ${g.count} | ${num(g.mae)} | ${num(g.meanResidual)} |`)];
  const gaps = Object.entries(r.gaps)
    .filter(([k]) => k in GAP_LINES)
    .map(([k, g]) => `- ${GAP_LINES[k]}: ${num(g.value)}`);
  return [...head, ...table, '', ...gaps, ...r.warnings.map((w) => `- Warning: ${esc(w)}`), ''];
}

export function fairnessSection(f: ModelCardFairness | undefined, esc: Esc): string[] {
  if (!f || (f.audits.length === 0 && !f.swaps)) return [];
  const s = f.swaps;
  return [
    '## Fairness audits',
    '',
    'Measured on the test split with ML Studio\'s fairness panel; gaps follow Fairlearn\'s definitions.',
    '',
    ...f.audits.flatMap((a) => auditLines(a, esc)),
    ...(s
      ? [
          '### Counterfactual swaps',
          '',
          `Terms swapped: ${s.pairs.map(([x, y]) => `${esc(x)} ↔ ${esc(y)}`).join(', ')}.`,
          `${s.changed} of ${s.texts} test texts contained a term; ${s.flips} prediction${s.flips === 1 ? '' : 's'} flipped; the predicted class's probability changed by ${num(s.meanChange)} on average (largest ${num(s.maxChange)}).`,
          '',
        ]
      : []),
  ];
}
