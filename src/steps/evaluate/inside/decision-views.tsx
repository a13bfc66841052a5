import type { RunRecord } from '../../../store/modeling';
import { BoundaryView } from './boundary-view';
import { ImportanceView } from './importance-view';
import { TreeView } from './tree-view';
import './inside.css';

/** Evaluate → "Inside the model": permutation importance for every family, the tree drawn for tree models, a 2-D decision boundary. */
export function DecisionViews({ run, textColumns }: { run: RunRecord; textColumns: string[] }) {
  if (!run.model) return null;
  return (
    <section aria-labelledby="inside-title" className="inside-views">
      <h3 id="inside-title">Inside the model</h3>
      <ImportanceView key={`i${run.id}`} run={run} />
      {run.model.type === 'tree' && <TreeView key={`t${run.id}`} run={run} />}
      {textColumns.length === 0 && <BoundaryView key={`b${run.id}`} run={run} />}
    </section>
  );
}
