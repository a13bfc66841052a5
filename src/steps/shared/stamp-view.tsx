import { stampLines, type ReproStamp } from '../../core/bundle/stamp';

/** The reproducibility stamp as a definition list (text only). */
export function StampView({ stamp, label }: { stamp: ReproStamp; label: string }) {
  return (
    <dl className="stamp" aria-label={label}>
      {stampLines(stamp).map((l) => (
        <div key={l.label}>
          <dt>{l.label}</dt>
          <dd>
            <code>{l.value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}
