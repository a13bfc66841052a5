import { useState } from 'react';
import type { Leaf, SettingRow } from '../../../core/metrics/compare';

const show = (v: Leaf | undefined) => (v === undefined ? 'not set' : String(v));

/** The runs' settings as a diff: changed ones first and highlighted, the unchanged behind a toggle. */
export function SettingsDiff({ labels, rows }: { labels: string[]; rows: SettingRow[] }) {
  const [showSame, setShowSame] = useState(false);
  const changed = rows.filter((r) => r.changed);
  const same = rows.filter((r) => !r.changed);
  const line = (r: SettingRow) => (
    <tr key={r.path} className={r.changed ? 'changed' : undefined} data-testid={`setting-${r.path}`}>
      <th scope="row">{r.path}</th>
      {r.values.map((v, i) => (
        <td key={i} className={v === undefined ? 'missing' : undefined}>
          {show(v)}
        </td>
      ))}
    </tr>
  );
  return (
    <section aria-label="Settings diff">
      <h4>Settings</h4>
      <p className="small muted">{changed.length === 0 ? 'The runs have the same settings.' : `${changed.length} setting${changed.length === 1 ? '' : 's'} changed (highlighted), ${same.length} the same.`}</p>
      <table className="runs diff">
        <thead>
          <tr>
            <th>Setting</th>
            {labels.map((l) => (
              <th key={l}>Run {l}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {changed.map(line)}
          {showSame && same.map(line)}
        </tbody>
      </table>
      {same.length > 0 && (
        <button type="button" className="link" aria-expanded={showSame} onClick={() => setShowSame((v) => !v)}>
          {showSame ? 'Hide' : 'Show'} the {same.length} unchanged settings
        </button>
      )}
    </section>
  );
}
