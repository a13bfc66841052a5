import { useState } from 'react';
import type { RecipeStep, StepReport, TextExample } from '../../core/clean/recipe';
import type { ColumnProfile } from '../../core/data/profile';
import { getOp } from '../../core/clean/registry';
import { removesRows } from '../../core/clean/op';
import { actions } from '../../store';
import { OpForm } from './op-form';
import { fmtInt } from '../shared/format';

interface Props {
  steps: RecipeStep[];
  reports: StepReport[];
  columns: string[];
  profiles: ColumnProfile[];
}

function changedText(r: StepReport | undefined): string {
  if (!r) return 'not applied yet';
  if (r.skipped) return 'skipped';
  const parts: string[] = [];
  if (r.changed.rows) parts.push(`${fmtInt(r.changed.rows)} rows`);
  if (r.changed.cells) parts.push(`${fmtInt(r.changed.cells)} cells`);
  if (r.changed.columns) parts.push(`${fmtInt(r.changed.columns)} columns`);
  return parts.length ? `changed ${parts.join(', ')} · ${fmtInt(r.rowsAfter)} rows left` : `changed nothing · ${fmtInt(r.rowsAfter)} rows`;
}

/** What a text step did, on up to 3 texts: "before → after", or the text a row filter removed. */
function Examples({ examples, step, removedRows }: { examples: TextExample[]; step: number; removedRows: boolean }) {
  return (
    <ul className="recipe-examples muted small" aria-label={`Examples of step ${step}`} style={{ margin: '0.25em 0 0', paddingLeft: '1.2em', overflowWrap: 'anywhere' }}>
      {examples.map((e, k) => (
        <li key={k}>
          <q>{e.before}</q> → {e.after === '' ? <em>{removedRows ? 'row removed' : 'empty, now missing'}</em> : <q>{e.after}</q>}
        </li>
      ))}
    </ul>
  );
}

/** The recipe: ordered steps that can be edited, reordered, disabled and removed. */
export function RecipeList({ steps, reports, columns, profiles }: Props) {
  const [editing, setEditing] = useState<string>();
  if (steps.length === 0) return <p className="muted">No cleaning steps yet. Add one below; the preview updates as you go.</p>;
  return (
    <ol className="recipe" aria-label="Cleaning recipe">
      {steps.map((step, i) => {
        const op = getOp(step.op);
        const report = reports.find((r) => r.id === step.id);
        const label = op ? op.describe(step.params) : `Unknown step "${step.op}"`;
        return (
          <li key={step.id} className={step.enabled ? 'recipe-step' : 'recipe-step disabled'} aria-label={`Step ${i + 1}: ${label}`}>
            <div className="recipe-head">
              <label className="check">
                <input type="checkbox" checked={step.enabled} onChange={() => actions.toggleStep(step.id)} aria-label={`Enable step ${i + 1}`} />
                <span className="recipe-label">{label}</span>
              </label>
              <span className="recipe-actions">
                <button type="button" className="ghost" onClick={() => actions.moveStep(step.id, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`}>
                  ↑
                </button>
                <button type="button" className="ghost" onClick={() => actions.moveStep(step.id, 1)} disabled={i === steps.length - 1} aria-label={`Move step ${i + 1} down`}>
                  ↓
                </button>
                <button type="button" className="ghost" onClick={() => setEditing(editing === step.id ? undefined : step.id)} aria-label={`Edit step ${i + 1}`}>
                  Edit
                </button>
                <button type="button" className="ghost" onClick={() => actions.removeStep(step.id)} aria-label={`Remove step ${i + 1}`}>
                  Remove
                </button>
              </span>
            </div>
            <div className="recipe-report muted small">{step.enabled ? changedText(report) : 'disabled'}</div>
            {step.enabled && !report?.skipped && report?.examples && <Examples examples={report.examples} step={i + 1} removedRows={!!op && removesRows(op, step.params)} />}
            {report?.problems.map((p, k) => (
              <div key={k} className="recipe-problem" role="note">
                {p.message} {p.hint}
              </div>
            ))}
            {editing === step.id && (
              <OpForm
                op={step.op}
                initial={step.params as Record<string, unknown>}
                columns={columns}
                profiles={profiles}
                submitLabel="Save"
                onSubmit={(params) => {
                  actions.updateStep(step.id, params);
                  setEditing(undefined);
                }}
                onCancel={() => setEditing(undefined)}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}
