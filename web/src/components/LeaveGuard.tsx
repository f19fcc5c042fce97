import { type ReactNode, useCallback, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type BlockerFunction, useBlocker } from 'react-router';

/**
 * Asks before the page is left while `when` holds (something typed and not sent, a receipt not
 * yet kept): a link in the app shows `message` with "Stay" (focused) and "Leave the page";
 * closing or reloading the tab, the browser's own question. `release()` lets the page's own next
 * navigation through (after a successful submit, before the state says so). Render `prompt`
 * where the page's top is.
 */
export function useLeaveGuard(when: boolean, message: string): { prompt: ReactNode; release: () => void } {
  const { t } = useTranslation();
  const id = useId();
  const guarding = useRef(when);
  guarding.current = when;
  const released = useRef(false);
  // What had the focus when the page was to be left (the link followed): Stay gives it back.
  const leftFrom = useRef<Element | null>(null);
  const shouldBlock = useCallback<BlockerFunction>(({ currentLocation, nextLocation }) => {
    const block = guarding.current && !released.current && currentLocation.pathname !== nextLocation.pathname;
    if (block) leftFrom.current = document.activeElement;
    return block;
  }, []);
  const blocker = useBlocker(shouldBlock);
  useEffect(() => {
    if (!when) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers and WebViews ask only when this is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [when]);
  // Shown where the page's top is, which may be off the screen (Back pressed at a receipt): brought
  // into view once, when it appears.
  const intoView = useCallback((el: HTMLDivElement | null) => el?.scrollIntoView?.({ block: 'nearest' }), []);
  const stay = () => {
    blocker.reset?.();
    const back = leftFrom.current;
    // Not scrolled to it: the page stays where it was read (a receipt below a menu link at the top).
    if (back instanceof HTMLElement && back.isConnected) back.focus({ preventScroll: true });
  };
  const prompt =
    blocker.state === 'blocked' ? (
      // Escape answers Stay, as a dialog's Escape cancels.
      <div
        role="alertdialog"
        aria-labelledby={id}
        ref={intoView}
        className="alert alert-error"
        onKeyDown={(e) => {
          if (e.key === 'Escape') stay();
        }}
      >
        <p id={id}>{message}</p>
        <div className="row">
          <button type="button" onClick={stay} autoFocus>
            {t('leave.stay')}
          </button>
          <button type="button" className="button-quiet" onClick={() => blocker.proceed()}>
            {t('leave.go')}
          </button>
        </div>
      </div>
    ) : null;
  return { prompt, release: () => (released.current = true) };
}
