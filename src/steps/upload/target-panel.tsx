import { useMemo } from 'react';
import { ColumnPicker } from '../../ui/column-picker';
import type { TaskKind } from '../../core/data/schema';
import { actions, useStudio } from '../../store';
import { chosenTask } from '../../store/selectors';
import { CountChart } from '../../ui/lazy-charts';
import { fmtInt, fmtNum } from '../shared/format';

/** "What do you want to predict?": choose the target, see its balance, confirm or change the task. */
export function TargetPanel() {
  const columns = useStudio((s) => s.doc.clean?.schema ?? s.doc.schema);
  const columnNames = useMemo(() => columns.map((c) => c.name), [columns]);
  const target = useStudio((s) => s.doc.target);
  const summary = useStudio((s) => s.targetSummary?.summary);
  const task = useStudio(chosenTask);
  return (
    <section className="target-panel" aria-labelledby="target-title">
      <h3 id="target-title">What do you want to predict?</h3>
      <ColumnPicker label="Target column" columns={columnNames} value={target?.column ?? ''} onChange={(c) => void actions.setTarget(c || undefined)} />
      {target && summary && summary.column === target.column && (
        <div className="target-summary">
          <p>
            {summary.task ? (
              <>
                Proposed task: <strong>{summary.task}</strong> — {summary.reason}
              </>
            ) : (
              <>This column does not look like something to predict: {summary.reason}</>
            )}
            {summary.missing > 0 && <> {fmtInt(summary.missing)} rows have no value here; clean them before training.</>}
          </p>
          <fieldset className="task-choice">
            <legend>Task</legend>
            {(['classification', 'regression'] as TaskKind[]).map((t) => (
              <label key={t}>
                <input type="radio" name="task" value={t} checked={task === t} onChange={() => actions.setTaskOverride(t === summary.task ? undefined : t)} /> {t}
              </label>
            ))}
          </fieldset>
          {summary.classes && (
            <CountChart
              title={`Class balance of ${summary.column}`}
              horizontal
              bars={summary.classes.slice(0, 20).map((c) => ({ label: `${c.value} (${(c.fraction * 100).toFixed(1)}%)`, count: c.count }))}
              height={Math.max(60, Math.min(20, summary.classes.length) * 22)}
            />
          )}
          {summary.histogram && (
            <>
              <CountChart title={`Distribution of ${summary.column}`} bars={summary.histogram.map((b) => ({ label: fmtNum(b.x0), count: b.count }))} />
              {summary.numeric && (
                <p className="muted small">
                  mean {fmtNum(summary.numeric.mean)}, median {fmtNum(summary.numeric.median)}, range {fmtNum(summary.numeric.min)} to {fmtNum(summary.numeric.max)}
                </p>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
