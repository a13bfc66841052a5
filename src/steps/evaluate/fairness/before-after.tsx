import type { FairnessAuditRecord } from '../../../core/jobs';
import type { ClassificationAudit, RegressionAudit } from '../../../core/metrics/fairness';
import { fmtNum } from '../../shared/format';
import { GAP_TEXT } from './audit-view';

export function mitigationName(r: FairnessAuditRecord): string {
  const m = r.mitigation;
  if (!m) return `Run #${r.runNumber}`;
  if (m.kind === 'reweigh') return `Run #${r.runNumber}, trained reweighed by ${m.columns.join(' and ')}`;
  return `Run #${r.runNumber} with per-group thresholds (equal ${m.goal === 'tpr' ? 'true-positive rate' : 'selection rate'})`;
}

type Line = { name: string; get: (a: ClassificationAudit | RegressionAudit) => number | null };

function lines(before: ClassificationAudit | RegressionAudit): Line[] {
  if (before.kind === 'classification') {
    const c = (f: (a: ClassificationAudit) => number | null) => (a: ClassificationAudit | RegressionAudit) => (a.kind === 'classification' ? f(a) : null);
    return [
      ...(['demographicParityDifference', 'demographicParityRatio', 'equalizedOddsDifference', 'equalOpportunityDifference'] as const).map((k) => ({ name: GAP_TEXT[k][0], get: c((a) => a.gaps[k].value) })),
      { name: 'Accuracy, all test rows', get: c((a) => a.overall.accuracy) },
      ...before.groups.flatMap((g) => [
        { name: `Selection rate, ${g.group}`, get: c((a) => a.groups.find((x) => x.group === g.group)?.selectionRate ?? null) },
        { name: `TPR, ${g.group}`, get: c((a) => a.groups.find((x) => x.group === g.group)?.tpr ?? null) },
      ]),
    ];
  }
  const r = (f: (a: RegressionAudit) => number | null) => (a: ClassificationAudit | RegressionAudit) => (a.kind === 'regression' ? f(a) : null);
  return [
    { name: GAP_TEXT.maeDifference[0], get: r((a) => a.gaps.maeDifference.value) },
    { name: GAP_TEXT.meanResidualDifference[0], get: r((a) => a.gaps.meanResidualDifference.value) },
    { name: 'MAE, all test rows', get: r((a) => a.overall.mae) },
    ...before.groups.map((g) => ({ name: `MAE, ${g.group}`, get: r((a) => a.groups.find((x) => x.group === g.group)?.mae ?? null) })),
  ];
}

/** A mitigation's audit beside the audit it started from: every gap and rate, and the change. */
export function BeforeAfter({ before, after }: { before: FairnessAuditRecord; after: FairnessAuditRecord }) {
  const m = after.mitigation;
  return (
    <section className="fairness-compare" aria-label={`Before and after: ${mitigationName(after)}`}>
      <h4>{mitigationName(after)}</h4>
      {m?.kind === 'thresholds' && (
        <p className="muted small">
          Thresholds on p({after.positiveLabel}), chosen on the validation split so each group’s {m.goal === 'tpr' ? 'true-positive rate' : 'selection rate'} comes close to {fmtNum(m.target, 3)} (the whole
          validation split’s at the default decision):{' '}
          {Object.entries(m.thresholds)
            .map(([g, t]) => `${g} ${fmtNum(t, 3)}`)
            .join(', ')}
          .
        </p>
      )}
      <table className="per-class" aria-label="Before and after">
        <thead>
          <tr>
            <th>Measure</th>
            <th>Before (run #{before.runNumber})</th>
            <th>After</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {lines(before.audit).map((l) => {
            const b = l.get(before.audit);
            const a = l.get(after.audit);
            return (
              <tr key={l.name}>
                <th>{l.name}</th>
                <td>{fmtNum(b, 3)}</td>
                <td>{fmtNum(a, 3)}</td>
                <td>{b === null || a === null ? '—' : `${a - b >= 0 ? '+' : ''}${fmtNum(a - b, 3)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
