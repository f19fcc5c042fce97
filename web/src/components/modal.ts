import { type RefObject, useEffect, useRef } from 'react';
import { focusLost } from './focusLost';

/**
 * Shows `dialog` as a modal while `open`, its focus on `initial` (the safe choice), and closes it
 * when `open` turns false. The focus then goes back to what opened it, also when the dialog is
 * taken off the page while open (a dialog made only while asked): else it fell to the page's body
 * and a keyboard or screen reader user lost their place.
 */
export function useModal(
  dialog: RefObject<HTMLDialogElement | null>,
  initial: RefObject<HTMLElement | null>,
  open: boolean,
): void {
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
      initial.current?.focus();
    }
    if (!open && d.open) {
      d.close();
      returnFocus(opener);
    }
  }, [dialog, initial, open]);
  useEffect(() => () => returnFocus(opener), []);
}

/**
 * Focus back on the opener unless something else on the page has it already; then forgotten. Not
 * scrolled to it: the page stays where it was read (the opener may be a menu link at the top).
 */
function returnFocus(opener: { current: HTMLElement | null }): void {
  if (opener.current?.isConnected && focusLost()) opener.current.focus({ preventScroll: true });
  opener.current = null;
}
