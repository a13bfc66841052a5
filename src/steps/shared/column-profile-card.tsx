import { COLUMN_TYPES, type ColumnType } from '../../core/data/schema';
import type { ColumnProfile } from '../../core/data/profile';
import { CountChart } from '../../ui/lazy-charts';
import { fmtInt, fmtNum, pct } from './format';
import { TextProfileView, type TextProfileSource } from './text-profile-view';

interface Props {
  profile: ColumnProfile;
  inferred: ColumnType;
  onTypeChange?: (type: ColumnType | undefined) => void;
  isTarget?: boolean;
  /** Where a text column's text profile comes from (the upload step); without it text columns show top values. */
  textProfile?: TextProfileSource;
}

const TYPE_HELP: Record<ColumnType, string> = {
  numeric: 'numbers you can do arithmetic on',
  categorical: 'a fixed set of labels',
  boolean: 'yes/no values',
  date: 'dates or times',
  text: 'free text',
  identifier: 'a unique id per row (not useful for learning)',
};

/** One column's profile: type (overridable), missing, distinct, statistics and a chart. */
export function ColumnProfileCard({ profile: p, inferred, onTypeChange, isTarget, textProfile }: Props) {
  const asText = p.type === 'text' && textProfile !== undefined;
  const bars = p.histogram
    ? p.histogram.map((b) => ({ label: fmtNum(b.x0, 3), count: b.count }))
    : (p.top?.values ?? []).slice(0, 8).map((v) => ({ label: v.value, count: v.count }));
  if (!p.histogram && p.top && p.top.other > 0 && bars.length >= 8) bars.push({ label: '(other)', count: p.top.other });
  return (
    <article className={['col-card', isTarget && 'col-target', asText && 'col-text'].filter(Boolean).join(' ')} aria-label={`Column ${p.name}`}>
      <header>
        <h4 title={p.name}>{p.name}</h4>
        {isTarget && <span className="badge">target</span>}
      </header>
      <label className="type-select">
        Type{' '}
        <select
          value={p.type}
          disabled={!onTypeChange}
          onChange={(e) => onTypeChange?.(e.target.value === inferred ? undefined : (e.target.value as ColumnType))}
          aria-label={`Type of ${p.name}`}
        >
          {COLUMN_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
              {t === inferred ? ' (detected)' : ''}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{TYPE_HELP[p.type]}</p>
      <dl className="stats">
        <dt>Missing</dt>
        <dd className={p.missing > 0 ? 'warn' : undefined}>
          {fmtInt(p.missing)} ({pct(p.missing, p.rows)})
        </dd>
        <dt>Distinct</dt>
        <dd>{fmtInt(p.distinct)}</dd>
        {p.numeric && (
          <>
            <dt>Min / max</dt>
            <dd>
              {fmtNum(p.numeric.min)} / {fmtNum(p.numeric.max)}
            </dd>
            <dt>Mean ± std</dt>
            <dd>
              {fmtNum(p.numeric.mean)} ± {fmtNum(p.numeric.std)}
            </dd>
            <dt>Quartiles</dt>
            <dd>
              {fmtNum(p.numeric.q1)} · {fmtNum(p.numeric.median)} · {fmtNum(p.numeric.q3)}
            </dd>
          </>
        )}
      </dl>
      {asText && <TextProfileView column={p.name} source={textProfile} />}
      {!asText && bars.length > 0 && <CountChart bars={bars} title={p.histogram ? `Histogram of ${p.name}` : `Most frequent values of ${p.name}`} horizontal={!p.histogram} height={p.histogram ? 110 : Math.max(60, bars.length * 18)} />}
    </article>
  );
}
