import { useState } from 'react';
import type { ColumnProfile } from '../../core/data/profile';
import { listOps } from '../../core/clean/registry';
import { actions } from '../../store';
import { OpForm } from './op-form';
import { initialParams } from './op-fields';

/** Pick an operation, fill in its form, add it to the end of the recipe. */
export function AddStep({ columns, profiles }: { columns: string[]; profiles: ColumnProfile[] }) {
  const ops = listOps();
  const [op, setOp] = useState(ops[0]?.type ?? '');
  const def = ops.find((o) => o.type === op);
  return (
    <section className="add-step" aria-labelledby="add-step-title">
      <h3 id="add-step-title">Add a cleaning step</h3>
      <label>
        Operation{' '}
        <select value={op} onChange={(e) => setOp(e.target.value)}>
          {ops.map((o) => (
            <option key={o.type} value={o.type}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      {def && <p className="muted small">{def.summary}</p>}
      <OpForm key={op} op={op} initial={initialParams(op)} columns={columns} profiles={profiles} submitLabel="Add step" onSubmit={(params) => actions.addStep(op, params)} />
    </section>
  );
}
