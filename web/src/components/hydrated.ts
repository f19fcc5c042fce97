import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server's render of a page (web/src/entry-server.tsx) and while the app hydrates it,
 * true once the app runs the page: a control that needs the app (a button with no form behind it)
 * is disabled until then, rather than there and doing nothing.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
