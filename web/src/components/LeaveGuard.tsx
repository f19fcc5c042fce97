import { type ReactNode, useCallback, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type BlockerFunction, useBlocker } from 'react-router';
import { useModal } from './modal';

/**
 * Asks before the page is left while `when` holds (something typed and not sent, a receipt not
 * yet kept): a link in the app shows `message` with "Stay" (focused) and "Leave the page";
 * closing or reloading the tab, the browser's own question. `release()` lets the page's own next
 * navigation through (after a successful submit, before the state says so). Render `prompt`
 * anywhere in the page (a modal dialog, made when asked).
 */
export function useLeaveGuard(when: boolean, message: string): { prompt: ReactNode; release: () => void } {
  const guarding = useRef(when);
  guarding.current = when;
  const released = useRef(false);
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) =>
      guarding.current && !released.current && currentLocation.pathname !== nextLocation.pathname,
    [],
  );
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
  const prompt =
    blocker.state === 'blocked' ? (
      <LeaveQuestion message={message} onStay={() => blocker.reset()} onLeave={() => blocker.proceed()} />
    ) : null;
  return { prompt, release: () => (released.current = true) };
}

/**
 * The question, modal and in view wherever the page was scrolled (Back pressed at a receipt's
 * foot): nothing else on the page is reached until it is answered. Made only while asked; Stay
 * gives the focus back to the link that was followed, the page left where it was read.
 */
function LeaveQuestion({
  message,
  onStay,
  onLeave,
}: {
  message: string;
  onStay: () => void;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  useModal(dialog, stay, true);
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-labelledby={id}
      className="confirm"
      // Escape answers Stay, as a dialog's Escape cancels.
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <p id={id}>{message}</p>
      <div className="row">
        <button ref={stay} type="button" className="button-primary" onClick={onStay}>
          {t('leave.stay')}
        </button>
        <button type="button" className="button-quiet" onClick={onLeave}>
          {t('leave.go')}
        </button>
      </div>
    </dialog>
  );
}
