import { familySimplicity, primaryMetric, type CvRecord, type pickByCv } from '../../core/jobs';
import { getModelInfo } from '../../core/models/catalog';
import { Term } from '../../ui/glossary/term';
import { LearnMore } from '../../ui/learn-more';

const fmt = (v: number) => v.toFixed(4);
const label = (family: string) => getModelInfo(family)?.label ?? family;

/** Which model a cross-validation of several families picks (★, "Use the best"), and why, in plain words. */
export function CvPickNote({ record, pick }: { record: CvRecord; pick: NonNullable<ReturnType<typeof pickByCv>> }) {
  const metric = primaryMetric(record.task).label;
  const { best, picked, se, threshold } = pick;
  const order = [...record.models].sort((a, b) => familySimplicity(a.family) - familySimplicity(b.family)).map((m) => label(m.family));
  return (
    <div className="cv-pick" data-testid="cv-pick" data-picked={picked.family} data-best={best.family} data-se={se} data-threshold={threshold}>
      <p className="small">
        Best mean {metric}: {label(best.family)} ({fmt(best.summary![primaryMetric(record.task).id]!.mean)}). Picked (★) by the <Term id="one-standard-error-rule">one-standard-error rule</Term>:{' '}
        <strong>{label(picked.family)}</strong>
        {picked === best
          ? `, which has the best mean: no simpler model is within one standard error (${fmt(se)}) of it`
          : `, the simplest model whose mean is within one standard error (${fmt(se)}) of the best, that is at least ${fmt(threshold)}`}
        .
      </p>
      <LearnMore summary="Why not simply the best mean?">
        A difference smaller than the standard error (the spread of the best model’s fold scores divided by √{record.models[0]?.folds.length ?? 0} folds)
        is mostly luck: which rows fell into which fold. Among models that are that close, the simplest one is cheaper, easier to explain and less likely
        to have learned the folds’ noise. Simplest first: {order.join(', ')} (a straight-line model, then trees, ensembles of small trees before ensembles of deep ones, then a neural network). More folds or repeats shrink the standard error, so the pick leans less on
        simplicity. “Use this model” picks any other.
      </LearnMore>
    </div>
  );
}
