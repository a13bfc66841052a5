import type { FairnessAuditRecord } from '../../../core/jobs';
import { MIN_GROUP_ROWS, type ClassificationAudit, type Gap, type RegressionAudit } from '../../../core/metrics/fairness';
import { fmtNum } from '../../shared/format';

/** The gaps, each with its definition in one sentence (Fairlearn's). */
export const GAP_TEXT = {
  demographicParityDifference: ['Demographic parity difference', 'The largest selection rate of a group minus the smallest: 0 when every group is predicted positive equally often.'],
  demographicParityRatio: ['Demographic parity ratio', 'The smallest selection rate divided by the largest: 1 is parity; below 0.8 fails the "four-fifths rule" of US hiring guidelines.'],
  equalizedOddsDifference: ['Equalized odds difference', 'The larger of the true-positive-rate gap and the false-positive-rate gap between groups: 0 when the model is right and wrong at the same rates for every group.'],
  equalOpportunityDifference: ['Equal opportunity difference', 'The largest true-positive rate of a group minus the smallest: 0 when actual positives are found equally often in every group.'],
  maeDifference: ['MAE difference', 'The largest mean absolute error of a group minus the smallest: 0 when the model is equally accurate for every group.'],
  meanResidualDifference: ['Mean residual difference', 'The largest mean of (actual − predicted) minus the smallest: 0 when no group is systematically under- or over-predicted more than another.'],
} as const;

type GapKey = keyof typeof GAP_TEXT;

const gapsOf = (a: ClassificationAudit | RegressionAudit): [GapKey, Gap][] =>
  a.kind === 'classification'
    ? (['demographicParityDifference', 'demographicParityRatio', 'equalizedOddsDifference', 'equalOpportunityDifference'] as const).map((k) => [k, a.gaps[k]])
    : (['maeDifference', 'meanResidualDifference'] as const).map((k) => [k, a.gaps[k]]);

export const gapTestId = (k: string) => `gap-${k}`;

function GapList({ audit }: { audit: ClassificationAudit | RegressionAudit }) {
  return (
    <dl className="fairness-gaps">
      {gapsOf(audit).map(([k, g]) => (
        <div key={k}>
          <dt>{GAP_TEXT[k][0]}</dt>
          <dd>
            <strong data-testid={gapTestId(k)}>{fmtNum(g.value, 3)}</strong>
            {g.min !== undefined && g.min !== g.max && (
              <span className="muted small">
                {' '}
                ({k === 'demographicParityRatio' ? `${g.min} / ${g.max}` : `${g.max} − ${g.min}`})
              </span>
            )}
            <br />
            <span className="muted small">{GAP_TEXT[k][1]}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ClassTable({ audit, positive }: { audit: ClassificationAudit; positive: string }) {
  const rows = [...audit.groups, audit.overall];
  return (
    <table className="per-class fairness-table" aria-label="Per-group fairness">
      <thead>
        <tr>
          <th>Group</th>
          <th>Rows</th>
          <th title={`Share of rows whose true class is ${positive}`}>Base rate</th>
          <th title={`Share predicted ${positive}`}>Selection rate</th>
          <th>Accuracy</th>
          <th>Precision</th>
          <th title="True-positive rate">Recall (TPR)</th>
          <th title="False-positive rate">FPR</th>
          <th title={`Mean predicted probability of ${positive}, to compare with the base rate`}>Mean p({positive})</th>
          <th title="Mean p − base rate: above 0, the model over-predicts the class for this group">Calibration gap</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => (
          <tr key={g.group} className={g === audit.overall ? 'avg' : g.count < MIN_GROUP_ROWS ? 'small-group' : undefined}>
            <th>{g === audit.overall ? 'All test rows' : g.group}</th>
            <td>{g.count}</td>
            <td>{fmtNum(g.baseRate, 3)}</td>
            <td>{fmtNum(g.selectionRate, 3)}</td>
            <td>{fmtNum(g.accuracy, 3)}</td>
            <td>{fmtNum(g.precision, 3)}</td>
            <td>{fmtNum(g.tpr, 3)}</td>
            <td>{fmtNum(g.fpr, 3)}</td>
            <td>{fmtNum(g.meanProbability, 3)}</td>
            <td>{fmtNum(g.calibrationGap, 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RegressionTable({ audit }: { audit: RegressionAudit }) {
  return (
    <table className="per-class fairness-table" aria-label="Per-group fairness">
      <thead>
        <tr>
          <th>Group</th>
          <th>Rows</th>
          <th>MAE</th>
          <th title="Mean of actual − predicted: above 0, the model under-predicts for this group">Mean residual</th>
          <th>Mean actual</th>
          <th>Mean predicted</th>
        </tr>
      </thead>
      <tbody>
        {[...audit.groups, audit.overall].map((g) => (
          <tr key={g.group} className={g === audit.overall ? 'avg' : g.count < MIN_GROUP_ROWS ? 'small-group' : undefined}>
            <th>{g === audit.overall ? 'All test rows' : g.group}</th>
            <td>{g.count}</td>
            <td>{fmtNum(g.mae, 4)}</td>
            <td>{fmtNum(g.meanResidual, 4)}</td>
            <td>{fmtNum(g.meanActual, 4)}</td>
            <td>{fmtNum(g.meanPredicted, 4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One audit: the per-group table, the gaps with their definitions, the warnings. */
export function AuditView({ record }: { record: FairnessAuditRecord }) {
  const a = record.audit;
  return (
    <div className="fairness-audit">
      <p className="muted small">
        Run #{record.runNumber}, grouped by {record.columns.join(' and ')}
        {a.kind === 'classification' && record.positiveLabel !== undefined && <>; rates are about the class “{record.positiveLabel}”</>}
        {record.binned.length > 0 && <>; {record.binned.join(', ')} cut at {record.binned.length === 1 ? 'its' : 'their'} quartiles</>}.
      </p>
      <div className="fairness-table-wrap">{a.kind === 'classification' ? <ClassTable audit={a} positive={record.positiveLabel ?? ''} /> : <RegressionTable audit={a} />}</div>
      <GapList audit={a} />
      {a.warnings.length > 0 && (
        <ul className="fairness-warnings" aria-label="Fairness warnings">
          {a.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
