import type { ReactNode } from 'react';

/**
 * One label and its value in a list of facts (`<dl className="facts">`): the pair in one `<div>`,
 * which the grid places as one cell. Bare `<dt>`/`<dd>` were cells of their own, and on a wide
 * screen a value landed under the next label.
 */
export function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
