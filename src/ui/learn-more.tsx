import type { ReactNode } from 'react';

/** A "learn more" expander: native <details>, so it works with keyboard and screen readers. */
export function LearnMore({ children, summary = 'Learn more' }: { children: ReactNode; summary?: string }) {
  return (
    <details className="learn-more">
      <summary>{summary}</summary>
      <div className="learn-more-body">{children}</div>
    </details>
  );
}
