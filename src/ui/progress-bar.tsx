interface Props {
  label: string;
  done: number;
  total: number;
  /** How to print done/total, e.g. as megabytes. */
  format?: (done: number, total: number) => string;
}

/** A real progress bar: its value is the work done, announced to screen readers. */
export function ProgressBar({ label, done, total, format }: Props) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress" role="status">
      <div className="progress-label">
        <span>{label}</span>
        <span>{format ? format(done, total) : `${pct}%`}</span>
      </div>
      <progress max={100} value={pct} aria-label={label} />
    </div>
  );
}
