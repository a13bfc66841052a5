import { useEffect, useState } from 'react';
import { layoutTree, outputWords, type DrawnNode } from '../../../core/explain/tree-view';
import type { TreeModelJSON } from '../../../core/models/tree-model';
import type { ClassificationReport } from '../../../core/metrics';
import { actions } from '../../../store';
import type { RunRecord } from '../../../store/modeling';
import { ProgressBar } from '../../../ui/progress-bar';
import { TreeDrawing } from './tree-drawing';
import { JobProblem, useInsideJob } from './use-inside-job';

/** A tree of a tree model drawn, depth-limited: its rules in the columns' own units, training-row counts, leaf outputs. */
export function TreeView({ run }: { run: RunRecord }) {
  const json = run.model?.type === 'tree' ? (run.model.json as TreeModelJSON) : undefined;
  const [tree, setTree] = useState(0);
  const [maxDepth, setMaxDepth] = useState(3);
  const [job, start] = useInsideJob<'tree-counts'>(run.id);
  useEffect(() => {
    void start({ kind: 'tree-counts', tree });
  }, [start, tree]);
  const columns = actions.insideColumns();
  if (!json || !columns) return null;
  const t = json.trees[tree];
  if (!t) return null;
  const labels = run.metrics?.kind === 'classification' ? (run.metrics as ClassificationReport).classNames : [];
  const width = json.boost?.base.length ?? json.outputs;
  const kind = json.boost ? 'scores' : json.task === 'regression' ? 'value' : 'shares';
  const counts = job.state === 'done' ? job.result.counts : [];
  const layout = layoutTree(t, columns.columns, counts, width, maxDepth);
  const output = (n: DrawnNode) => {
    let cls: number | undefined;
    if (kind === 'shares') cls = n.value.indexOf(Math.max(...n.value));
    return { text: outputWords(n.value, kind, labels), ...(cls === undefined ? {} : { cls }) };
  };
  const many = json.trees.length > 1;
  const title = many ? `Tree ${tree + 1} of ${json.trees.length}` : 'The decision tree';
  return (
    <section aria-labelledby="tree-title" className="inside-panel">
      <h4 id="tree-title">The tree, drawn</h4>
      <p className="muted small">
        Each box asks one question of a row; “yes” goes left. Row counts are the training rows that reach the box.{' '}
        {kind === 'shares' ? 'A leaf predicts the most common class of its training rows (its share in brackets).' : kind === 'value' ? 'A leaf predicts the mean of its training rows.' : 'In boosting, every tree adds its leaf’s score to the running total; the sum of all trees is the prediction.'}
        {many && (json.boost ? ' The model is the sum of all its trees: this is one of them.' : ' A forest averages all its trees: this is one of them.')}
      </p>
      {many && (
        <label>
          Tree{' '}
          <select value={tree} onChange={(e) => setTree(Number(e.target.value))}>
            {json.trees.map((_, i) => (
              <option key={i} value={i}>
                {i + 1}
              </option>
            ))}
          </select>
        </label>
      )}{' '}
      <label>
        Depth shown{' '}
        <select value={maxDepth} onChange={(e) => setMaxDepth(Number(e.target.value))}>
          {[1, 2, 3, 4, 5, 6].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      {job.state === 'running' && <ProgressBar label="Counting training rows per node" done={job.done} total={job.total} />}
      {job.state === 'failed' && <JobProblem problem={job.problem} />}
      {job.state === 'done' && <TreeDrawing title={title} nodes={layout.nodes} slots={layout.slots} depth={layout.depth} output={output} />}
    </section>
  );
}
