import type { ReactNode } from 'react';

interface Props {
  title: string;
  where?: string;
  hint?: string;
  children?: ReactNode;
  onDismiss?: () => void;
}

/** A problem explained to a student: what went wrong, where, and how to fix it. */
export function ProblemBanner({ title, where, hint, children, onDismiss }: Props) {
  return (
    <div className="problem" role="alert">
      <div className="problem-text">
        <strong>{title}</strong>
        {where && <div className="problem-where">{where}</div>}
        {hint && <div className="problem-hint">{hint}</div>}
        {children}
      </div>
      {onDismiss && (
        <button type="button" className="ghost" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}
