import { useEffect, useRef, type ReactNode } from 'react';

/** Set when the route changes; the next page heading to appear takes the focus (once its page has loaded). */
let pending = false;

export function focusNextHeading(): void {
  pending = true;
}

/**
 * A page's h1. After a route change it takes the focus, so a keyboard or
 * screen-reader user lands at the top of the new page instead of on a link
 * that is gone; tabIndex -1 makes it focusable without adding a tab stop.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!pending) return;
    pending = false;
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
