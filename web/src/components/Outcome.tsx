import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';

/** What an action just did: its message, counted so that the same message said again is news again. */
export interface Said<K extends string> {
  key: K;
  n: number;
}

/** The last outcome of a page's actions, how to say a new one, and how to take it away. */
export function useOutcome<K extends string>(): [Said<K> | null, (key: K) => void, () => void] {
  const [said, setSaid] = useState<Said<K> | null>(null);
  const say = useCallback((key: K) => setSaid((s) => ({ key, n: (s?.n ?? 0) + 1 })), []);
  const clear = useCallback(() => setSaid((s) => (s ? null : s)), []);
  return [said, say, clear];
}

/**
 * An action's result, shown where its button was (the button's panel often goes with the action).
 * Focus moves to it, so a screen reader reads it at once and the keyboard goes on from there
 * instead of from the top of the page.
 */
export function Outcome({ said, children }: { said: Said<string> | null; children: ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  const n = said?.n ?? 0;
  useEffect(() => {
    if (n > 0) ref.current?.focus();
  }, [n]);
  if (!said) return null;
  return (
    <p ref={ref} tabIndex={-1} role="status" className="alert alert-good outcome">
      {children}
    </p>
  );
}
