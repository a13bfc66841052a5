import { useEffect, useRef } from 'react';

/**
 * After the user moves to another step (or view), focus goes to its heading, so keyboard and
 * screen-reader users land at the top of what they opened instead of on a button that may be gone
 * (focus would fall back to the page body). Not on the first render: a page load keeps focus where
 * the browser puts it. The heading gets tabindex=-1: focusable by script, not a Tab stop.
 */
export function useFocusHeadingOnChange(key: string, selector = 'main h2'): void {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const changed = previous.current !== null && previous.current !== key;
    previous.current = key;
    if (!changed) return;
    // A lazy view's heading appears once its code has loaded: look again for a few seconds.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const focus = () => {
      const heading = document.querySelector<HTMLElement>(selector);
      if (!heading) {
        if (++tries < 50) timer = setTimeout(focus, 100);
        return;
      }
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    };
    focus();
    return () => clearTimeout(timer);
  }, [key, selector]);
}
