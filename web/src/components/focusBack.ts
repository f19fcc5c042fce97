import { type RefObject, useEffect, useRef } from 'react';
import { focusLost } from './focusLost';

/**
 * A question or form shown in place of the button that opened it: when it goes (`shown` turns
 * false) and took the focus with it, the focus goes to `target` (that button, shown again), not to
 * the page's body, where a keyboard or screen reader user lost their place. A closing that put the
 * focus somewhere itself (an outcome said) is left alone.
 */
export function useFocusBack(shown: boolean, target: RefObject<HTMLElement | null>): void {
  const was = useRef(shown);
  useEffect(() => {
    if (was.current && !shown && focusLost()) target.current?.focus();
    was.current = shown;
  }, [shown, target]);
}
