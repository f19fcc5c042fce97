import { createContext, useContext, useEffect, useRef } from 'react';

/**
 * One page, several forms (attendance, minutes, errata...): a refusal shown by one form must not
 * outlive a later successful save in another, or the page says "refused" about work that went
 * through. Each form reports its successes here and clears its own refusal on anyone's success.
 */
export const SaveSignal = createContext<{ version: number; succeeded: () => void }>({
  version: 0,
  succeeded: () => undefined,
});

/** What a form calls when its save went through. */
export function useSaveSucceeded(): () => void {
  return useContext(SaveSignal).succeeded;
}

/** Clears `mutation`'s error when any form of the page saves successfully. */
export function useClearOnSuccess(mutation: { isError: boolean; reset: () => void }): void {
  const { version } = useContext(SaveSignal);
  const ref = useRef(mutation);
  ref.current = mutation;
  useEffect(() => {
    if (version > 0 && ref.current.isError) ref.current.reset();
  }, [version]);
}
