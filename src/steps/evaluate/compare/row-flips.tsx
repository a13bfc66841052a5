import { useMemo, useState } from 'react';
import { errorChanges, predictionFlips, sameTestRows, type Flip } from '../../../core/metrics/compare';
import type { ComparedRun } from '../../../store/run-compare';
import { fmtNum } from '../../shared/format';
import { RowsTable } from '../rows-table';

type Kind = 'rightToWrong' | 'wrongToRight' | 'bothWrong';
const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'rightToWrong', label: 'right → wrong' },
  { kind: 'wrongToRight', label: 'wrong → right' },
  { kind: 'bothWrong', label: 'changed, both wrong' },
];
const SHOWN = 100;

/** Why two runs cannot be compared row by row, or undefined when they can. */
export function rowDiffRefusal(a: ComparedRun, b: ComparedRun): string | undefined {
  const gone = [a, b].filter((r) => !r.test).map((r) => `#${r.number}`);
  if (gone.length) return `The test predictions of run ${gone.join(' and ')} are no longer kept (only the latest five runs keep them), so the rows cannot be compared. Settings and metrics above still are.`;
  const k = a.metrics?.kind === 'classification' ? a.metrics.classNames.length : 1;
  // A damaged saved record (predictions of another length) is refused here rather than thrown at render.
  if ([a, b].some((r) => r.test!.predictions.length !== r.test!.y.length * k)) return `The saved test predictions of run ${a.label} or ${b.label} do not match their test rows, so the rows cannot be compared.`;
  if (!sameTestRows(a.test!, b.test!)) {
    return `Runs ${a.label} and ${b.label} were not tested on the same rows: ${a.inputsKey === b.inputsKey ? 'their test splits differ' : 'the data, its cleaning or the encode and split settings changed between them'}. Their predictions cannot be compared row by row; settings and metrics above still can (but they measure different test rows).`;
  }
  return undefined;
}

/** Which test rows changed prediction between runs A and B, with the rows' values. */
export function RowFlips({ a, b, classNames, readable }: { a: ComparedRun; b: ComparedRun; classNames?: string[]; readable: boolean }) {
  const [kind, setKind] = useState<Kind>('rightToWrong');
  // O(test rows) each (about 40–70 ms for 150,000 rows): once per pair of runs, not per click.
  const refusal = useMemo(() => rowDiffRefusal(a, b), [a, b]);
  const K = classNames?.length ?? 0;
  const flips = useMemo(() => (refusal || !K ? undefined : predictionFlips(a.test!.y, a.test!.predictions, b.test!.predictions, K)), [refusal, K, a, b]);
  if (refusal) return <p className="note" role="note">{refusal}</p>;
  const ta = a.test!;
  const tb = b.test!;
  const note = a.inputsKey !== b.inputsKey ? <p className="small muted">The encode settings differ between these runs, but their test rows are the same rows with the same targets.</p> : null;
  const values = (rows: number[], labels: string[], label: string) =>
    readable ? (
      <RowsTable rows={rows} extra={{ label, values: labels }} />
    ) : (
      <>
        <p className="note">The cleaned data changed since these runs, so the rows' values cannot be shown; their row numbers and predictions:</p>
        <ul className="small">{rows.map((r, i) => <li key={r}>row {r + 1}: {labels[i]}</li>)}</ul>
      </>
    );
  if (!classNames) {
    const top = errorChanges(ta.y, ta.predictions, tb.predictions, 20);
    return (
      <section aria-label="Changed predictions">
        {note}
        <p>The {top.length} test rows whose error changed most from run {a.label} to run {b.label} (negative: {b.label} is closer).</p>
        {values(
          top.map((c) => ta.rows[c.index]!),
          top.map((c) => `actual ${fmtNum(c.truth, 4)}: ${a.label} ${fmtNum(c.predA, 4)} → ${b.label} ${fmtNum(c.predB, 4)} (error ${c.change > 0 ? '+' : ''}${fmtNum(c.change, 3)})`),
          'change',
        )}
      </section>
    );
  }
  if (!flips) return null;
  const total = flips.rightToWrong.length + flips.wrongToRight.length + flips.bothWrong.length;
  const list: Flip[] = flips[kind];
  const name = (k: number) => classNames[k] ?? String(k);
  return (
    <section aria-label="Changed predictions">
      {note}
      <p data-testid="flip-total">
        {total} of {flips.n} test rows changed prediction from run {a.label} to run {b.label}.
      </p>
      <div className="flip-counts" role="group" aria-label="Kind of change">
        {KINDS.map((k) => (
          <button key={k.kind} type="button" className={kind === k.kind ? undefined : 'secondary'} aria-pressed={kind === k.kind} data-testid={`flips-${k.kind}`} onClick={() => setKind(k.kind)}>
            {k.label}: {flips[k.kind].length}
          </button>
        ))}
      </div>
      {list.length === 0 ? (
        <p className="muted">No rows.</p>
      ) : (
        <>
          {list.length > SHOWN && <p className="small muted">The first {SHOWN} of {list.length}.</p>}
          {values(
            list.slice(0, SHOWN).map((f) => ta.rows[f.index]!),
            list.slice(0, SHOWN).map((f) => `true ${name(f.truth)}: ${a.label} ${name(f.predA)} → ${b.label} ${name(f.predB)}`),
            `true: ${a.label} → ${b.label}`,
          )}
        </>
      )}
    </section>
  );
}
