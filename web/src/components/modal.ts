import { type RefObject, useEffect } from 'react';

/**
 * Shows `dialog` as a modal while `open`, its focus on `initial` (the safe choice), and closes it
 * when `open` turns false.
 */
export function useModal(
  dialog: RefObject<HTMLDialogElement | null>,
  initial: RefObject<HTMLElement | null>,
  open: boolean,
): void {
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      initial.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [dialog, initial, open]);
}
