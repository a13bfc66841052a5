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

interface GroupRow {
  group: string;
  count: number;
}

/** A column of the per-group table: its heading (with a tooltip) and each group's cell. */
type Column<G> = [head: string, cell: (g: G) => string | number, title?: string];

/** The per-group table: one row per group, then the whole test split; groups too small to trust are marked. */
function GroupTable<G extends GroupRow>({ groups, overall, columns }: { groups: G[]; overall: G; columns: Column<G>[] }) {
  return (
    <table className="per-class fairness-table" aria-label="Per-group fairness">
      <thead>
        <tr>
          <th>Group</th>
          <th>Rows</th>
          {columns.map(([head, , title]) => <th key={head} title={title}>{head}</th>)}
        </tr>
      </thead>
      <tbody>
        {[...groups, overall].map((g) => (
          <tr key={g.group} className={g === overall ? 'avg' : g.count < MIN_GROUP_ROWS ? 'small-group' : undefined}>
            <th>{g === overall ? 'All test rows' : g.group}</th>
            <td>{g.count}</td>
            {columns.map(([head, cell]) => <td key={head}>{cell(g)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type ClassGroup = ClassificationAudit['overall'];
type RegressionGroup = RegressionAudit['overall'];

function ClassTable({ audit, positive }: { audit: ClassificationAudit; positive: string }) {
  const columns: Column<ClassGroup>[] = [
    ['Base rate', (g) => fmtNum(g.baseRate, 3), `Share of rows whose true class is ${positive}`],
    ['Selection rate', (g) => fmtNum(g.selectionRate, 3), `Share predicted ${positive}`],
    ['Accuracy', (g) => fmtNum(g.accuracy, 3)],
    ['Precision', (g) => fmtNum(g.precision, 3)],
    ['Recall (TPR)', (g) => fmtNum(g.tpr, 3), 'True-positive rate'],
    ['FPR', (g) => fmtNum(g.fpr, 3), 'False-positive rate'],
    [`Mean p(${positive})`, (g) => fmtNum(g.meanProbability, 3), `Mean predicted probability of ${positive}, to compare with the base rate`],
    ['Calibration gap', (g) => fmtNum(g.calibrationGap, 3), 'Mean p − base rate: above 0, the model over-predicts the class for this group'],
  ];
  return <GroupTable groups={audit.groups} overall={audit.overall} columns={columns} />;
}

const REGRESSION_COLUMNS: Column<RegressionGroup>[] = [
  ['MAE', (g) => fmtNum(g.mae, 4)],
  ['Mean residual', (g) => fmtNum(g.meanResidual, 4), 'Mean of actual − predicted: above 0, the model under-predicts for this group'],
  ['Mean actual', (g) => fmtNum(g.meanActual, 4)],
  ['Mean predicted', (g) => fmtNum(g.meanPredicted, 4)],
];

function RegressionTable({ audit }: { audit: RegressionAudit }) {
  return <GroupTable groups={audit.groups} overall={audit.overall} columns={REGRESSION_COLUMNS} />;
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
