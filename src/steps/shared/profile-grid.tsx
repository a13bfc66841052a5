import { useState } from 'react';
import type { DatasetProfile } from '../../core/data/profile';
import type { ColumnSchema, ColumnType } from '../../core/data/schema';
import { ColumnProfileCard } from './column-profile-card';
import { fmtBytes, fmtInt } from './format';
import type { TextProfileSource } from './text-profile-view';

interface Props {
  profile: DatasetProfile;
  schema: ColumnSchema[];
  target?: string;
  onTypeChange?: (column: string, type: ColumnType | undefined) => void;
  /** Text columns show their text profile from here (see text-profile-view.tsx). */
  textProfiles?: TextProfileSource;
}

const PAGE = 24;

/** Dataset-level figures and one card per column (paged: very wide files have thousands). */
export function ProfileGrid({ profile, schema, target, onTypeChange, textProfiles }: Props) {
  const [shown, setShown] = useState(PAGE);
  const inferred = new Map(schema.map((c) => [c.name, c.inferred]));
  const cards = profile.columnProfiles.slice(0, shown);
  return (
    <section aria-label="Profile">
      <dl className="dataset-stats">
        <div>
          <dt>Rows</dt>
          <dd>{fmtInt(profile.rows)}</dd>
        </div>
        <div>
          <dt>Columns</dt>
          <dd>{fmtInt(profile.columns)}</dd>
        </div>
        <div>
          <dt>Duplicate rows</dt>
          <dd>{fmtInt(profile.duplicateRows)}</dd>
        </div>
        <div>
          <dt>Memory used</dt>
          <dd>{fmtBytes(profile.memoryBytes)}</dd>
        </div>
      </dl>
      <div className="col-grid">
        {cards.map((p) => (
          <ColumnProfileCard
            key={p.name}
            profile={p}
            inferred={inferred.get(p.name) ?? p.type}
            isTarget={p.name === target}
            onTypeChange={onTypeChange ? (t) => onTypeChange(p.name, t) : undefined}
            {...(textProfiles ? { textProfile: textProfiles } : {})}
          />
        ))}
      </div>
      {(shown < profile.columnProfiles.length || profile.columnProfiles.length < profile.columns) && (
        <p className="muted">
          Showing {fmtInt(cards.length)} of {fmtInt(profile.columns)} columns.{' '}
          {shown < profile.columnProfiles.length && (
            <button type="button" className="link" onClick={() => setShown((n) => n + PAGE * 2)}>
              Show more columns
            </button>
          )}
          {profile.columnProfiles.length < profile.columns && ` Profiles cover the first ${fmtInt(profile.columnProfiles.length)} columns; the preview shows all of them.`}
        </p>
      )}
    </section>
  );
}
