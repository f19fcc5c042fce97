import { focusLost } from './focusLost';

/**
 * A form's button is disabled while its request runs (a second tap must not send it twice), and a
 * focused control that is disabled loses the focus to the page's body: a keyboard or screen reader
 * user lost their place after every save or refusal. When such a button is enabled again and
 * nothing else took the focus meanwhile (an outcome said, a new page), it gets the focus back.
 * Returns the function that stops watching.
 */
export function keepFocusThroughBusyButtons(doc: Document): () => void {
  let focused: Element | null = null;
  let busy: HTMLElement | null = null;
  const onFocus = (e: FocusEvent) => {
    focused = e.target instanceof Element ? e.target : null;
  };
  doc.addEventListener('focusin', onFocus);
  const observer = new MutationObserver((records) => {
    for (const { target } of records) {
      if (!(target instanceof HTMLButtonElement)) continue;
      if (target.disabled) {
        if (target === focused) busy = target;
      } else if (target === busy) {
        busy = null;
        if (focusLost(doc) && target.isConnected) target.focus();
      }
    }
  });
  observer.observe(doc.body, { attributes: true, attributeFilter: ['disabled'], subtree: true });
  return () => {
    observer.disconnect();
    doc.removeEventListener('focusin', onFocus);
  };
}
