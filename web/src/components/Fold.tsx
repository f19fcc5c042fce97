import type { ReactNode } from 'react';

/**
 * A form kept folded under its title until it is wanted: an admin's page holds several (a new
 * election, a new term, an import), and open together they made it screens long on a phone. The
 * title is the summary's heading, so the page's outline still names it. `open` opens it at first
 * (a user sent to the form); the user folds and unfolds it after that.
 */
export function Fold({
  title,
  open = false,
  children,
}: {
  title: string;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="fold" open={open || undefined}>
      <summary>
        <h3>{title}</h3>
      </summary>
      {children}
    </details>
  );
}
